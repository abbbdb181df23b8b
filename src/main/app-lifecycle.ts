import { EventEmitter } from 'node:events';
import path from 'node:path';
import { app, autoUpdater, clipboard, ipcMain, safeStorage, session, shell } from 'electron';
import { awsPaths, latchkeyHome } from '../core/aws/paths';
import { systemClock, type Clock } from '../core/clock';
import { createContext, type CoreContext } from '../core/context';
import type { Logger } from '../core/log';
import type { Latchkey } from '../core/sessions/latchkey';
import { listSsoSessions } from '../core/sessions/sso-sessions';
import { installPackagedMenu } from './app-menu';
import { appLogger } from './app-logger';
import type { Handlers, SettingsStore } from './handlers';
import { createHost, type Host } from './host';
import { InFlight } from './ipc/in-flight';
import { registerIpcHandlers } from './ipc/register';
import { isTrustedSender } from './ipc/sender-guard';
import { KeychainSecretStore } from './keychain-secrets';
import { launchAtLogin } from './launch-at-login';
import type { Notifier } from './notifications';
import { PopupWindow } from './popup-window';
import { denyAllPermissions, hardenApp } from './security';
import type { TrayController } from './tray';
import { startTray } from './tray-app';
import type { Updater, Updates } from './updates';
import { externalOpener, loopbackAllowedFromEnv } from './url-allowlist';

// The tray app: Electron's set-up, then the host (core, handlers, events) behind ipcMain, with
// the popup, the tray and notifications following its events.

/** electron-builder.yml's appId. */
export const APP_USER_MODEL_ID = 'dev.latchkey.app';

export interface StartOptions {
  env?: Readonly<Record<string, string | undefined>>;
  homedir?: string;
  clock?: Clock;
  logger?: Logger;
  /** Settings persistence; electron-store unless a test passes its own. */
  createSettings?(directory: string): SettingsStore | Promise<SettingsStore>;
  /** Where out/main lives (the preload and renderer are found next to it). */
  outDir?: string;
  /** Where the tray art lives. */
  assetsDir?: string;
  /** How long quitting waits for calls still writing files. */
  quitGraceMs?: number;
  /** The app's updater; electron-updater's in a packaged app, none in a development build. */
  createUpdater?(): Updater | undefined | Promise<Updater | undefined>;
}

export interface RunningApp {
  latchkey: Latchkey;
  handlers: Handlers;
  popup: PopupWindow;
  tray: TrayController;
  notifier: Notifier;
  updates: Updates;
  inFlight: InFlight;
  /** Stops timers, waits for in-flight writes, removes the IPC handlers. */
  shutdown(): Promise<void>;
}

export async function startApp(options: StartOptions = {}): Promise<RunningApp | undefined> {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return undefined;
  }
  const env = options.env ?? process.env;
  const logger = options.logger ?? appLogger(env, options.homedir);
  const clock = options.clock ?? systemClock;
  const platform = process.platform;
  await prepareElectron(platform, logger);

  const userWarnings = new EventEmitter<{ warning: [string] }>();
  const ctx = appContext(options, env, logger, clock, (message) => userWarnings.emit('warning', message));
  const createSettings = options.createSettings ?? (async (dir: string) => (await import('./settings-store')).createElectronSettingsStore(dir));
  const settings = await createSettings(latchkeyHome(ctx));
  // IAM users' keys live in the OS keychain; MFA codes are asked for in the popup.
  const secretStore = await KeychainSecretStore.open(safeStorage, latchkeyHome(ctx), platform);
  const popup = createPopup(options.outDir ?? __dirname, env, platform, clock);
  const updater = await (options.createUpdater ?? (() => packagedUpdater(logger)))();
  // On macOS an update installs once every window has closed, and a close only hides the popup.
  if (updater) autoUpdater.on('before-quit-for-update', () => popup.destroy());
  const inFlight = new InFlight();
  const applyLaunchAtLogin = launchAtLogin({
    platform,
    env,
    homedir: ctx.homedir,
    logger,
    inFlight,
    setLoginItem: (openAtLogin) => app.setLoginItemSettings({ openAtLogin }),
    execPath: process.execPath,
    args: app.isPackaged ? [] : [app.getAppPath()],
  });

  const host = createHost({
    ctx,
    settings,
    secretStore,
    openExternal: (url) => ctx.openUrl(url),
    writeClipboard: (text) => clipboard.writeText(text),
    hidePopup: () => popup.hide(),
    appInfo: () => ({
      version: app.getVersion(),
      platform,
      credentialsFile: awsPaths(ctx).credentialsFile,
      configFile: awsPaths(ctx).configFile,
      locale: app.getLocale(),
    }),
    beforeMfaPrompt: () => popup.show(),
    onSettingsChanged: (changed) => applyLaunchAtLogin(changed.launchAtLogin),
    ...(updater ? { updater } : {}),
  });

  host.onEvent((event, payload) => popup.send(event, payload));
  const { tray, notifier } = startTray({
    host,
    popup,
    settings,
    inFlight,
    logger,
    clock,
    platform,
    assetsDir: options.assetsDir ?? path.join(app.getAppPath(), 'assets'),
    userWarnings,
  });
  const unregister = registerIpcHandlers({
    ipcMain,
    handlers: host.handlers,
    isTrusted: (event) => isTrustedSender(event, [popup.window], popup.rendererUrl),
    logger,
    inFlight,
  });

  app.on('second-instance', () => popup.show());
  applyLaunchAtLogin(settings.get().launchAtLogin);
  popup.load().catch((err: unknown) => logger.error('the window could not load', { error: (err as Error)?.message }));
  host.start();
  void tray.rebuild();

  const shutdown = shutdownOnQuit({ host, tray, popup, inFlight, logger, unregister, graceMs: options.quitGraceMs ?? 5_000 });
  return { latchkey: host.latchkey, handlers: host.handlers, popup, tray, notifier, updates: host.updates, inFlight, shutdown };
}

