import type { CoreContext } from '../core/context';
import type { SecretStore } from '../core/iam/secret-store';
import { createLatchkey, type Latchkey } from '../core/sessions/latchkey';
import type { EventName, EventPayloads } from '../shared/contract';
import type { AppInfo, Settings } from '../shared/views';
import { createHandlers, type HandlerDeps, type Handlers, type SettingsStore } from './handlers';
import { forwardLatchkeyEvents } from './ipc/forward-events';
import { MfaPrompts } from './ipc/mfa-prompts';
import { createServedProfiles, type ServedProfiles, type ServerSettings } from './served-profiles';
import { createUpdates, type Updater, type Updates } from './updates';

// The one composition of what the tray app and the web harness both run: the core, the
// handlers behind every channel, the MFA questions and the core's events turned into contract
// events. Each host adds only its transport (ipcMain or HTTP) and its own reactions.

export type EventSink = <E extends EventName>(event: E, payload: EventPayloads[E]) => void;

export interface HostOptions {
  ctx: CoreContext;
  settings: SettingsStore;
  /** Where IAM users' keys are kept (the OS keychain in the app, memory in the harness). */
  secretStore: SecretStore;
  /** Active profiles refresh this long before they expire; default: the settings' margin. */
  refreshMarginMs?: number;
  /** Opens a URL in the person's browser; refuses (BAD_INPUT) one that is not on the allow-list. */
  openExternal(url: string): Promise<void>;
  writeClipboard(text: string): void;
  hidePopup(): void;
  appInfo(): AppInfo;
  /** Called before the window is asked for an MFA code (the app shows its popup). */
  beforeMfaPrompt?(): void;
  /** Called after settings change, for effects the host owns (launch at login). */
  onSettingsChanged?(settings: Settings): void;
  /** electron-updater's updater where the app can update itself; absent, checks answer "unsupported". */
  updater?: Updater;
}

export interface Host {
  latchkey: Latchkey;
  /** The credential server for local programs, while the setting is on. */
  servedProfiles: ServedProfiles;
  /** The app's own updates, checked while the setting allows. */
  updates: Updates;
  handlers: Handlers;
  /** Sends a contract event to every sink (the window, the host's own reactions). */
  emit: EventSink;
  /** Adds a place contract events go to; returns the function that removes it. */
  onEvent(sink: EventSink): () => void;
  /** Forwards the core's events and starts its refresh loop and the update checks. */
  start(): void;
  /** Stops them; `idle()` then waits for a refresh still writing and an update check. */
  stop(): void;
  idle(): Promise<void>;
}

export function createHost(options: HostOptions): Host {
  const { ctx, settings } = options;
  const sinks = new Set<EventSink>();
  const emit: EventSink = (event, payload) => {
    for (const sink of sinks) sink(event, payload);
  };
  const mfa = new MfaPrompts(emit);
  const latchkey = createLatchkey(ctx, {
    refreshMarginMs: options.refreshMarginMs ?? settings.get().refreshMarginMinutes * 60_000,
    secretStore: options.secretStore,
    promptMfaCode: (request) => {
      options.beforeMfaPrompt?.();
      return mfa.ask(request);
    },
  });
  const servedProfiles = createServedProfiles(ctx, latchkey);
  const updates = createUpdates({
    ...(options.updater ? { updater: options.updater } : {}),
    settings,
    clock: ctx.clock,
    logger: ctx.logger,
    onStatus: (status) => emit('update-status', status),
  });
  const serve = (wanted: ServerSettings) =>
    servedProfiles.apply(wanted).catch((err: unknown) => {
      const message = err instanceof Error ? err.message : String(err);
      ctx.logger.warn('credential server: could not start', { error: message });
      emit('error', { code: 'BAD_INPUT', message: `Credentials could not be served to local programs: ${message}` });
    });
  const followProfiles = () =>
    void servedProfiles.sync().catch((err: unknown) => ctx.logger.warn('credential server: profiles not followed', { error: String(err) }));
  const deps: HandlerDeps = {
    latchkey,
    ctx,
    settings,
    openExternal: options.openExternal,
    writeClipboard: options.writeClipboard,
    hidePopup: options.hidePopup,
    appInfo: options.appInfo,
    emit,
    mfa,
    servedProfiles,
    updates,
    onSettingsChanged: (changed) => {
      latchkey.refresh.setMargin(changed.refreshMarginMinutes * 60_000);
      void serve(changed);
      options.onSettingsChanged?.(changed);
    },
  };
  const handlers = createHandlers(deps);
  let stopForwarding: (() => void) | undefined;
  let closing: Promise<void> = Promise.resolve();

  return {
    latchkey,
    servedProfiles,
    updates,
    handlers,
    emit,
    onEvent(sink) {
      sinks.add(sink);
      return () => void sinks.delete(sink);
    },
    start() {
      if (!stopForwarding) {
        const stopEvents = forwardLatchkeyEvents(latchkey, emit);
        latchkey.events.on('profiles-changed', followProfiles);
        stopForwarding = () => {
          stopEvents();
          latchkey.events.off('profiles-changed', followProfiles);
        };
        void serve(settings.get());
      }
      latchkey.refresh.start();
      updates.start();
    },
    stop() {
      latchkey.refresh.stop();
      updates.stop();
      stopForwarding?.();
      stopForwarding = undefined;
      closing = servedProfiles.close();
    },
    idle: async () => {
      await Promise.all([latchkey.refresh.idle(), closing, updates.idle()]);
    },
  };
}
