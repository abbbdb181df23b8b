import { EventEmitter } from 'node:events';
import http from 'node:http';
import https from 'node:https';
import { createRequire } from 'node:module';
import { arrivalUrl } from '../../devkit/one-time-url';

// A stand-in for the `electron` module (its binary cannot run here), recording what the main
// process asks of it: window options, tray calls, menu templates, IPC handlers, notifications,
// URLs handed to the OS. Use with:
//   vi.mock('electron', async () => (await import('./fake-electron')).electronModule);

type Listener = (...args: any[]) => unknown; // eslint-disable-line @typescript-eslint/no-explicit-any

export class FakeSession {
  permissionRequestHandler: Listener | undefined;
  permissionCheckHandler: Listener | undefined;
  setPermissionRequestHandler(h: Listener): void {
    this.permissionRequestHandler = h;
  }
  setPermissionCheckHandler(h: Listener): void {
    this.permissionCheckHandler = h;
  }
}

export class FakeFrame {
  constructor(public url: string) {}
}

export class FakeWebContents extends EventEmitter {
  readonly session = new FakeSession();
  readonly mainFrame: FakeFrame;
  readonly sent: { channel: string; payload: unknown }[] = [];
  windowOpenHandler: Listener | undefined;
  destroyed = false;
  constructor(url = 'about:blank') {
    super();
    this.mainFrame = new FakeFrame(url);
  }
  setWindowOpenHandler(h: Listener): void {
    this.windowOpenHandler = h;
  }
  send(channel: string, payload: unknown): void {
    this.sent.push({ channel, payload });
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  getURL(): string {
    return this.mainFrame.url;
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static instances: FakeBrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  visible = false;
  position: [number, number] | undefined;
  loaded: { file?: string; url?: string } = {};
  visibleOnAllWorkspaces = false;
  destroyed = false;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  constructor(readonly options: Record<string, any>) {
    super();
    FakeBrowserWindow.instances.push(this);
    fake.app.emit('web-contents-created', {}, this.webContents);
  }
  async loadFile(file: string): Promise<void> {
    this.loaded = { file };
    this.webContents.mainFrame.url = `file://${file}`;
  }
  async loadURL(url: string): Promise<void> {
    this.loaded = { url };
    this.webContents.mainFrame.url = url;
  }
  show(): void {
    this.visible = true;
    this.emit('show');
  }
  hide(): void {
    this.visible = false;
    this.emit('hide');
  }
  focus(): void {}
  isVisible(): boolean {
    return this.visible;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  setPosition(x: number, y: number): void {
    this.position = [x, y];
  }
  setVisibleOnAllWorkspaces(flag: boolean, options?: Record<string, unknown>): void {
    this.visibleOnAllWorkspaces = flag;
    this.visibleOnAllWorkspacesOptions = options;
  }
  visibleOnAllWorkspacesOptions: Record<string, unknown> | undefined;
  /** What Alt+F4 / Cmd+W / the OS do: a 'close' the app may prevent, else the window is gone. */
  close(): void {
    const event = {
      defaultPrevented: false,
      preventDefault() {
        this.defaultPrevented = true;
      },
    };
    this.emit('close', event);
    if (!event.defaultPrevented) this.destroy();
  }
  destroy(): void {
    this.destroyed = true;
    this.webContents.destroyed = true;
    this.visible = false;
    this.emit('closed');
  }
}

export class FakeTray extends EventEmitter {
  static instances: FakeTray[] = [];
  image: unknown;
  toolTip = '';
  contextMenu: FakeMenu | undefined;
  poppedUp: FakeMenu[] = [];
  bounds = { x: 0, y: 0, width: 0, height: 0 };
  destroyed = false;
  constructor(image: unknown) {
    super();
    this.image = image;
    FakeTray.instances.push(this);
  }
  setImage(image: unknown): void {
    this.image = image;
  }
  setToolTip(text: string): void {
    this.toolTip = text;
  }
  setContextMenu(menu: FakeMenu): void {
    this.contextMenu = menu;
  }
  popUpContextMenu(menu: FakeMenu): void {
    this.poppedUp.push(menu);
  }
  setIgnoreDoubleClickEvents(): void {}
  getBounds() {
    return this.bounds;
  }
  destroy(): void {
    this.destroyed = true;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
}

export interface FakeMenuItem {
  label?: string;
  role?: string;
  accelerator?: string;
  type?: string;
  enabled?: boolean;
  submenu?: FakeMenuItem[];
  click?: () => void;
}

export class FakeMenu {
  /** What Menu.setApplicationMenu was given; undefined while the app never called it (Electron
   * then installs its default menu, with Reload and Toggle Developer Tools). */
  static applicationMenu: FakeMenu | null | undefined;
  constructor(readonly template: FakeMenuItem[]) {}
  static buildFromTemplate(template: FakeMenuItem[]): FakeMenu {
    return new FakeMenu(template);
  }
  static setApplicationMenu(menu: FakeMenu | null): void {
    FakeMenu.applicationMenu = menu;
  }
}

export class FakeNotification extends EventEmitter {
  static instances: FakeNotification[] = [];
  static isSupported(): boolean {
    return true;
  }
  shown = false;
  constructor(readonly options: { title: string; body: string; actions?: { type: string; text: string }[] }) {
    super();
    FakeNotification.instances.push(this);
  }
  show(): void {
    this.shown = true;
  }
}

class FakeIpcMain {
  readonly handlers = new Map<string, Listener>();
  handle(channel: string, handler: Listener): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, handler);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
}

class FakeApp extends EventEmitter {
  singleInstance = true;
  quitCalls = 0;
  exitCode: number | undefined;
  dockHidden = false;
  loginItem: unknown;
  isPackaged = false;
  readonly dock = { hide: () => void (this.dockHidden = true) };
  requestSingleInstanceLock(): boolean {
    return this.singleInstance;
  }
  whenReady(): Promise<void> {
    return Promise.resolve();
  }
  quit(): void {
    this.quitCalls++;
    const event = {
      defaultPrevented: false,
      preventDefault() {
        this.defaultPrevented = true;
      },
    };
    this.emit('before-quit', event);
  }
  exit(code: number): void {
    this.exitCode = code;
  }
  getLocale(): string {
    return 'en-US';
  }
  getVersion(): string {
    return '0.1.0';
  }
  getAppPath(): string {
    return process.cwd();
  }
  getName(): string {
    return 'Latchkey';
  }
  /** Only the folders a test set in `fake.paths`. */
  getPath(name: string): string {
    const dir = fake.paths[name];
    if (!dir) throw new Error(`no fake path for ${name}`);
    return dir;
  }
  setLoginItemSettings(settings: unknown): void {
    this.loginItem = settings;
  }
  appUserModelId: string | undefined;
  setAppUserModelId(id: string): void {
    this.appUserModelId = id;
  }
}

class FakeIpcRenderer extends EventEmitter {
  readonly invoked: { channel: string; request: unknown }[] = [];
  async invoke(channel: string, request: unknown): Promise<unknown> {
    this.invoked.push({ channel, request });
    return { ok: true, value: `answer to ${channel}` };
  }
}

export const fake = {
  app: new FakeApp(),
  ipcMain: new FakeIpcMain(),
  ipcRenderer: new FakeIpcRenderer(),
  opened: [] as string[],
  /** What the "browser" does with a URL the app opens (nothing by default). */
  onOpenExternal: undefined as ((url: string) => Promise<void>) | undefined,
  clipboard: [] as string[],
  exposed: new Map<string, unknown>(),
  defaultSession: new FakeSession(),
  cursor: { x: 100, y: 100 },
  /** What safeStorage reports; the "encryption" is hex behind a marker, never the plain text. */
  keychain: { available: true, backend: 'gnome_libsecret' },
  display: { bounds: { x: 0, y: 0, width: 1920, height: 1080 }, workArea: { x: 0, y: 0, width: 1920, height: 1040 } },
  /** app.getPath's answers ('userData', …); set by the test, kept across reset(). */
  paths: {} as Record<string, string>,
  /** Screens beside `display` (multi-monitor tests). */
  otherDisplays: [] as { bounds: Rect; workArea: Rect }[],
  reset(): void {
    fake.display = { bounds: { x: 0, y: 0, width: 1920, height: 1080 }, workArea: { x: 0, y: 0, width: 1920, height: 1040 } };
    fake.otherDisplays = [];
    fake.cursor = { x: 100, y: 100 };
    fake.app.removeAllListeners();
    fake.app.singleInstance = true;
    fake.app.quitCalls = 0;
    fake.app.dockHidden = false;
    fake.app.loginItem = undefined;
    fake.app.appUserModelId = undefined;
    fake.ipcMain.handlers.clear();
    fake.ipcRenderer.removeAllListeners();
    fake.ipcRenderer.invoked.length = 0;
    fake.opened.length = 0;
    fake.onOpenExternal = undefined;
    fake.clipboard.length = 0;
    fake.exposed.clear();
    fake.defaultSession = new FakeSession();
    fake.keychain = { available: true, backend: 'gnome_libsecret' };
    FakeBrowserWindow.instances = [];
    FakeTray.instances = [];
    FakeNotification.instances = [];
    FakeMenu.applicationMenu = undefined;
    electronModule.autoUpdater.removeAllListeners();
  },
};

interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}
const allDisplays = () => [fake.display, ...fake.otherDisplays];
const inside = (p: { x: number; y: number }, r: Rect) => p.x >= r.x && p.x < r.x + r.width && p.y >= r.y && p.y < r.y + r.height;
const overlap = (a: Rect, b: Rect) =>
  Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)) * Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y));

