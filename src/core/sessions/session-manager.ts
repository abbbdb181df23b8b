import { EventEmitter } from 'node:events';
import { awsPaths } from '../aws/paths';
import { listManagedProfiles, removeManagedProfile, writeManagedProfile } from '../aws/credentials-file';
import { warnUser, type CoreContext } from '../context';
import type { TimerHandle } from '../clock';
import { buildConsoleSigninUrl } from '../console/federation';
import { partitionOf } from '../console/partitions';
import { LatchkeyError, isLatchkeyError } from '../errors';
import { assertProfileName, sameStartUrl } from '../validation';
import { readCatalogCache, writeCatalogCache } from '../sso/catalog-cache';
import { syncCatalog, type SyncProgress } from '../sso/catalog-sync';
import { PortalClient } from '../sso/portal';
import { retryPortalCall } from '../sso/portal-retry';
import { SsoAuth, type LoginOptions } from '../sso/sso-auth';
import type { CatalogAccount, RoleCredentials, SsoSessionRef } from '../types';
import { findRole, parseRoleArg } from './role-ref';
import { ensureSsoSession, listSsoSessions, resolveSsoSession } from './sso-sessions';
import { StateStore, roleKey, type ActiveProfile, type AppState } from './state-store';
import { recordRecent, toggleFavorite } from './favorites';
import { signOut, type SignOutResult } from './sign-out';
import { ConfigProfiles, type ProfileCallOptions } from '../iam/config-profiles';
import { MfaCodeNeeded, type PromptMfaCode } from '../iam/mfa-code';
import type { ConfigProfileSummary, ProfilePlan, ProfileProblem } from '../iam/profile-plan';
import type { ObtainedCredentials } from '../iam/profile-credentials';
import type { SecretStore } from '../iam/secret-store';
import { assertWritableTarget } from '../iam/target-profile';

// The session manager is the one facade the app and the command drive: sessions, the role
// catalog, active profiles and their refresh. Every outside thing comes in through ctx.

export interface ResolvedRole {
  session: SsoSessionRef;
  accountId: string;
  accountName: string;
  roleName: string;
}

export interface SessionSummary extends SsoSessionRef {
  signedIn: boolean;
  expiresAt?: number;
  refreshable: boolean;
}

export interface CatalogView {
  session: string;
  accounts: CatalogAccount[];
  syncedAt: number;
  fromCache: boolean;
}

export type SessionManagerEvents = {
  'sessions-changed': [];
  'sync-progress': [{ session: string; progress: SyncProgress }];
  'catalog-updated': [CatalogView];
  'profiles-changed': [ActiveProfile[]];
  'profile-refreshed': [ActiveProfile];
  'expiry-warning': [{ kind: 'profile' | 'session'; name: string; expiresAt: number }];
  'sign-in-needed': [{ session: string }];
  /** A background failure; `session` or `profile` says what it concerns, when one thing does. */
  error: [{ code: string; message: string; session?: string; profile?: string }];
};

export interface SessionManagerOptions {
  /** Active profiles are refreshed this long before their credentials expire. */
  refreshMarginMs?: number;
  /** Warn this long before an active profile or the sign-in ends without a way to renew it. */
  expiryWarningMs?: number;
  /** Where the app keeps IAM users' long-term keys (the OS keychain); none in the command. */
  secretStore?: SecretStore;
  /** Asks the person for an MFA code (the app's dialog). Background refreshes never call it. */
  promptMfaCode?: PromptMfaCode;
}

const MINUTE = 60_000;

export class SessionManager extends EventEmitter<SessionManagerEvents> {
  readonly auth: SsoAuth;
  readonly store: StateStore;
  private refreshMarginMs: number;
  private readonly expiryWarningMs: number;
  private timer: TimerHandle | undefined;
  private refreshing: Promise<void> | undefined;
  private running = false;
  private readonly syncs = new Map<string, Promise<CatalogView>>();
  private readonly warned = new Set<string>();
  private readonly lastTokens = new Map<string, string>();
  /** After a failed refresh, wait this long before trying again (doubling, capped). */
  private retryDelayMs = 0;
  /** The profiles of ~/.aws/config (chained roles, IAM users with MFA). */
  readonly configProfiles: ConfigProfiles;
  /** Where IAM users' keys are kept in the app (the OS keychain); absent in the command. */
  readonly secretStore: SecretStore | undefined;

