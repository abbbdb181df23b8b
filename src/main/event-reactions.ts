import type { EventName, EventPayloads } from '../shared/contract';
import type { EventSink } from './host';
import type { Notifier } from './notifications';
import type { TrayController } from './tray';
import type { TrayStateSource } from './tray-state';

// What main itself does with each contract event, besides passing it to the window: notify,
// remember what the tray shows, and rebuild the tray.

export function eventReactions(deps: {
  notifier: Notifier;
  trayState: TrayStateSource;
  tray: Pick<TrayController, 'refresh'>;
  /** Installs a downloaded update and restarts the app. */
  restartToUpdate?(): void;
}): EventSink {
  const { notifier, trayState, tray } = deps;
  // The token expiry last seen per session: a new one means a new sign-in (here, by the
  // command, or a refresh that worked), whose later lapse is news again. The same one seen
  // again is not: a revoked sign-in still looks signed in until its token expires.
  const tokenExpiry = new Map<string, number | undefined>();
  const reactions: { [E in EventName]?: (payload: EventPayloads[E]) => void } = {
    'expiry-warning': (warning) => notifier.expiryWarning(warning),
    'sign-in-needed': ({ session }) => notifier.signInNeeded(session),
    'sign-in-prompt': (prompt) => trayState.signInWaiting(prompt),
    'sign-in-finished': ({ session, ok }) => {
      trayState.signInEnded(session);
      if (ok) notifier.signedIn(session);
    },
    'sessions-changed': (sessions) => {
      for (const s of sessions) {
        const known = tokenExpiry.has(s.name);
        const before = tokenExpiry.get(s.name);
        tokenExpiry.set(s.name, s.signedIn ? s.expiresAt : undefined);
        if (s.signedIn && known && s.expiresAt !== before) notifier.signedIn(s.name);
      }
      trayState.setError(undefined);
    },
    'profiles-changed': () => trayState.setError(undefined),
    'catalog-updated': (catalog) => trayState.rememberCatalog(catalog),
    error: ({ message }) => trayState.setError(message),
    'update-status': (status) => {
      trayState.setUpdate(status);
      if (status.state === 'ready' && status.version && deps.restartToUpdate) notifier.updateReady(status.version, deps.restartToUpdate);
    },
  };
  return (event, payload) => {
    (reactions[event] as ((p: typeof payload) => void) | undefined)?.(payload);
    // A sync's progress and partial lists change nothing the tray shows (and arrive many times a second).
    if (event !== 'sync-progress' && event !== 'catalog-partial') tray.refresh();
  };
}
