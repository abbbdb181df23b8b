import path from 'node:path';
import { app, clipboard, ipcMain, safeStorage, session, shell, type Rectangle } from 'electron';
import { awsPaths, latchkeyHome } from '../core/aws/paths';
import { systemClock, type Clock } from '../core/clock';
import { createContext, type CoreContext } from '../core/context';
import type { Logger } from '../core/log';
import { appLogger } from './app-logger';
import { createLatchkey, type Latchkey } from '../core/sessions/latchkey';
import { listSsoSessions } from '../core/sessions/sso-sessions';
import type { EventName, EventPayloads, InvokeChannel, RequestOf } from '../shared/contract';
import type { IpcResult } from '../shared/errors';
import type { Settings } from '../shared/views';
import { createHandlers, forwardLatchkeyEvents, type Handlers, type HandlerDeps, type SettingsStore } from './handlers';
import { MfaPrompts } from './handlers/mfa-prompts';
import { translator } from './i18n';
import { dispatch } from './ipc/dispatch';
import { InFlight } from './ipc/in-flight';
import { KeychainSecretStore } from './keychain-secrets';
import { applyLinuxAutostart, autostartFile } from './linux-autostart';
import { registerIpcHandlers } from './ipc/register';
import { isTrustedSender } from './ipc/sender-guard';
import { showNativeNotification } from './native-notification';
import { actionFailedNotification, Notifier, type NotificationSpec } from './notifications';
import { installPackagedMenu } from './app-menu';
import { PopupWindow } from './popup-window';
import { denyAllPermissions, hardenApp } from './security';
import { TrayController } from './tray';
import type { TrayAction } from './tray-menu';
import { TrayStateSource } from './tray-state';
import { externalOpener, loopbackAllowedFromEnv } from './url-allowlist';

// Wires the pieces together: one Latchkey core owning tokens, timers and file writes; the
// handlers behind ipcMain; the tray, the popup and notifications following its events.

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
}

export interface RunningApp {
  latchkey: Latchkey;
  handlers: Handlers;
  popup: PopupWindow;
  tray: TrayController;
  notifier: Notifier;
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

  const openExternal = externalOpener({
    startUrls: async () => (await listSsoSessions(ctx).catch(() => [])).map((s) => s.startUrl),
    allowLoopback: loopbackAllowedFromEnv(env),
    open: (checked) => shell.openExternal(checked), // eng-disable OPEN_EXTERNAL_JS_CHECK -- only the normalised URL externalOpener passed: https AWS hosts and configured start URLs
    onRefused: (host) => logger.warn('refused to open a URL that is not on the allow-list', { host }),
  });
  // The core's warnings for the person (a file the AWS CLI cannot read, …) become notifications
  // once the notifier exists; the core logs them either way.
  let onUserWarning = (_message: string): void => undefined;
  const ctx: CoreContext = createContext({
    env,
    clock,
    logger,
    openUrl: openExternal,
    warnUser: (message) => onUserWarning(message),
    ...(options.homedir ? { homedir: options.homedir } : {}),
  });
  const createSettings = options.createSettings ?? (async (dir: string) => (await import('./settings-store')).createElectronSettingsStore(dir));
  const settings = await createSettings(latchkeyHome(ctx));
  // IAM users' keys live in the OS keychain; MFA codes are asked for in the popup.
  const secretStore = await KeychainSecretStore.open(safeStorage, latchkeyHome(ctx), platform);
  const mfa = new MfaPrompts((event, payload) => emit(event, payload));
  const latchkey = createLatchkey(ctx, {
    refreshMarginMs: settings.get().refreshMarginMinutes * 60_000,
    secretStore,
    promptMfaCode: (request) => {
      popup.showAt(tray.tray.getBounds());
      return mfa.ask(request);
    },
  });

  const outDir = options.outDir ?? __dirname;
  const popup = new PopupWindow({
    preloadPath: path.join(outDir, '../preload/index.cjs'),
    rendererFile: path.join(outDir, '../renderer/index.html'),
    // The dev server only in development; a packaged app always loads its own files.
    devServerUrl: !app.isPackaged ? env.ELECTRON_RENDERER_URL : undefined,
    devTools: !app.isPackaged,
    platform,
    now: () => clock.now(),
  });

  const translate = () => translator(settings.get().language, app.getLocale());
  const trayState = new TrayStateSource(
    {
      'sessions.list': () => handlers['sessions.list'](undefined),
      'profiles.list': () => handlers['profiles.list'](undefined),
      'state.get': () => handlers['state.get'](undefined),
    },
    clock,
  );
  const inFlight = new InFlight();

  const notify = (spec: NotificationSpec) => showNativeNotification(spec);
  const run = async <C extends InvokeChannel>(channel: C, request: RequestOf<C>): Promise<IpcResult<unknown>> => {
    const result = await inFlight.track(dispatch(handlers, channel, request));
    // A cancelled sign-in was the person's own doing; anything else they should hear about.
    if (!result.ok && result.code !== 'CANCELLED') {
      logger.warn('tray action failed', { channel, code: result.code });
      notify(actionFailedNotification(channel, result, translate(), () => popup.showAt(tray.tray.getBounds())));
    }
    return result;
  };
  const signIn = (name: string) => {
    popup.showAt(tray.tray.getBounds());
    void run('sessions.login', { session: name, flow: 'pkce' });
  };
  const notifier = new Notifier({
    clock,
    enabled: () => settings.get().notifications,
    translate,
    show: notify,
    refreshProfile: (profile) => void run('profiles.refresh', { profile }),
    signIn,
  });
  onUserWarning = (message) => void notifier.userWarning(message, () => popup.showAt(tray.tray.getBounds()));