  constructor(
    readonly ctx: CoreContext,
    options: SessionManagerOptions = {},
  ) {
    super();
    this.auth = new SsoAuth(ctx);
    this.store = new StateStore(ctx);
    this.refreshMarginMs = options.refreshMarginMs ?? 10 * MINUTE;
    this.expiryWarningMs = options.expiryWarningMs ?? 10 * MINUTE;
    this.secretStore = options.secretStore;
    this.configProfiles = new ConfigProfiles({
      ctx,
      ssoRoleCredentials: (role) => this.getRoleCredentials({ ...role, accountName: '' }),
      ...(options.secretStore ? { secretStore: options.secretStore } : {}),
      ...(options.promptMfaCode ? { promptMfaCode: options.promptMfaCode } : {}),
    });
  }

  /** A warning for the person (a file the AWS CLI cannot read, …): see CoreContext.warnUser. */
  private readonly warnUser = (message: string): void => warnUser(this.ctx, message);

  // --- sessions -------------------------------------------------------------------------

  async listSessions(): Promise<SessionSummary[]> {
    const sessions = await listSsoSessions(this.ctx);
    return Promise.all(sessions.map(async (s) => ({ ...s, ...(await this.auth.status(s)) })));
  }

  resolveSession(name?: string): Promise<SsoSessionRef> {
    return resolveSsoSession(this.ctx, name);
  }

  async addSession(input: { startUrl: string; region: string; name?: string }): Promise<SsoSessionRef> {
    const session = await ensureSsoSession(this.ctx, input);
    this.emit('sessions-changed');
    return session;
  }

  async login(session: SsoSessionRef, options?: LoginOptions): Promise<{ expiresAt: number; waitedForOther: boolean }> {
    const result = await this.auth.login(session, options);
    this.retryDelayMs = 0;
    this.warned.delete(`session:${session.name}`);
    this.warned.delete(`session-expiry:${session.name}`);
    this.emit('sessions-changed');
    this.reschedule();
    return result;
  }

  /** Signs out and ends what the sign-in handed out (see sign-out.ts); with `unuse` its
   * profiles leave ~/.aws/credentials, otherwise they stay until they expire, no longer renewed. */
  async logout(session: SsoSessionRef, options: { unuse?: boolean } = {}): Promise<SignOutResult> {
    await this.idle(); // a refresh under way could renew a profile after sign-out marks it
    try {
      return await signOut({ ctx: this.ctx, auth: this.auth, store: this.store, configProfiles: this.configProfiles }, session, options);
    } finally {
      this.emit('sessions-changed');
      const state = await this.store.read().catch(() => undefined);
      if (state) this.emit('profiles-changed', state.activeProfiles);
      this.reschedule();
    }
  }

  // --- catalog --------------------------------------------------------------------------

  private portal(session: SsoSessionRef, maxAttempts?: number): PortalClient {
    const getToken = async () => {
      const token = await this.auth.getAccessToken(session);
      this.lastTokens.set(session.name, token);
      return token;
    };
    return new PortalClient(this.ctx, session.region, getToken, maxAttempts ? { maxAttempts } : undefined);
  }

  /**
   * Runs a portal call; if AWS rejects a token the cache still calls valid (revoked at the
   * portal, or a skewed clock), marks it expired and tries once more, which renews it with the
   * refresh token or ends in NOT_SIGNED_IN. Never a loop, never a sign-in nobody asked for.
   */
  private async withTokenRetry<T>(session: SsoSessionRef, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (err) {
      const rejected = this.lastTokens.get(session.name);
      if (!isLatchkeyError(err, 'NOT_SIGNED_IN') || !rejected) throw err;
      this.lastTokens.delete(session.name);
      await this.auth.invalidateAccessToken(session, rejected);
      return call();
    }
  }

  /**
   * The cached catalog at once, or a sync when there is none or `refresh` is asked for. With
   * `refreshInBackground` (the app) a cached answer also starts a sync whose result arrives as
   * a 'catalog-updated' event, so the list shows at once and is current moments later.
   */
  async getCatalog(
    session: SsoSessionRef,
    options: { refresh?: boolean; refreshInBackground?: boolean; onProgress?: (p: SyncProgress) => void; signal?: AbortSignal } = {},
  ): Promise<CatalogView> {
    if (!options.refresh) {
      const cached = await readCatalogCache(this.ctx, session.name);
      if (cached && sameStartUrl(cached.startUrl, session.startUrl)) {
        if (options.refreshInBackground) {
          this.sync(session).catch((err: unknown) => this.onBackgroundError(err, session));
        }
        return { session: session.name, accounts: cached.accounts, syncedAt: cached.syncedAt, fromCache: true };
      }
    }
    return this.sync(session, options);
  }

