import type { Logger } from '../core/log';
import type { InFlight } from './ipc/in-flight';
import { applyLinuxAutostart, autostartFile } from './linux-autostart';

// The launch-at-login setting on each platform: Electron's login item on macOS and Windows,
// an XDG autostart entry on Linux (Electron has no login-item API there).

export interface LaunchAtLoginDeps {
  platform: NodeJS.Platform;
  env: Readonly<Record<string, string | undefined>>;
  homedir: string;
  logger: Logger;
  inFlight: InFlight;
  /** app.setLoginItemSettings */
  setLoginItem(openAtLogin: boolean): void;
  /** How the autostart entry starts the app: the packaged executable, or electron with the app's path. */
  execPath: string;
  args: string[];
}

export function launchAtLogin(deps: LaunchAtLoginDeps): (enabled: boolean) => void {
  let queue: Promise<unknown> = Promise.resolve();
  return (enabled) => {
    if (deps.platform === 'darwin' || deps.platform === 'win32') {
      deps.setLoginItem(enabled);
      return;
    }
    if (deps.platform !== 'linux') return;
    // One change at a time (a quick on-off-on must end "on"), and quit waits for the file.
    const options = { env: deps.env, homedir: deps.homedir, execPath: deps.execPath, args: deps.args };
    queue = deps.inFlight.track(
      queue
        .then(() => applyLinuxAutostart(enabled, options))
        .then(
          (outcome) => {
            if (outcome === 'not-ours') deps.logger.warn('left a launch-at-login entry Latchkey did not write', { file: autostartFile(options) });
          },
          (err: unknown) => deps.logger.warn('could not change launch at login', { error: (err as Error)?.message }),
        ),
    );
  };
}
