import { Menu, Tray, nativeImage, type MenuItemConstructorOptions, type Rectangle } from 'electron';
import type { Clock, TimerHandle } from '../core/clock';
import type { Logger } from '../core/log';
import type { Translate } from './i18n';
import { trayIconPath } from './tray-icon';
import { buildTrayMenuTemplate, msUntilTrayChanges, trayIconState, trayTooltip, type TrayAction, type TrayMenuItem, type TrayState } from './tray-menu';

// The tray icon: its picture and tooltip follow the state, its menu is rebuilt when the state
// changes (at most every DEBOUNCE_MS) and as time passes — on a timer set for the next moment a
// countdown or the "expiring" picture changes, and afresh when the menu is opened. A click opens
// the popup on macOS and Windows; on Linux a click can only open the menu, so the menu is the
// way in there.

export interface TrayControllerOptions {
  assetsDir: string;
  platform: NodeJS.Platform;
  clock: Clock;
  logger: Logger;
  collect(): Promise<TrayState>;
  translate(): Translate;
  onAction(action: TrayAction): void;
  onClick(bounds: Rectangle | undefined): void;
}

const DEBOUNCE_MS = 250;

export class TrayController {
  readonly tray: Tray;
  private menu: Menu | undefined;
  private debounce: TimerHandle | undefined;
  private tick: TimerHandle | undefined;
  private iconState: string | undefined;
  private state: TrayState | undefined;
  /** Rebuilds overlap (an event during the timer's); only the latest one started is shown. */
  private generation = 0;
  private destroyed = false;

  constructor(private readonly options: TrayControllerOptions) {
    this.tray = new Tray(this.image('signed-out'));
    this.tray.setToolTip('Latchkey');
    if (options.platform === 'darwin') this.tray.setIgnoreDoubleClickEvents(true);
    if (options.platform !== 'linux') {
      this.tray.on('click', (_event, bounds) => options.onClick(bounds ?? this.tray.getBounds()));
      this.tray.on('right-click', () => {
        // The countdowns as of now, not as of the last rebuild.
        if (this.state) this.show({ ...this.state, now: this.options.clock.now() });
        if (this.menu) this.tray.popUpContextMenu(this.menu);
      });
    }
    this.scheduleTick(60_000);
  }

  /** Asks for a rebuild; a burst of changes makes one, and a steady stream cannot hold it off. */
  refresh(): void {
    if (this.destroyed || this.debounce) return;
    this.debounce = this.options.clock.setTimeout(() => {
      this.debounce = undefined;
      void this.rebuild();
    }, DEBOUNCE_MS);
  }

  async rebuild(): Promise<void> {
    if (this.destroyed) return;
    const generation = ++this.generation;
    let state: TrayState;
    try {
      state = await this.options.collect();
    } catch (err) {
      this.options.logger.warn('could not read the state for the tray', { error: (err as Error)?.message });
      if (generation === this.generation) this.scheduleTick(60_000);
      return;
    }
    if (this.destroyed || generation !== this.generation) return;
    this.state = state;
    this.show(state);
    this.scheduleTick(msUntilTrayChanges(state));
  }

  destroy(): void {
    this.destroyed = true;
    this.debounce?.cancel();
    this.tick?.cancel();
    if (!this.tray.isDestroyed()) this.tray.destroy();
  }

  private show(state: TrayState): void {
    const t = this.options.translate();
    const icon = trayIconState(state);
    if (icon !== this.iconState) {
      this.iconState = icon;
      this.tray.setImage(this.image(icon));
    }
    this.tray.setToolTip(trayTooltip(state, t));
    this.menu = Menu.buildFromTemplate(toElectronTemplate(buildTrayMenuTemplate(state, this.options.platform, t), this.options.onAction));
    // Linux (AppIndicator) shows only a menu set here; elsewhere it pops up on right-click so a
    // left click can open the popup instead.
    if (this.options.platform === 'linux') this.tray.setContextMenu(this.menu);
  }

  /** Time moves the countdowns and the picture even when nothing else happens. */
  private scheduleTick(ms: number): void {
    this.tick?.cancel();
    if (this.destroyed) return;
    this.tick = this.options.clock.setTimeout(() => void this.rebuild(), ms);
  }

  private image(state: Parameters<typeof trayIconPath>[1]) {
    return nativeImage.createFromPath(trayIconPath(this.options.assetsDir, state, this.options.platform));
  }
}

/** Data actions → click handlers. */
export function toElectronTemplate(items: TrayMenuItem[], onAction: (action: TrayAction) => void): MenuItemConstructorOptions[] {
  return items.map(({ action, submenu, ...rest }) => ({
    ...rest,
    ...(submenu ? { submenu: toElectronTemplate(submenu, onAction) } : {}),
    ...(action ? { click: () => onAction(action) } : {}),
  }));
}