  private onBackgroundError(err: unknown, session: SsoSessionRef): void {
    if (isLatchkeyError(err, 'NOT_SIGNED_IN')) this.emit('sign-in-needed', { session: session.name });
    else if (err instanceof LatchkeyError) this.emit('error', { code: err.code, message: err.message, session: session.name });
    else this.emit('error', { code: 'AWS_ERROR', message: String((err as Error)?.message ?? err), session: session.name });
  }

  /** One sync per session at a time; later callers share the one in flight. */
  sync(session: SsoSessionRef, options: { onProgress?: (p: SyncProgress) => void; signal?: AbortSignal } = {}): Promise<CatalogView> {
    const running = this.syncs.get(session.name);
    if (running) return running;
    const run = (async () => {
      const portal = this.portal(session, 1);
      const result = await this.withTokenRetry(session, () =>
        syncCatalog(portal, {
          clock: this.ctx.clock,
          ...(options.signal ? { signal: options.signal } : {}),
          onProgress: (progress) => {
            options.onProgress?.(progress);
            this.emit('sync-progress', { session: session.name, progress });
          },
        }),
      ).finally(() => portal.destroy());
      const syncedAt = this.ctx.clock.now();
      await writeCatalogCache(this.ctx, { version: 1, session: session.name, startUrl: session.startUrl, syncedAt, accounts: result.accounts });
      const view: CatalogView = { session: session.name, accounts: result.accounts, syncedAt, fromCache: false };
      this.emit('catalog-updated', view);
      return view;
    })().finally(() => this.syncs.delete(session.name));
    this.syncs.set(session.name, run);
    return run;
  }

  /** `ACCOUNT/ROLE_NAME` → the role, syncing once if the cached catalog does not know it. */
  async resolveRole(roleArg: string, sessionName?: string): Promise<ResolvedRole> {
    const arg = parseRoleArg(roleArg);
    const session = await this.resolveSession(sessionName);
    let catalog = await this.getCatalog(session);
    let found: ReturnType<typeof findRole>;
    try {
      found = findRole(catalog.accounts, arg);
    } catch (err) {
      if (!catalog.fromCache || !isLatchkeyError(err, 'NOT_FOUND')) throw err;
      catalog = await this.sync(session);
      found = findRole(catalog.accounts, arg);
    }
    return { session, accountId: found.account.accountId, accountName: found.account.accountName, roleName: found.roleName };
  }

  async getRoleCredentials(role: ResolvedRole): Promise<RoleCredentials> {
    const portal = this.portal(role.session);
    try {
      return await this.withTokenRetry(role.session, () => retryPortalCall(this.ctx, () => portal.getRoleCredentials(role.accountId, role.roleName)));
    } finally {
      portal.destroy();
    }
  }

  // --- active profiles ------------------------------------------------------------------

  /** Writes the role's credentials to `profile` in the credentials file and keeps it fresh. */
  async activate(role: ResolvedRole, profile = 'default'): Promise<ActiveProfile> {
    assertProfileName(profile);
    const credentialsFile = awsPaths(this.ctx).credentialsFile;
    await assertWritableTarget(this.ctx, profile);
    const creds = await this.getRoleCredentials(role);
    await writeManagedProfile(credentialsFile, profile, creds, { source: describeRole(role), warn: this.warnUser });
    const now = this.ctx.clock.now();
    const active: ActiveProfile = {
      profile,
      session: role.session.name,
      accountId: role.accountId,
      roleName: role.roleName,
      expiration: creds.expiration,
      activatedAt: now,
      credentialsFile,
    };
    const key = roleKey({ session: role.session.name, accountId: role.accountId, roleName: role.roleName });
    const state = await this.store.update((s) => {
      s.activeProfiles = [...s.activeProfiles.filter((p) => !sameProfile(p, profile, credentialsFile)), active];
      recordRecent(s, key, now);
    });
    this.warned.delete(`profile:${profile}`);
    this.emit('profiles-changed', state.activeProfiles);
    this.reschedule();
    return active;
  }