export const electronModule = {
  app: fake.app,
  ipcMain: fake.ipcMain,
  ipcRenderer: fake.ipcRenderer,
  BrowserWindow: FakeBrowserWindow,
  Tray: FakeTray,
  Menu: FakeMenu,
  Notification: FakeNotification,
  nativeImage: { createFromPath: (p: string) => ({ path: p }) },
  shell: {
    openExternal: async (url: string) => {
      const arrived = await arrivalUrl(url);
      fake.opened.push(arrived);
      await fake.onOpenExternal?.(arrived);
    },
  },
  clipboard: { writeText: (text: string) => void fake.clipboard.push(text) },
  screen: {
    getCursorScreenPoint: () => fake.cursor,
    // As Electron does: the display containing the point (else the nearest; here the first), and
    // the display a rectangle overlaps most.
    getDisplayNearestPoint: (p: { x: number; y: number }) => allDisplays().find((d) => inside(p, d.bounds)) ?? fake.display,
    getDisplayMatching: (r: Rect) => allDisplays().reduce((best, d) => (overlap(r, d.bounds) > overlap(r, best.bounds) ? d : best), fake.display),
  },
  get session() {
    return { defaultSession: fake.defaultSession, fromPartition: () => new FakeSession() };
  },
  // Electron's net as Node's http: a ClientRequest with the same 'response' and 'error' events.
  net: {
    request: ({ session: _session, redirect: _redirect, ...options }: http.RequestOptions & { session?: unknown; redirect?: string }) =>
      (options.protocol === 'https:' ? https : http).request(options),
  },
  autoUpdater: new EventEmitter(),
  safeStorage: {
    isAsyncEncryptionAvailable: async () => fake.keychain.available,
    getSelectedStorageBackend: () => fake.keychain.backend,
    encryptStringAsync: async (text: string) => Buffer.from(`enc:${Buffer.from(text, 'utf8').toString('hex')}`),
    decryptStringAsync: async (data: Buffer) => ({ result: Buffer.from(data.toString().replace(/^enc:/, ''), 'hex').toString('utf8'), shouldReEncrypt: false }),
  },
  contextBridge: {
    exposeInMainWorld: (key: string, api: unknown) => void fake.exposed.set(key, api),
  },
};

/** For CommonJS packages Node loads outside Vite (electron-updater): vi.mock does not reach their
 * require('electron'), so Node's module cache answers it with this module. */
export function provideElectronToRequire(): void {
  const require = createRequire(import.meta.url);
  const file = require.resolve('electron');
  require.cache[file] = { id: file, filename: file, loaded: true, exports: electronModule } as unknown as NodeJS.Module;
}
