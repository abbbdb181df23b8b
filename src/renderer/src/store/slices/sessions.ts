import type { LatchkeyApi } from '../../../../shared/api';
import type { SessionView } from '../../../../shared/views';
import { createStore } from '../create-store';
import { settle } from '../failure-policy';

// The SSO sessions main knows, and the ones found to need a new sign-in (a failed call, a
// refresh that could not renew the token) before main's own list says so.

export interface SessionsState {
  /** undefined until the first answer. */
  list?: SessionView[];
  needsSignIn: string[];
}

export function createSessions(api: LatchkeyApi) {
  const store = createStore<SessionsState>({ needsSignIn: [] });
  const apply = (list: SessionView[]) =>
    store.update((s) => ({ list, needsSignIn: s.needsSignIn.filter((n) => list.some((session) => session.name === n && !session.signedIn)) }));
  return {
    store,
    apply,
    /** No list could be read: the page shows none rather than waiting for ever. */
    none(): void {
      store.update({ list: [] });
    },
    markNeedsSignIn(session: string): void {
      if (!store.get().needsSignIn.includes(session)) store.update((s) => ({ needsSignIn: [...s.needsSignIn, session] }));
    },
    signedInAgain(session: string): void {
      store.update((s) => ({ needsSignIn: s.needsSignIn.filter((n) => n !== session) }));
    },
    /** Reads the list again (after a sign-in or out); a failure leaves the one shown. */
    async refresh(): Promise<void> {
      const r = await settle(api.sessions.list());
      if (r.ok) apply(r.value);
    },
    /** Names of the signed-in sessions (`only`: that one, if signed in). */
    signedInNames(only?: string): string[] {
      return (store.get().list ?? []).filter((s) => s.signedIn && (only === undefined || s.name === only)).map((s) => s.name);
    },
  };
}

export type SessionsSlice = ReturnType<typeof createSessions>;
