import type { TimerHandle } from '../clock';
import type { CoreContext } from '../context';
import { isLatchkeyError } from '../errors';
import type { ConfigProfiles } from '../iam/config-profiles';
import { MfaCodeNeeded } from '../iam/mfa-code';
import type { SsoAuth } from '../sso/sso-auth';
import type { SsoSessionRef } from '../types';
import type { ActiveProfiles } from './active-profiles';
import type { CatalogService } from './catalog-service';
import { errorEvent, type LatchkeyEmitter } from './latchkey-events';
import type { RefreshWarnings } from './refresh-warnings';
import { listSsoSessions } from './sso-sessions';
import type { ActiveProfile, ConfigActiveProfile } from './state-store';

// Keeps active profiles and sign-ins fresh in the app: each profile is renewed a margin before
// it expires, sign-ins are renewed with their refresh token, and what cannot be renewed is
// warned about once. The command never starts it.

export interface RefreshLoopDeps {
  ctx: CoreContext;
  auth: SsoAuth;
  catalog: CatalogService;
  profiles: ActiveProfiles;
  configProfiles: ConfigProfiles;
  events: LatchkeyEmitter;
  warnings: RefreshWarnings;
}

export interface RefreshTiming {
  /** Active profiles are refreshed this long before their credentials expire. */
  refreshMarginMs?: number;
  /** Warn this long before an active profile or the sign-in ends without a way to renew it. */
  expiryWarningMs?: number;
}

const MINUTE = 60_000;

export class RefreshLoop {
  private marginMs: number;
  private readonly expiryWarningMs: number;
  private timer: TimerHandle | undefined;
  private refreshing: Promise<void> | undefined;
  private running = false;
  /** After a failed refresh, wait this long before trying again (doubling, capped). */
  private retryDelayMs = 0;

  constructor(
    private readonly deps: RefreshLoopDeps,
    timing: RefreshTiming = {},
  ) {
    this.marginMs = timing.refreshMarginMs ?? 10 * MINUTE;
    this.expiryWarningMs = timing.expiryWarningMs ?? 10 * MINUTE;
    // A profile written or removed may be due sooner (or no longer at all).
    deps.events.on('profiles-changed', () => this.reschedule());
  }

  /** The app's refresh-margin setting changed: later refreshes start this long before expiry. */
  setMargin(ms: number): void {
    this.marginMs = ms;
    this.reschedule();
  }

  /** Starts the loop (the app calls this; the command does not). */
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

  /** A sign-in succeeded: its warnings and the back-off start afresh. */
  signedIn(session: SsoSessionRef): void {
    this.retryDelayMs = 0;
    this.deps.warnings.clear({ kind: 'sign-in', session: session.name }, { kind: 'session-expiry', session: session.name });
    this.reschedule();
  }

  /** Refreshes every active profile that is within the margin of expiry; returns when done. */
  async refreshDue(): Promise<void> {
    let failed = false;
    const now = this.deps.ctx.clock.now();
    const profiles = await this.deps.profiles.list();
    const sessions = await listSsoSessions(this.deps.ctx);
    for (const p of profiles) {
      // Signed out: no renewal, and no "sign in" nag for a sign-in the person ended on purpose.
      if (p.signedOutAt !== undefined || p.expiration - now > this.marginMs) continue;
      const ok = p.source === 'config-profile' ? await this.refreshConfigProfile(p) : await this.refreshSsoProfile(p, sessions);
      if (!ok) failed = true;
    }
    // Keep the sign-in alive: asking for a token refreshes it near expiry. A sign-in that
    // cannot be renewed gets one warning before it ends.
    for (const session of sessions) {
      const status = await this.deps.auth.status(session);
      if (!status.signedIn || status.expiresAt === undefined) continue;
      if (status.refreshable && status.expiresAt - now <= this.marginMs) {
        await this.deps.auth.getAccessToken(session).catch((err: unknown) => {
          failed = true;
          this.onSsoError(err, undefined, session);
        });
      } else if (
        !status.refreshable &&
        status.expiresAt - now <= this.expiryWarningMs &&
        this.deps.warnings.once({ kind: 'session-expiry', session: session.name })
      ) {
        this.deps.events.emit('expiry-warning', { kind: 'session', name: session.name, expiresAt: status.expiresAt });
      }
    }
    // Failures back off (15 s doubling to 5 min) so an outage or a lapsed sign-in is not
    // hammered every second until the person acts.
    this.retryDelayMs = failed ? Math.min(Math.max(15_000, this.retryDelayMs * 2), 5 * MINUTE) : 0;
  }

