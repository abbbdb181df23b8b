import { BrowserWindow, screen, type Rectangle } from 'electron';
import { pathToFileURL } from 'node:url';
import { popupPosition } from './popup-position';

// The popup: a frameless window next to the tray icon, hidden until asked for, gone again when
// it loses focus or Esc is pressed. It shows our bundled renderer and nothing else.

export const POPUP_SIZE = { width: 380, height: 560 };
/** Windows sends a blur right after show() when the taskbar had focus; ignore it. */
export const SPURIOUS_BLUR_MS = 200;

export interface PopupOptions {
  preloadPath: string;
  /** out/renderer/index.html, loaded with loadFile. */
  rendererFile: string;
  /** The Vite dev server (ELECTRON_RENDERER_URL) during `npm run dev`. */
  devServerUrl?: string | undefined;
  platform: NodeJS.Platform;
  /** DevTools can be opened: development only, never in the packaged app. */
  devTools: boolean;
  now?: () => number;
}

export class PopupWindow {
  private win: BrowserWindow | undefined;
  private loading: Promise<void> | undefined;
  private shownAt = Number.NEGATIVE_INFINITY;
  private blurredAt = Number.NEGATIVE_INFINITY;
  private closing = false;
  private readonly now: () => number;

  private anchor: () => Rectangle | undefined = () => undefined;

  constructor(private readonly options: PopupOptions) {
    this.now = options.now ?? Date.now;
  }

  /** The window as it is now (undefined before the first create() and after it was destroyed). */
  get window(): BrowserWindow | undefined {
    return this.win && !this.win.isDestroyed() ? this.win : undefined;
  }

  /** The URL our renderer has (what the IPC sender guard expects). */
  get rendererUrl(): string {
    return this.options.devServerUrl ?? pathToFileURL(this.options.rendererFile).href;
  }

  /**
   * Creates the window and loads the renderer, unless it exists. Also after the window was
   * destroyed (a crash, a close the OS forced): a notification or a tray click still opens it.
   */
  load(): Promise<void> {
    if (this.window && this.loading) return this.loading;
    const win = this.create();
    this.loading = this.options.devServerUrl ? win.loadURL(this.options.devServerUrl) : win.loadFile(this.options.rendererFile);
    return this.loading;
  }

  isVisible(): boolean {
    return this.window?.isVisible() ?? false;
  }

  /** Where `show()` puts the popup: next to the tray icon, once there is one. */
  anchorTo(trayBounds: () => Rectangle | undefined): void {
    this.anchor = trayBounds;
  }

  /** Shows the popup at its anchor (near the pointer until it has one). */
  show(): void {
    this.showAt(this.anchor());
  }

  /** Shows the popup next to the tray icon (or near the pointer when the icon's place is unknown). */
  showAt(trayBounds: Rectangle | undefined): void {
    if (this.closing) return;
    if (!this.window) void this.load().catch(() => undefined);
    const win = this.window!;
    const cursor = screen.getCursorScreenPoint();
    // The display the icon is on (several screens), else the one under the pointer.
    const display = usable(trayBounds) ? screen.getDisplayMatching(trayBounds!) : screen.getDisplayNearestPoint(cursor);
    const { x, y } = popupPosition({
      trayBounds,
      windowSize: POPUP_SIZE,
      workArea: display.workArea,
      displayBounds: display.bounds,
      platform: this.options.platform,
      cursor,
    });
    win.setPosition(x, y, false);
    this.shownAt = this.now();
    win.show();
    win.focus();
  }

  toggle(trayBounds: Rectangle | undefined): void {
    if (this.isVisible()) this.hide();
    // Clicking the icon of an open popup blurs it first: that click meant "close", not "reopen".
    else if (this.now() - this.blurredAt < SPURIOUS_BLUR_MS) return;
    else this.showAt(trayBounds);
  }

  hide(): void {
    if (this.isVisible()) this.window!.hide();
  }

  send(channel: string, payload: unknown): void {
    const win = this.window;
    if (!win || win.webContents.isDestroyed()) return;
    win.webContents.send(channel, payload);
  }

  /** On quit: the window may close now (until then a close only hides it). */
  destroy(): void {
    this.closing = true;
    this.window?.destroy();
    this.win = undefined;
  }

  private create(): BrowserWindow {
    // The options are spelled out here (not built elsewhere) so Electronegativity can check them.
    const win = new BrowserWindow({
      ...POPUP_SIZE,
      show: false,
      frame: false,
      resizable: false,
      movable: false,
      minimizable: false,
      maximizable: false,
      fullscreenable: false,
      skipTaskbar: true,
      alwaysOnTop: true,
      webPreferences: {
        preload: this.options.preloadPath, // eng-disable PRELOAD_JS_CHECK -- our own bundle; it exposes only the contract's domain API, never ipcRenderer
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        nodeIntegrationInSubFrames: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        experimentalFeatures: false,
        webviewTag: false,
        navigateOnDragDrop: false,
        spellcheck: false,
        safeDialogs: true,
        // A middle click must not open a link in a new window.
        disableBlinkFeatures: 'Auxclick',
        devTools: this.options.devTools,
      },
    });
    this.win = win;
    // Already a UI-element app (LSUIElement): without skipTransformProcessType macOS would turn
    // it into a foreground app for a moment, flashing a Dock icon.
    if (this.options.platform === 'darwin') win.setVisibleOnAllWorkspaces(true, { visibleOnFullScreen: true, skipTransformProcessType: true });
    win.on('blur', () => {
      if (this.now() - this.shownAt < SPURIOUS_BLUR_MS) return;
      if (this.isVisible()) this.blurredAt = this.now();
      this.hide();
    });
    // Alt+F4 or Cmd+W on the popup hides it; the app lives on in the tray with its window.
    win.on('close', (event) => {
      if (this.closing) return;
      event.preventDefault();
      this.hide();
    });
    win.webContents.on('before-input-event', (event, input) => {
      if (input.type === 'keyDown' && input.key === 'Escape') {
        event.preventDefault();
        this.hide();
      }
    });
    return win;
  }
}

function usable(bounds: Rectangle | undefined): boolean {
  return !!bounds && bounds.width > 0 && bounds.height > 0;
}
