import { redact } from '../../core/redact';
import type { Latchkey } from '../../core/sessions/latchkey';
import type { LatchkeyEvents } from '../../core/sessions/latchkey-events';
import type { HandlerDeps } from '../handlers/types';
import { toActiveProfileView, toCatalogView, toSessionView, toSyncProgressView } from './views';

/**
 * Forwards the core's events to the window as contract events, converted to views.
 * Error messages are redacted here, as dispatch redacts answers: a background failure can quote
 * whatever it was given. Returns the function that stops forwarding.
 */
export function forwardLatchkeyEvents(latchkey: Latchkey, emit: HandlerDeps['emit']): () => void {
  const onSessions = () => {
    latchkey.sessions
      .list()
      .then((list) => emit('sessions-changed', list.map(toSessionView)))
      .catch((err: unknown) => emit('error', { code: 'BAD_CONFIG_FILE', message: redact(String((err as Error)?.message ?? err)) }));
  };
  const listeners = {
    'sessions-changed': onSessions,
    'sync-progress': ({ session, progress }) => emit('sync-progress', toSyncProgressView(session, progress)),
    'catalog-updated': (view) => emit('catalog-updated', toCatalogView(view)),
    'catalog-partial': (view) => emit('catalog-partial', toCatalogView(view)),
    // The window gets the list profiles.list answers (this credentials file, sections still
    // there), not the raw state the event carries. A refresh is an activate, which already
    // sent 'profiles-changed', so 'profile-refreshed' adds nothing for the window.
    'profiles-changed': () => {
      latchkey.profiles
        .list()
        .then((profiles) => emit('profiles-changed', profiles.map(toActiveProfileView)))
        .catch(() => undefined);
    },
    'profile-refreshed': () => undefined,
    'expiry-warning': (warning) => emit('expiry-warning', warning),
    'sign-in-needed': (info) => {
      emit('sign-in-needed', info);
      onSessions();
    },
    error: (info) => emit('error', { ...info, message: redact(info.message) }),
  } satisfies { [E in keyof LatchkeyEvents]: (...args: LatchkeyEvents[E]) => void };
  for (const [event, listener] of Object.entries(listeners)) latchkey.events.on(event as never, listener as never);
  return () => {
    for (const [event, listener] of Object.entries(listeners)) latchkey.events.off(event as never, listener as never);
  };
}
