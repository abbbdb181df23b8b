import type { EventName, EventPayloads } from '../shared/contract';
import type { EventSink } from './host';
import type { Notifier } from './notifications';
import type { TrayController } from './tray';
import type { TrayStateSource } from './tray-state';

// What main itself does with each contract event, besides passing it to the window: notify,
// remember what the tray shows, and rebuild the tray.

export function eventReactions(deps: { notifier: Notifier; trayState: TrayStateSource; tray: Pick<TrayController, 'refresh'> }): EventSink {
  const { notifier, trayState, tray } = deps;
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
  return (event, payload) => {
    (reactions[event] as ((p: typeof payload) => void) | undefined)?.(payload);
    // A sync's progress and partial lists change nothing the tray shows (and arrive many times a second).
    if (event !== 'sync-progress' && event !== 'catalog-partial') tray.refresh();
  };
}
