import type { AppUpdater } from 'electron-updater';
import type { Clock, TimerHandle } from '../core/clock';
import type { Logger } from '../core/log';
import { redactAndShorten } from '../core/redact';
import type { UpdateStatusView } from '../shared/views';
import type { SettingsStore } from './handlers/types';

// The app's own updates (electron-updater, from the feed electron-builder's `publish` names):
// a check on start and every few hours while the setting allows, a check by hand at any time.
// A new version downloads at once; once it is ready the host's reactions offer a restart.
// Failures only change the status and leave a line in the log: no dialog, no notification.

/** The part of electron-updater's updater this uses. */
export type Updater = Pick<AppUpdater, 'autoDownload' | 'autoInstallOnAppQuit' | 'logger' | 'checkForUpdates' | 'quitAndInstall'>;

/** The first check waits for the app to settle; later ones follow every CHECK_INTERVAL_MS. */
export const FIRST_CHECK_DELAY_MS = 10_000;
export const CHECK_INTERVAL_MS = 4 * 60 * 60_000;

export interface UpdatesOptions {
  /** Absent where the app cannot update itself (a development build, the web harness). */
  updater?: Updater;
  settings: SettingsStore;
  clock: Clock;
  logger: Logger;
  /** Every change of status (the window's Settings, the tray, the "ready" notification). */
  onStatus(status: UpdateStatusView): void;
}

export interface Updates {
  status(): UpdateStatusView;
  /** Starts a check (unless one is under way or an update is ready); answers the status at once. */
  check(): UpdateStatusView;
  /** Installs the downloaded update and restarts; nothing (false) unless one is ready. */
  restart(): boolean;
  /** Starts the timer of automatic checks. */
  start(): void;
  stop(): void;
  /** Resolves once the check under way (and its download) has ended. */
  idle(): Promise<void>;
}

export function createUpdates(options: UpdatesOptions): Updates {
  const { updater, settings, clock, logger } = options;
  let status: UpdateStatusView = { state: updater ? 'idle' : 'unsupported' };
  let running: Promise<void> | undefined;
  let timer: TimerHandle | undefined;

  const set = (next: UpdateStatusView): void => {
    status = next;
    options.onStatus(status);
  };

  if (updater) {
    // electron-updater's own chatter (stacks included) goes to the debug log, one line each.
    const debug = (message: unknown) => logger.debug(`updater: ${firstLine(message)}`);
    updater.logger = { info: debug, warn: debug, error: debug, debug };
    updater.autoDownload = true;
    updater.autoInstallOnAppQuit = true;
  }

  const run = async (active: Updater): Promise<void> => {
    set({ state: 'checking' });
    try {
      const result = await active.checkForUpdates();
      if (!result?.isUpdateAvailable) {
        set({ state: 'up-to-date' });
        return;
      }
      const version = result.updateInfo.version;
      set({ state: 'downloading', version });
      await result.downloadPromise;
      logger.info('update downloaded', { version });
      set({ state: 'ready', version });
    } catch (err) {
      logger.warn('update check failed', failureFields(err));
      set({ state: 'failed' });
    }
  };

  const check = (): UpdateStatusView => {
    if (!updater || running || status.state === 'ready') return status;
    running = run(updater).finally(() => (running = undefined));
    return status;
  };

  const schedule = (ms: number): void => {
    timer?.cancel();
    timer = clock.setBackgroundTimeout(() => {
      if (settings.get().autoUpdateChecks) check();
      schedule(CHECK_INTERVAL_MS);
    }, ms);
  };

  return {
    status: () => status,
    check,
    restart() {
      if (!updater || status.state !== 'ready') return false;
      logger.info('restarting to update', { version: status.version });
      updater.quitAndInstall();
      return true;
    },
    start() {
      if (!updater || timer) return;
      options.onStatus(status);
      schedule(FIRST_CHECK_DELAY_MS);
    },
    stop() {
      timer?.cancel();
      timer = undefined;
    },
    idle: async () => {
      await running;
    },
  };
}

function firstLine(value: unknown): string {
  const text = value instanceof Error ? value.message : String(value);
  return redactAndShorten(text.split('\n', 1)[0]!.trim(), 300);
}

/** One line for the log: what failed, never a stack, headers or a body. */
function failureFields(err: unknown): Record<string, string> {
  const code = (err as { code?: unknown })?.code;
  return { error: firstLine(err), ...(typeof code === 'string' ? { code } : {}) };
}