  /** Removes a profile Latchkey wrote; NOT_OWNED for a hand-written one. */
  async deactivate(profile: string): Promise<boolean> {
    assertProfileName(profile);
    const credentialsFile = awsPaths(this.ctx).credentialsFile;
    const removed = await removeManagedProfile(credentialsFile, profile, { warn: this.warnUser });
    const state = await this.store.update((s) => {
      s.activeProfiles = s.activeProfiles.filter((p) => !sameProfile(p, profile, credentialsFile));
    });
    this.emit('profiles-changed', state.activeProfiles);
    this.reschedule();
    return removed;
  }

  /** Active profiles of this credentials file, limited to those whose section is still there. */
  async activeProfiles(): Promise<ActiveProfile[]> {
    const credentialsFile = awsPaths(this.ctx).credentialsFile;
    const [state, managed] = await Promise.all([this.store.read(), listManagedProfiles(credentialsFile)]);
    const present = new Set(managed.map((m) => m.profile));
    return state.activeProfiles.filter((p) => present.has(p.profile) && (p.credentialsFile ?? credentialsFile) === credentialsFile);
  }

  /** Adds or removes a favorite; returns the state as written. */
  toggleFavorite(role: { session: string; accountId: string; roleName: string }): Promise<AppState> {
    return this.store.update((s) => toggleFavorite(s, roleKey(role)));
  }

  async consoleUrl(role: ResolvedRole, options: { region?: string; service?: string } = {}): Promise<string> {
    const region = options.region ?? role.session.region;
    if (partitionOf(region) !== partitionOf(role.session.region)) {
      throw new LatchkeyError('BAD_INPUT', `${region} is in the ${partitionOf(region)} partition, but "${role.session.name}" signs in to ${partitionOf(role.session.region)}.`, {
        hint: `Pick a region of the ${partitionOf(role.session.region)} partition, e.g. ${role.session.region}.`,
      });
    }
    const creds = await this.getRoleCredentials(role);
    const url = await buildConsoleSigninUrl(this.ctx, {
      credentials: creds,
      kind: 'sso-role',
      region,
      ...(options.service ? { service: options.service } : {}),
    });
    const now = this.ctx.clock.now();
    await this.store.update((s) => recordRecent(s, roleKey({ session: role.session.name, accountId: role.accountId, roleName: role.roleName }), now));
    return url;
  }

  // --- profiles from ~/.aws/config (issue 5) --------------------------------------------

  /** Profiles Latchkey can resolve, beside the Identity Center roles; `problems` names those it
   * cannot (a source_profile loop, an unsupported source) with the reason. */
  listConfigProfiles(): Promise<{ profiles: ConfigProfileSummary[]; problems: ProfileProblem[] }> {
    return this.configProfiles.list();
  }

  resolveProfile(name: string): Promise<ProfilePlan> {
    return this.configProfiles.plan(name);
  }

  /** Short-lived credentials for a config profile (may ask for an MFA code). */
  credentialsForProfile(name: string, options: ProfileCallOptions = {}): Promise<ObtainedCredentials & { plan: ProfilePlan }> {
    return this.configProfiles.credentials(name, options);
  }

  /** Like activate, for a config profile: its credentials go to `profile` and are kept fresh. */
  async activateProfile(configProfile: string, profile = 'default', options: ProfileCallOptions = {}): Promise<ActiveProfile> {
    assertProfileName(profile);
    const credentialsFile = awsPaths(this.ctx).credentialsFile;
    if (profile === configProfile) {
      throw new LatchkeyError('BAD_INPUT', `Latchkey cannot write profile "${configProfile}"'s credentials over the profile itself.`, {
        hint: `Choose another target profile (for example ${configProfile}-session).`,
        cliHint: `Choose another target with --profile (for example --profile ${configProfile}-session).`,
      });
    }
    // Credentials written over a profile of the chain would become the chain's own source:
    // the next refresh would start from them (or from nothing once they expire).
    const planned = await this.configProfiles.plan(configProfile);
    const chain = planned.chain;
    if (chain.includes(profile)) {
      throw new LatchkeyError('BAD_INPUT', `Profile "${configProfile}" gets its credentials through profile "${profile}" (${chain.join(' → ')}), so Latchkey will not write over it.`, {
        hint: `Choose another target profile (for example ${configProfile}-session).`,
        cliHint: `Choose another target with --profile (for example --profile ${configProfile}-session).`,
      });
    }
    await assertWritableTarget(this.ctx, profile);
    const { plan, credentials } = await this.configProfiles.credentialsOf(planned, options);
    const who = await this.configProfiles.identity(plan, credentials);
    await writeManagedProfile(credentialsFile, profile, credentials, { source: `profile ${configProfile}`, warn: this.warnUser });
    const now = this.ctx.clock.now();
    const active: ActiveProfile = {
      profile,
      session: configProfile,
      accountId: who.accountId,
      roleName: who.roleName,
      expiration: credentials.expiration,
      activatedAt: now,
      credentialsFile,
      configProfile,
      ...(plan.source.kind === 'sso-role' ? { ssoSession: plan.source.session.name } : {}),
    };
    const state = await this.store.update((s) => {
      s.activeProfiles = [...s.activeProfiles.filter((p) => !sameProfile(p, profile, credentialsFile)), active];
    });
    this.warned.delete(`profile:${profile}`);
    this.warned.delete(`mfa:${profile}`);
    this.emit('profiles-changed', state.activeProfiles);
    this.reschedule();
    return active;
  }

