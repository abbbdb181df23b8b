import type { Logger } from '../core/log';
import type { InvokeChannel, RequestOf } from '../shared/contract';
import type { IpcResult } from '../shared/errors';
import type { RoleTarget } from '../shared/schemas';
import type { ConsoleModeSetting } from '../shared/views';
import type { Handlers } from './handlers';
import type { Translate } from './i18n';
import { dispatch } from './ipc/dispatch';
import type { InFlight } from './ipc/in-flight';
import { actionFailedNotification, type NotificationSpec } from './notifications';
import type { RoleEntry, TrayAction } from './tray-menu';

// What the tray's menu items and the notifications' buttons do: the same channels the window
// calls, through dispatch, with a failure told as a notification (there is no window to show it).

export interface ChannelRunnerDeps {
  handlers: Handlers;
  inFlight: InFlight;
  logger: Logger;
  translate(): Translate;
  notify(spec: NotificationSpec): void;
  showPopup(): void;
}

export type RunChannel = <C extends InvokeChannel>(channel: C, request: RequestOf<C>) => Promise<IpcResult<unknown>>;

export function channelRunner(deps: ChannelRunnerDeps): RunChannel {
  return async (channel, request) => {
    const result = await deps.inFlight.track(dispatch(deps.handlers, channel, request));
    // A cancelled sign-in was the person's own doing; anything else they should hear about.
    if (!result.ok && result.code !== 'CANCELLED') {
      deps.logger.warn('tray action failed', { channel, code: result.code });
      deps.notify(actionFailedNotification(channel, result, deps.translate(), deps.showPopup));
    }
    return result;
  };
}

/** Signing in from the tray or a notification: the popup shows the sign-in as it goes, in the
 * flow the settings and this machine call for. */
export function signInFromTray(run: RunChannel, showPopup: () => void): (session: string) => void {
  return (session) => {
    showPopup();
    void run('sessions.login', { session, flow: 'auto' });
  };
}

export interface TrayActionDeps {
  run: RunChannel;
  signIn(session: string): void;
  showPopup(): void;
  restartToUpdate(): void;
  quit(): void;
  consoleMode(): ConsoleModeSetting;
  /** Before a console mode was chosen: the popup asks which one, then opens the console. */
  askConsoleMode(target: RoleTarget): void;
}

export function trayActions(deps: TrayActionDeps): (action: TrayAction) => void {
  const { run } = deps;
  // Only the fields the strict target schema takes (a menu entry also carries a display name).
  const target = (role: RoleEntry) => ({ kind: 'sso' as const, session: role.session, accountId: role.accountId, roleName: role.roleName });
  // The first console open asks which mode fits; nothing is guessed silently.
  const openConsole = (consoleTarget: RoleTarget) => {
    if (deps.consoleMode() === 'ask') deps.askConsoleMode(consoleTarget);
    else void run('console.open', { target: consoleTarget });
  };
  return (action) => {
    switch (action.kind) {
      case 'open-console':
        openConsole(target(action.role));
        break;
      case 'open-profile-console':
        openConsole({ kind: 'profile', profile: action.profile });
        break;
      case 'use-in-terminal':
        void run('profiles.use', { target: target(action.role), profile: 'default' });
        break;
      case 'refresh-profile':
        void run('profiles.refresh', { profile: action.profile });
        break;
      case 'sign-in':
        deps.signIn(action.session);
        break;
      case 'open':
        deps.showPopup();
        break;
      case 'check-for-updates':
        void run('updates.check', undefined);
        break;
      case 'restart-to-update':
        deps.restartToUpdate();
        break;
      case 'quit':
        deps.quit();
        break;
    }
  };
}
