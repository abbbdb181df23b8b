import type { CoreContext } from '../context';
import { isLatchkeyError } from '../errors';
import { sameStartUrl } from '../validation';
import { forgetLearnedCatalog, readCatalogCache, writeCatalogCache } from '../sso/catalog-cache';
import { startCatalogSync, type CatalogSyncRun, type SyncProgress } from '../sso/catalog-sync';
import { PortalClient } from '../sso/portal';
import { retryPortalCall } from '../sso/portal-retry';
import type { RolePriorities } from '../sso/role-queue';
import type { SsoAuth } from '../sso/sso-auth';
import type { CatalogView, RoleCredentials, SsoSessionRef } from '../types';
import { errorEvent, type LatchkeyEmitter } from './latchkey-events';
import { parseRoleArg } from './role-ref';
import { lookUpRole, noAccess, type LookupOptions, type LookupPortal } from './role-lookup';
import { resolveSsoSession } from './sso-sessions';

// The role catalog of each SSO session: cached on disk, synced from the portal one sync per
// session at a time, and the roles in it turned into credentials.

export interface ResolvedRole {
  session: SsoSessionRef;
  accountId: string;
  accountName: string;
  roleName: string;
}

export type { CatalogView } from '../types';

export interface CatalogOptions {
  refresh?: boolean;
  refreshInBackground?: boolean;
  onProgress?: (p: SyncProgress) => void;
  signal?: AbortSignal;
}

/** What the window may say about which accounts matter now (the core adds favorites and recents). */
export type ScreenPriorities = Omit<RolePriorities, 'preferred'>;

export class CatalogService {
  private readonly syncs = new Map<string, Promise<CatalogView>>();
  private readonly runs = new Map<string, CatalogSyncRun>();
  private readonly priorities = new Map<string, ScreenPriorities>();
  /** The accounts each session's list shows now, a sync's partial catalog included. */
  private readonly shown = new Map<string, CatalogView>();
  private readonly lastTokens = new Map<string, string>();

  constructor(
    private readonly ctx: CoreContext,
    private readonly auth: SsoAuth,
    private readonly events: LatchkeyEmitter,
    /** Accounts of the session's favorites and recent roles: their roles are listed first. */
    private readonly preferredAccounts: (session: string) => Promise<string[]> = async () => [],
  ) {}

  /**
   * The cached catalog at once, or a sync when there is none or `refresh` is asked for. With
   * `refreshInBackground` (the app) a cached answer also starts a sync whose result arrives as
   * a 'catalog-updated' event, so the list shows at once and is current moments later.
   */
  async get(session: SsoSessionRef, options: CatalogOptions = {}): Promise<CatalogView> {
    if (!options.refresh) {
      const cached = await readCatalogCache(this.ctx, session.name);
      if (cached && cached.complete !== false && sameStartUrl(cached.startUrl, session.startUrl)) {
        if (options.refreshInBackground) this.sync(session).catch((err: unknown) => this.onBackgroundError(err, session));
        const view: CatalogView = { session: session.name, accounts: cached.accounts, syncedAt: cached.syncedAt, fromCache: true };
        if (!this.runs.has(session.name)) this.shown.set(session.name, view);
        return view;
      }
    }
    return this.sync(session, options);
  }

  /**
   * One sync per session at a time; later callers share the one in flight. The list fills in
   * as it goes ('catalog-partial'): accounts as their pages arrive, roles in the order of
   * `prioritise`, the last catalog's roles standing in until each account's are listed again.
   */
  sync(session: SsoSessionRef, options: { onProgress?: (p: SyncProgress) => void; signal?: AbortSignal } = {}): Promise<CatalogView> {
    const running = this.syncs.get(session.name);
    if (running) return running;
    const run = (async () => {
      const cached = await readCatalogCache(this.ctx, session.name).catch(() => undefined);
      const previous = cached && sameStartUrl(cached.startUrl, session.startUrl) ? cached : undefined;
      const preferred = await this.preferredAccounts(session.name).catch(() => []);
      const portal = this.portal(session, 1);
      const result = await this.withTokenRetry(session, () => {
        const sync = startCatalogSync(portal, {
          clock: this.ctx.clock,
          ...(options.signal ? { signal: options.signal } : {}),
          ...(previous ? { previous: previous.accounts } : {}),
          priorities: { ...this.priorities.get(session.name), preferred },
          onProgress: (progress) => {
            options.onProgress?.(progress);
            this.events.emit('sync-progress', { session: session.name, progress });
          },
          onSnapshot: ({ accounts, pending }) => {
            const view: CatalogView = { session: session.name, accounts, syncedAt: previous?.syncedAt ?? this.ctx.clock.now(), fromCache: false, pending };
            this.shown.set(session.name, view);
            this.events.emit('catalog-partial', view);
          },
        });
        this.runs.set(session.name, { ...sync, prioritise: (p) => sync.prioritise({ ...p, preferred }) });
        return sync.result;
      }).finally(() => {
        this.runs.delete(session.name);
        portal.destroy();
      });
      const syncedAt = this.ctx.clock.now();
      await writeCatalogCache(this.ctx, { version: 1, session: session.name, startUrl: session.startUrl, syncedAt, accounts: result.accounts });
      await forgetLearnedCatalog(this.ctx, session.name);
      const view: CatalogView = { session: session.name, accounts: result.accounts, syncedAt, fromCache: false };
      this.shown.set(session.name, view);
      this.events.emit('catalog-updated', view);
      return view;
    })().finally(() => this.syncs.delete(session.name));
    this.syncs.set(session.name, run);
    return run;
  }