  /** A console sign-in URL for a config profile: chained roles without SessionDuration, IAM
   * users through GetFederationToken; UNSUPPORTED where AWS allows none. */
  consoleUrlForProfile(configProfile: string, options: ProfileCallOptions & { region?: string; service?: string } = {}): Promise<string> {
    return this.configProfiles.consoleUrl(configProfile, options);
  }

  private async refreshConfigProfile(p: ActiveProfile & { configProfile: string }, onFailed: () => void): Promise<void> {
    try {
      const refreshed = await this.activateProfile(p.configProfile, p.profile, { promptMfaCode: null });
      this.emit('profile-refreshed', refreshed);
    } catch (err) {
      onFailed();
      if (err instanceof MfaCodeNeeded) {
        // Nothing asks for a code in the background: one NOT_SIGNED_IN error event says which
        // profile needs one (the app shows it and offers its MFA dialog, which calls
        // activateProfile again), then the usual expiry warning before the credentials end.
        if (!this.warned.has(`mfa:${p.profile}`)) {
          this.warned.add(`mfa:${p.profile}`);
          this.emit('error', { code: err.code, message: err.message, profile: p.profile });
        }
      } else if (isLatchkeyError(err, 'NOT_SIGNED_IN')) {
        const plan = await this.configProfiles.plan(p.configProfile).catch(() => undefined);
        const session = plan?.source.kind === 'sso-role' ? plan.source.session.name : undefined;
        if (session && !this.warned.has(`session:${session}`)) {
          this.warned.add(`session:${session}`);
          this.emit('sign-in-needed', { session });
        } else if (!session) {
          this.emit('error', { code: err.code, message: err.message, profile: p.profile });
        }
      } else {
        const e = err instanceof LatchkeyError ? err : new LatchkeyError('AWS_ERROR', String((err as Error)?.message ?? err));
        this.emit('error', { code: e.code, message: e.message, profile: p.profile });
      }
      const now = this.ctx.clock.now();
      if (p.expiration - now <= this.expiryWarningMs && !this.warned.has(`profile:${p.profile}`)) {
        this.warned.add(`profile:${p.profile}`);
        this.emit('expiry-warning', { kind: 'profile', name: p.profile, expiresAt: p.expiration });
      }
    }
  }

  // --- keeping things fresh -------------------------------------------------------------

  /** The app's refresh-margin setting changed: later refreshes start this long before expiry. */
  setRefreshMargin(ms: number): void {
    this.refreshMarginMs = ms;
    this.reschedule();
  }

  /** Starts the refresh loop (the app calls this; the command does not). */
  start(): void {
    this.running = true;
    this.reschedule(0);
  }

  stop(): void {
    this.running = false;
    this.timer?.cancel();
    this.timer = undefined;
  }

  /** Resolves once a refresh already under way has finished writing (the app waits on quit). */
  async idle(): Promise<void> {
    await this.refreshing;
  }

  /** Refreshes every active profile that is within the margin of expiry; returns when done. */
  async refreshDue(): Promise<void> {
    let failed = false;
    const onError = (err: unknown, profile: ActiveProfile | undefined, session: SsoSessionRef) => {
      failed = true;
      this.onRefreshError(err, profile, session);
    };
    await this.refreshEach(onError, () => {
      failed = true;
    });
    // Failures back off (15 s doubling to 5 min) so an outage or a lapsed sign-in is not
    // hammered every second until the person acts.
    this.retryDelayMs = failed ? Math.min(Math.max(15_000, this.retryDelayMs * 2), 5 * MINUTE) : 0;
  }