  reschedule(delayMs?: number): void {
    if (!this.running) return;
    this.timer?.cancel();
    void this.nextDelay().then((computed) => {
      if (!this.running) return;
      this.timer?.cancel();
      // Nothing waits on the loop, so it must not hold a process open.
      this.timer = this.deps.ctx.clock.setBackgroundTimeout(() => {
        this.refreshing = this.refreshDue()
          .catch((err: unknown) => void this.deps.events.emit('error', errorEvent(err)))
          .finally(() => {
            this.refreshing = undefined;
            this.reschedule();
          });
      }, delayMs ?? computed);
    });
  }

  private async refreshSsoProfile(p: ActiveProfile & { source: 'sso' }, sessions: SsoSessionRef[]): Promise<boolean> {
    const session = sessions.find((s) => s.name === p.session);
    if (!session) return true;
    try {
      const accountName = await this.deps.catalog.cachedAccountName(session.name, p.accountId);
      const refreshed = await this.deps.profiles.activate({ session, accountId: p.accountId, accountName, roleName: p.roleName }, p.profile);
      this.deps.events.emit('profile-refreshed', refreshed);
      return true;
    } catch (err) {
      this.onSsoError(err, p, session);
      return false;
    }
  }

  private async refreshConfigProfile(p: ConfigActiveProfile): Promise<boolean> {
    try {
      const refreshed = await this.deps.profiles.activateConfigProfile(p.profileName, p.profile, { promptMfaCode: null });
      this.deps.events.emit('profile-refreshed', refreshed);
      return true;
    } catch (err) {
      if (err instanceof MfaCodeNeeded) {
        // Nothing asks for a code in the background: one NOT_SIGNED_IN error event says which
        // profile needs one (the app shows it and offers its MFA dialog, which activates the
        // profile again), then the usual expiry warning before the credentials end.
        if (this.deps.warnings.once({ kind: 'mfa', profile: p.profile })) this.deps.events.emit('error', errorEvent(err, { profile: p.profile }));
      } else if (isLatchkeyError(err, 'NOT_SIGNED_IN')) {
        const plan = await this.deps.configProfiles.plan(p.profileName).catch(() => undefined);
        const session = plan?.source.kind === 'sso-role' ? plan.source.session.name : undefined;
        if (!session) this.deps.events.emit('error', errorEvent(err, { profile: p.profile }));
        else if (this.deps.warnings.once({ kind: 'sign-in', session })) this.deps.events.emit('sign-in-needed', { session });
      } else {
        this.deps.events.emit('error', errorEvent(err, { profile: p.profile }));
      }
      this.warnProfileExpiry(p);
      return false;
    }
  }

  private onSsoError(err: unknown, profile: ActiveProfile | undefined, session: SsoSessionRef): void {
    if (isLatchkeyError(err, 'NOT_SIGNED_IN')) {
      if (this.deps.warnings.once({ kind: 'sign-in', session: session.name })) this.deps.events.emit('sign-in-needed', { session: session.name });
    } else {
      this.deps.events.emit('error', errorEvent(err, { session: session.name, ...(profile ? { profile: profile.profile } : {}) }));
    }
    if (profile) this.warnProfileExpiry(profile);
  }

  private warnProfileExpiry(p: ActiveProfile): void {
    if (p.expiration - this.deps.ctx.clock.now() <= this.expiryWarningMs && this.deps.warnings.once({ kind: 'profile-expiry', profile: p.profile })) {
      this.deps.events.emit('expiry-warning', { kind: 'profile', name: p.profile, expiresAt: p.expiration });
    }
  }

  /** Time until the next profile enters its refresh margin: at most a minute (to notice changes
   * made by the command), at least a second, and after failures at least the back-off. */
  private async nextDelay(): Promise<number> {
    const now = this.deps.ctx.clock.now();
    const profiles = await this.deps.profiles.list().catch(() => []);
    let next = now + MINUTE;
    for (const p of profiles) if (p.signedOutAt === undefined) next = Math.min(next, p.expiration - this.marginMs);
    return Math.max(1000, this.retryDelayMs, next - now);
  }
}
