import type { LatchkeyApi } from '../../../../shared/api';
import type { SignInPromptView } from '../../../../shared/views';
import { createStore } from '../create-store';
import { notice, settle, signInFailure, type Report } from '../failure-policy';
import type { CatalogSlice } from './catalog';
import type { Notices } from './notices';
import type { SessionsSlice } from './sessions';

// Signing in to an SSO session (the browser or a device code), adding one on the way, and
// signing out. The sign-in under way is what the sign-in view shows while it waits, whether
// this window started it or the tray or a notification did.

/** 'auto': as the signInFlow setting says. */
export type Flow = 'auto' | 'pkce' | 'device';

export interface LoginState {
  session: string;
  flow: Flow;
  prompt?: SignInPromptView;
  /** Started by main (the tray, a notification): its end arrives as 'sign-in-finished'. */
  elsewhere?: boolean;
}

export interface SignInState {
  login?: LoginState;
  /** The last sign-in that succeeded (id counts them), so the view can move on whoever started it. */
  signedIn?: { session: string; id: number };
}

interface Needs {
  notices: Pick<Notices, 'dismiss'>;
  sessions: Pick<SessionsSlice, 'refresh' | 'signedInAgain'>;
  catalog: Pick<CatalogSlice, 'load' | 'forget'>;
}

export function createSignIn(api: LatchkeyApi, report: Report, { notices, sessions, catalog }: Needs) {
  const store = createStore<SignInState>({});

  const succeeded = async (session: string): Promise<void> => {
    sessions.signedInAgain(session);
    await sessions.refresh();
    void catalog.load(session);
    store.update((s) => ({ signedIn: { session, id: (s.signedIn?.id ?? 0) + 1 } }));
  };

  const login = async (session: string, flow: Flow): Promise<boolean> => {
    store.update({ login: { session, flow } });
    notices.dismiss();
    const r = await settle(api.sessions.login({ session, flow }));
    // A newer attempt (or a cancel) owns the state now.
    if (store.get().login?.session === session) store.update({ login: undefined });
    if (!r.ok) {
      report(signInFailure(r, session, () => login(session, flow)));
      return false;
    }
    await succeeded(session);
    return true;
  };

  return {
    store,
    login,
    async addAndLogin(input: { startUrl: string; region: string; name?: string }, flow: Flow): Promise<boolean> {
      const r = await settle(api.sessions.add(input.name ? input : { startUrl: input.startUrl, region: input.region }));
      if (!r.ok) {
        report(notice(r));
        return false;
      }
      await sessions.refresh();
      return login(r.value.name, flow);
    },
    /** What to do next in the sign-in under way (a device code, the browser's URL); one the
     * tray or a notification started is shown too, when this window is not signing in. */
    prompted(prompt: SignInPromptView): void {
      const current = store.get().login;
      if (current && current.session === prompt.session) store.update({ login: { ...current, prompt } });
      else if (!current) {
        notices.dismiss();
        store.update({ login: { session: prompt.session, flow: prompt.kind === 'device' ? 'device' : 'pkce', prompt, elsewhere: true } });
      }
    },
    /** A sign-in ended; this window follows the end of one it did not start (main tells of
     * its failure in a notification). */
    finished({ session, ok }: { session: string; ok: boolean }): void {
      const current = store.get().login;
      if (!current?.elsewhere || current.session !== session) return;
      store.update({ login: undefined });
      if (ok) void succeeded(session);
    },
    async cancelLogin(): Promise<void> {
      const current = store.get().login;
      if (!current) return;
      store.update({ login: undefined });
      const r = await settle(api.sessions.cancelLogin({ session: current.session }));
      if (!r.ok) report(notice(r));
    },
    /** `unuse`: the session's profiles leave the credentials file too. */
    async logout(session: string, unuse = false): Promise<boolean> {
      const r = await settle(api.sessions.logout(unuse ? { session, unuse } : { session }));
      if (!r.ok) {
        report(notice(r));
        return false;
      }
      catalog.forget(session);
      await sessions.refresh();
      return true;
    },
  };
}

export type SignInSlice = ReturnType<typeof createSignIn>;