  const onTrayAction = (action: TrayAction) => {
    switch (action.kind) {
      case 'open-console':
        void run('console.open', { target: { kind: 'sso', session: action.role.session, accountId: action.role.accountId, roleName: action.role.roleName } });
        break;
      case 'open-profile-console':
        void run('console.open', { target: { kind: 'profile', profile: action.profile } });
        break;
      case 'use-in-terminal':
        void run('profiles.use', { target: { kind: 'sso', session: action.role.session, accountId: action.role.accountId, roleName: action.role.roleName }, profile: 'default' });
        break;
      case 'refresh-profile':
        void run('profiles.refresh', { profile: action.profile });
        break;
      case 'sign-in':
        signIn(action.session);
        break;
      case 'open':
        popup.showAt(tray.tray.getBounds());
        break;
      case 'quit':
        app.quit();
        break;
    }
  };
  const tray = new TrayController({
    assetsDir: options.assetsDir ?? path.join(app.getAppPath(), 'assets'),
    platform,
    clock,
    logger,
    collect: () => trayState.collect(),
    translate,
    onAction: onTrayAction,
    onClick: (bounds: Rectangle | undefined) => popup.toggle(bounds),
  });

  // What main itself does with each event, besides passing it to the window.
  const reactions: { [E in EventName]?: (payload: EventPayloads[E]) => void } = {
    'expiry-warning': (warning) => notifier.expiryWarning(warning),
    'sign-in-needed': ({ session }) => notifier.signInNeeded(session),
    'sessions-changed': (sessions) => {
      for (const s of sessions) if (s.signedIn) notifier.signedIn(s.name);
      trayState.setError(undefined);
    },
    'profiles-changed': () => trayState.setError(undefined),
    'catalog-updated': (catalog) => trayState.rememberCatalog(catalog),
    error: ({ message }) => trayState.setError(message),
  };
  const onAppEvent = <E extends EventName>(event: E, payload: EventPayloads[E]): void => {
    (reactions[event] as ((p: EventPayloads[E]) => void) | undefined)?.(payload);
    // Sync progress changes nothing the tray shows (and arrives many times a second).
    if (event !== 'sync-progress') tray.refresh();
  };
  const emit: HandlerDeps['emit'] = (event, payload) => {
    popup.send(event, payload);
    onAppEvent(event, payload);
  };

  let autostartQueue: Promise<unknown> = Promise.resolve();
  const applyLaunchAtLogin = (enabled: boolean) => {
    if (platform === 'darwin' || platform === 'win32') {
      app.setLoginItemSettings({ openAtLogin: enabled });
      return;
    }
    if (platform !== 'linux') return;
    // Electron has no login-item API on Linux: an XDG autostart entry instead. One change at a
    // time (a quick on-off-on must end "on"), and quit waits for the file.
    const options = { env, homedir: ctx.homedir, execPath: process.execPath, args: app.isPackaged ? [] : [app.getAppPath()] };
    autostartQueue = inFlight.track(
      autostartQueue.then(() => applyLinuxAutostart(enabled, options)).then(
        (outcome) => {
          if (outcome === 'not-ours') logger.warn('left a launch-at-login entry Latchkey did not write', { file: autostartFile(options) });
        },
        (err: unknown) => logger.warn('could not change launch at login', { error: (err as Error)?.message }),
      ),
    );
  };
  const applySettings = (s: Settings) => {
    latchkey.refresh.setMargin(s.refreshMarginMinutes * 60_000);
    applyLaunchAtLogin(s.launchAtLogin);
  };

  const handlers: Handlers = createHandlers({
    latchkey,
    ctx,
    settings,
    openExternal,
    writeClipboard: (text) => clipboard.writeText(text),
    hidePopup: () => popup.hide(),
    appInfo: () => ({ version: app.getVersion(), platform, credentialsFile: awsPaths(ctx).credentialsFile, configFile: awsPaths(ctx).configFile, locale: app.getLocale() }),
    emit,
    mfa,
    onSettingsChanged: applySettings,
  });

  const unregister = registerIpcHandlers({
    ipcMain,
    handlers,
    isTrusted: (event) => isTrustedSender(event, [popup.window], popup.rendererUrl),
    logger,
    inFlight,
  });
  const stopForwarding = forwardLatchkeyEvents(latchkey, emit);

  app.on('second-instance', () => popup.showAt(tray.tray.getBounds()));
  applySettings(settings.get());
  popup.load().catch((err: unknown) => logger.error('the window could not load', { error: (err as Error)?.message }));
  latchkey.refresh.start();
  void tray.rebuild();

  let stopped: Promise<void> | undefined;
  const shutdown = (): Promise<void> =>
    (stopped ??= (async () => {
      latchkey.refresh.stop();
      stopForwarding();
      tray.destroy();
      const grace = options.quitGraceMs ?? 5_000;
      // Calls from the window or the tray, and a background refresh, may be writing files.
      const [settled] = await Promise.all([inFlight.idle(grace), withTimeout(latchkey.refresh.idle(), grace)]);
      if (!settled) logger.warn('quit while requests were still running', { running: inFlight.size });
      unregister();
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

  return { latchkey, handlers, popup, tray, notifier, inFlight, shutdown };
}

function withTimeout(work: Promise<void>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([work, new Promise<void>((r) => (timer = setTimeout(r, ms)))]).finally(() => clearTimeout(timer));
}