  private async refreshEach(
    onError: (err: unknown, profile: ActiveProfile | undefined, session: SsoSessionRef) => void,
    onConfigProfileFailed: () => void,
  ): Promise<void> {
    const now = this.ctx.clock.now();
    const profiles = await this.activeProfiles();
    const sessions = await listSsoSessions(this.ctx);
    for (const p of profiles) {
      // Signed out: no renewal, and no "sign in" nag for a sign-in the person ended on purpose.
      if (p.signedOutAt !== undefined || p.expiration - now > this.refreshMarginMs) continue;
      if (p.configProfile) {
        await this.refreshConfigProfile({ ...p, configProfile: p.configProfile }, onConfigProfileFailed);
        continue;
      }
      const session = sessions.find((s) => s.name === p.session);
      if (!session) continue;
      try {
        const cached = await readCatalogCache(this.ctx, session.name).catch(() => undefined);
        const accountName = cached?.accounts.find((a) => a.accountId === p.accountId)?.accountName ?? '';
        const refreshed = await this.activate({ session, accountId: p.accountId, accountName, roleName: p.roleName }, p.profile);
        this.emit('profile-refreshed', refreshed);
      } catch (err) {
        onError(err, p, session);
      }
    }
    // Keep the sign-in alive: asking for a token refreshes it near expiry. A sign-in that
    // cannot be renewed gets one warning before it ends.
    for (const session of sessions) {
      const status = await this.auth.status(session);
      if (!status.signedIn || status.expiresAt === undefined) continue;
      if (status.refreshable && status.expiresAt - now <= this.refreshMarginMs) {
        await this.auth.getAccessToken(session).catch((err) => onError(err, undefined, session));
      } else if (!status.refreshable && status.expiresAt - now <= this.expiryWarningMs && !this.warned.has(`session-expiry:${session.name}`)) {
        this.warned.add(`session-expiry:${session.name}`);
        this.emit('expiry-warning', { kind: 'session', name: session.name, expiresAt: status.expiresAt });
      }
    }
  }

  private onRefreshError(err: unknown, profile: ActiveProfile | undefined, session: SsoSessionRef): void {
    const now = this.ctx.clock.now();
    if (isLatchkeyError(err, 'NOT_SIGNED_IN')) {
      if (!this.warned.has(`session:${session.name}`)) {
        this.warned.add(`session:${session.name}`);
        this.emit('sign-in-needed', { session: session.name });
      }
    } else {
      const e = err instanceof LatchkeyError ? err : new LatchkeyError('AWS_ERROR', String((err as Error)?.message ?? err));
      this.emit('error', { code: e.code, message: e.message, session: session.name, ...(profile ? { profile: profile.profile } : {}) });
    }
    if (profile && profile.expiration - now <= this.expiryWarningMs && !this.warned.has(`profile:${profile.profile}`)) {
      this.warned.add(`profile:${profile.profile}`);
      this.emit('expiry-warning', { kind: 'profile', name: profile.profile, expiresAt: profile.expiration });
    }
  }

  private reschedule(delayMs?: number): void {
    if (!this.running) return;
    this.timer?.cancel();
    void this.nextDelay().then((computed) => {
      if (!this.running) return;
      this.timer?.cancel();
      // The app's refresh loop: nothing waits on it, so it must not hold a process open.
      this.timer = this.ctx.clock.setBackgroundTimeout(() => {
        this.refreshing = this.refreshDue()
          .catch((err) => void this.emit('error', { code: 'AWS_ERROR', message: String((err as Error)?.message ?? err) }))
          .finally(() => {
            this.refreshing = undefined;
            this.reschedule();
          });
      }, delayMs ?? computed);
    });
  }

  /** Time until the next profile enters its refresh margin: at most a minute (to notice changes
   * made by the command), at least a second, and after failures at least the back-off. */
  private async nextDelay(): Promise<number> {
    const now = this.ctx.clock.now();
    const profiles = await this.activeProfiles().catch(() => []);
    let next = now + MINUTE;
    for (const p of profiles) if (p.signedOutAt === undefined) next = Math.min(next, p.expiration - this.refreshMarginMs);
    return Math.max(1000, this.retryDelayMs, next - now);
  }
}

export function describeRole(role: ResolvedRole): string {
  return `${role.session.name}: ${role.accountName ? `${role.accountName} ` : ''}${role.accountId}/${role.roleName}`;
}

function sameProfile(p: ActiveProfile, profile: string, credentialsFile: string): boolean {
  return p.profile === profile && (p.credentialsFile ?? credentialsFile) === credentialsFile;
}
