import type { CoreContext } from '../context';
import type { ConfigProfiles } from '../iam/config-profiles';
import type { LoginOptions, SsoAuth } from '../sso/sso-auth';
import type { SsoSessionRef } from '../types';
import type { LatchkeyEmitter } from './latchkey-events';
import type { RefreshLoop } from './refresh-loop';
import { signOut, type SignOutResult } from './sign-out';
import { ensureSsoSession, listSsoSessions, resolveSsoSession } from './sso-sessions';
import type { StateStore } from './state-store';

// The SSO sessions of ~/.aws/config and their sign-ins: list, add, sign in, sign out.

export interface SessionSummary extends SsoSessionRef {
  signedIn: boolean;
  expiresAt?: number;
  refreshable: boolean;
}

export interface SignInSessionsDeps {
  ctx: CoreContext;
  auth: SsoAuth;
  store: StateStore;
  configProfiles: ConfigProfiles;
  refresh: RefreshLoop;
  events: LatchkeyEmitter;
}

export class SignInSessions {
  constructor(private readonly deps: SignInSessionsDeps) {}

  async list(): Promise<SessionSummary[]> {
    const sessions = await listSsoSessions(this.deps.ctx);
    return Promise.all(sessions.map((s) => this.summary(s)));
  }

  /** The session with its sign-in's state. */
  async summary(session: SsoSessionRef): Promise<SessionSummary> {
    return { ...session, ...(await this.deps.auth.status(session)) };
  }

  /** The named session, or the only one when no name is given. */
  resolve(name?: string): Promise<SsoSessionRef> {
    return resolveSsoSession(this.deps.ctx, name);
  }

  async add(input: { startUrl: string; region: string; name?: string }): Promise<SsoSessionRef> {
    const session = await ensureSsoSession(this.deps.ctx, input);
    this.deps.events.emit('sessions-changed');
    return session;
  }

  /** A valid access token for the session, signing in first when there is none. */
  ensureSignedIn(session: SsoSessionRef, options: LoginOptions = {}): Promise<string> {
    return this.deps.auth.ensureSignedIn(session, options);
  }

  async login(session: SsoSessionRef, options?: LoginOptions): Promise<{ expiresAt: number; waitedForOther: boolean }> {
    const result = await this.deps.auth.login(session, options);
    this.deps.events.emit('sessions-changed');
    this.deps.refresh.signedIn(session);
    return result;
  }

  /** Signs out and ends what the sign-in handed out (see sign-out.ts); with `unuse` its
   * profiles leave ~/.aws/credentials, otherwise they stay until they expire, no longer renewed. */
  async logout(session: SsoSessionRef, options: { unuse?: boolean } = {}): Promise<SignOutResult> {
    const { ctx, auth, store, configProfiles, refresh, events } = this.deps;
    await refresh.idle(); // a refresh under way could renew a profile after sign-out marks it
    try {
      return await signOut({ ctx, auth, store, configProfiles }, session, options);
    } finally {
      events.emit('sessions-changed');
      const state = await store.read().catch(() => undefined);
      if (state) events.emit('profiles-changed', state.activeProfiles);
      refresh.reschedule();
    }
  }
}
