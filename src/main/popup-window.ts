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
  now?: () => number;
}

export class PopupWindow {
  readonly window: BrowserWindow;
  private shownAt = Number.NEGATIVE_INFINITY;
  private blurredAt = Number.NEGATIVE_INFINITY;
  private readonly now: () => number;

  constructor(private readonly options: PopupOptions) {
    this.now = options.now ?? Date.now;
    // The options are spelled out here (not built elsewhere) so Electronegativity can check them.
    this.window = new BrowserWindow({
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
        preload: options.preloadPath, // eng-disable PRELOAD_JS_CHECK -- our own bundle; it exposes only the contract's domain API, never ipcRenderer
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
      },
    });
    if (options.platform === 'darwin') this.window.setVisibleOnAllWorkspaces(true, { visibleOnFullScreen: true });
    this.window.on('blur', () => {
      if (this.now() - this.shownAt < SPURIOUS_BLUR_MS) return;
      if (this.isVisible()) this.blurredAt = this.now();
      this.hide();
    });
    this.window.webContents.on('before-input-event', (event, input) => {
      if (input.type === 'keyDown' && input.key === 'Escape') {
        event.preventDefault();
        this.hide();
      }
    });
  }

  /** The URL our renderer has (what the IPC sender guard expects). */
  get rendererUrl(): string {
    return this.options.devServerUrl ?? pathToFileURL(this.options.rendererFile).href;
  }

  load(): Promise<void> {
    return this.options.devServerUrl ? this.window.loadURL(this.options.devServerUrl) : this.window.loadFile(this.options.rendererFile);
  }

  isVisible(): boolean {
    return !this.window.isDestroyed() && this.window.isVisible();
  }

  /** Shows the popup next to the tray icon (or near the pointer when the icon's place is unknown). */
  showAt(trayBounds: Rectangle | undefined): void {
    if (this.window.isDestroyed()) return;
    const cursor = screen.getCursorScreenPoint();
    const anchor = trayBounds && trayBounds.width > 0 ? { x: trayBounds.x, y: trayBounds.y } : cursor;
    const display = screen.getDisplayNearestPoint(anchor);
    const { x, y } = popupPosition({
      trayBounds,
      windowSize: POPUP_SIZE,
      workArea: display.workArea,
      displayBounds: display.bounds,
      platform: this.options.platform,
      cursor,
    });
    this.window.setPosition(x, y, false);
    this.shownAt = this.now();
    this.window.show();
    this.window.focus();
  }

  toggle(trayBounds: Rectangle | undefined): void {
    if (this.isVisible()) this.hide();
    // Clicking the icon of an open popup blurs it first: that click meant "close", not "reopen".
    else if (this.now() - this.blurredAt < SPURIOUS_BLUR_MS) return;
    else this.showAt(trayBounds);
  }

  hide(): void {
    if (!this.window.isDestroyed() && this.window.isVisible()) this.window.hide();
  }

  send(channel: string, payload: unknown): void {
    if (this.window.isDestroyed() || this.window.webContents.isDestroyed()) return;
    this.window.webContents.send(channel, payload);
  }
}