/** Only a packaged app has a feed (app-update.yml, from electron-builder's `publish`) to update
 * from; an updater that cannot start leaves the app running without updates. */
async function packagedUpdater(logger: Logger): Promise<Updater | undefined> {
  if (!app.isPackaged) return undefined;
  try {
    return (await import('electron-updater')).autoUpdater;
  } catch (err) {
    logger.warn('updates are off: the updater could not start', { error: (err as Error)?.message?.split('\n', 1)[0] });
    return undefined;
  }
}

/** Electron's own set-up, before anything is shown. */
async function prepareElectron(platform: NodeJS.Platform, logger: Logger): Promise<void> {
  hardenApp(app, logger);
  // A tray app keeps running with its window hidden or closed.
  app.on('window-all-closed', () => undefined);
  // Windows shows (and routes clicks on) notifications only for the AppUserModelID the
  // installer's shortcut carries: electron-builder's appId.
  if (platform === 'win32') app.setAppUserModelId(APP_USER_MODEL_ID);
  await app.whenReady();
  if (app.isPackaged) installPackagedMenu(platform);
  if (platform === 'darwin') app.dock?.hide();
  denyAllPermissions(session.defaultSession);
}

/** The core's context in the app: the browser behind the URL allow-list, warnings as notifications. */
function appContext(
  options: StartOptions,
  env: Readonly<Record<string, string | undefined>>,
  logger: Logger,
  clock: Clock,
  warnUser: (message: string) => void,
): CoreContext {
  const ctx: CoreContext = createContext({
    env,
    clock,
    logger,
    openUrl: externalOpener({
      startUrls: async () => (await listSsoSessions(ctx).catch(() => [])).map((s) => s.startUrl),
      allowLoopback: loopbackAllowedFromEnv(env),
      open: (checked) => shell.openExternal(checked), // eng-disable OPEN_EXTERNAL_JS_CHECK -- only the normalised URL externalOpener passed: https AWS hosts and configured start URLs
      onRefused: (host) => logger.warn('refused to open a URL that is not on the allow-list', { host }),
    }),
    warnUser,
    ...(options.homedir ? { homedir: options.homedir } : {}),
  });
  return ctx;
}

function createPopup(outDir: string, env: Readonly<Record<string, string | undefined>>, platform: NodeJS.Platform, clock: Clock): PopupWindow {
  return new PopupWindow({
    preloadPath: path.join(outDir, '../preload/index.cjs'),
    rendererFile: path.join(outDir, '../renderer/index.html'),
    // The dev server only in development; a packaged app always loads its own files.
    devServerUrl: !app.isPackaged ? env.ELECTRON_RENDERER_URL : undefined,
    devTools: !app.isPackaged,
    platform,
    now: () => clock.now(),
  });
}

/** Quitting waits for work in flight, then lets go; returns the shutdown it runs once. */
function shutdownOnQuit(deps: {
  host: Host;
  tray: TrayController;
  popup: PopupWindow;
  inFlight: InFlight;
  logger: Logger;
  unregister(): void;
  graceMs: number;
}): () => Promise<void> {
  const { host, tray, popup, inFlight, logger } = deps;
  let stopped: Promise<void> | undefined;
  const shutdown = (): Promise<void> =>
    (stopped ??= (async () => {
      host.stop();
      tray.destroy();
      // Calls from the window or the tray, and a background refresh, may be writing files.
      const [settled] = await Promise.all([inFlight.idle(deps.graceMs), withTimeout(host.idle(), deps.graceMs)]);
      if (!settled) logger.warn('quit while requests were still running', { running: inFlight.size });
      deps.unregister();
      // Until now a close only hid the popup; now it must not hold the quit up.
      popup.destroy();
    })());
  let readyToQuit = false;
  app.on('before-quit', (event) => {
    if (readyToQuit) return;
    event.preventDefault();
    void shutdown().finally(() => {
      readyToQuit = true;
      app.quit();
    });
  });
  return shutdown;
}

function withTimeout(work: Promise<void>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([work, new Promise<void>((r) => (timer = setTimeout(r, ms)))]).finally(() => clearTimeout(timer));
}