  /** Which accounts the person is looking at: a sync running now or later lists their roles
   * first. A field left out keeps its last value, so a scroll does not undo a click. */
  prioritise(session: string, priorities: ScreenPriorities): void {
    const merged = { ...this.priorities.get(session), ...priorities };
    this.priorities.set(session, merged);
    this.runs.get(session)?.prioritise(merged);
  }

  /** The role as the session's list shows it now (a sync's partial list too), or undefined:
   * acting on a listed role never waits for a sync to end. */
  async listedRole(sessionName: string, accountId: string, roleName: string): Promise<ResolvedRole | undefined> {
    const account = this.shown.get(sessionName)?.accounts.find((a) => a.accountId === accountId);
    if (!account?.roles.includes(roleName)) return undefined;
    const session = await resolveSsoSession(this.ctx, sessionName);
    return { session, accountId, accountName: account.accountName, roleName };
  }

  /** `ACCOUNT/ROLE_NAME` → the role, with the fewest portal calls (see role-lookup.ts); never a full sync. */
  async resolveRole(roleArg: string, sessionName?: string, options: LookupOptions = {}): Promise<ResolvedRole> {
    const arg = parseRoleArg(roleArg);
    const session = await resolveSsoSession(this.ctx, sessionName);
    let portal: PortalClient | undefined;
    const call = <T>(send: (p: PortalClient) => Promise<T>) =>
      this.withTokenRetry(session, () => retryPortalCall(this.ctx, () => send((portal ??= this.portal(session)))));
    const lookup: LookupPortal = {
      listAccountsPage: (token) => call((p) => p.listAccountsPage(token)),
      listRoles: (accountId) => call((p) => p.listRoles(accountId)),
    };
    try {
      return { session, ...(await lookUpRole(this.ctx, session, arg, lookup, options)) };
    } finally {
      portal?.destroy();
    }
  }

  /** The account's name as the cached catalog knows it ('' when it does not). */
  async cachedAccountName(session: string, accountId: string): Promise<string> {
    const cached = await readCatalogCache(this.ctx, session).catch(() => undefined);
    return cached?.accounts.find((a) => a.accountId === accountId)?.accountName ?? '';
  }

  async roleCredentials(role: ResolvedRole): Promise<RoleCredentials> {
    const portal = this.portal(role.session);
    try {
      return await this.withTokenRetry(role.session, () => retryPortalCall(this.ctx, () => portal.getRoleCredentials(role.accountId, role.roleName)));
    } catch (err) {
      // What AWS answers for a role this identity has not been given (or no longer has).
      if (isLatchkeyError(err, 'ACCESS_DENIED') || isLatchkeyError(err, 'NOT_FOUND')) throw noAccess(role, role.roleName, err);
      throw err;
    } finally {
      portal.destroy();
    }
  }

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

  private onBackgroundError(err: unknown, session: SsoSessionRef): void {
    if (isLatchkeyError(err, 'NOT_SIGNED_IN')) this.events.emit('sign-in-needed', { session: session.name });
    else this.events.emit('error', errorEvent(err, { session: session.name }));
  }
}

export function describeRole(role: ResolvedRole): string {
  return `${role.session.name}: ${role.accountName ? `${role.accountName} ` : ''}${role.accountId}/${role.roleName}`;
}
