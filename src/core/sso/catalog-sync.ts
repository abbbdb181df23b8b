import { setMaxListeners } from 'node:events';
import { systemClock, type Clock, type TimerHandle } from '../clock';
import { LatchkeyError, isLatchkeyError } from '../errors';
import type { CatalogAccount } from '../types';
import { AdaptiveLimiter, backoffDelayMs, type Permit } from './adaptive-limiter';
import { isRetryable, retryDelayMs, type PortalClient } from './portal';
import { RoleQueue, type RolePriorities } from './role-queue';

// Lists every account and every role of a signed-in identity as fast as the portal allows.
// Account pages are fetched one after another (each needs the previous page's token); each
// account's roles are listed as soon as its page arrives, many at once. All requests go
// through one AdaptiveLimiter, which learns the portal's rate limit from its 429s. Which
// account's roles go next is chosen when a request may start (RoleQueue), so an account the
// person is looking at is served by the very next free request, and the total pace is the same.

export interface SyncProgress {
  phase: 'accounts' | 'roles' | 'done';
  accountsTotal: number;
  accountsDone: number;
  rolesFound: number;
  requests: number;
  throttled: number;
  retried: number;
}

export interface SyncOptions {
  signal?: AbortSignal;
  onProgress?: (p: SyncProgress) => void;
  clock?: Clock;
  /** Most requests in flight (default 32): enough to hide latency, few enough to be polite. */
  maxConcurrency?: number;
  /** Retries of one request after 5xx, network or garbled answers (default 6). */
  maxRetries?: number;
  /** Give up with THROTTLED only after this long without a single success (default 5 min). */
  throttleGiveUpMs?: number;
  /** Source of jitter (tests make it repeatable). */
  random?: () => number;
  /** Which accounts' roles to list first; `CatalogSyncRun.prioritise` changes it later. */
  priorities?: RolePriorities;
  /** The last catalog: shown for each account until its roles are listed again. */
  previous?: readonly CatalogAccount[];
  /** The catalog so far, a few times a second and only when it changed. */
  onSnapshot?: (snapshot: CatalogSnapshot) => void;
}

export interface CatalogSnapshot {
  accounts: CatalogAccount[];
  /** Accounts whose roles are not known yet (listed, but neither synced nor in `previous`). */
  pending: string[];
}

export interface CatalogSyncRun {
  result: Promise<SyncResult>;
  prioritise(priorities: RolePriorities): void;
}

export interface SyncResult {
  accounts: CatalogAccount[];
  stats: { requests: number; throttled: number; retried: number; durationMs: number };
}

export const DEFAULT_SYNC_CONCURRENCY = 32;
const DEFAULT_MAX_RETRIES = 6;
const DEFAULT_THROTTLE_GIVE_UP_MS = 5 * 60_000;
const PROGRESS_INTERVAL_MS = 100;
/** A whole catalog crosses to the window each time: a few a second keep it cheap. */
const SNAPSHOT_INTERVAL_MS = 250;

/** Lower = served first: the account listing gates everything else; retries and an account's
 * further role pages finish work already begun. */
const Priority = { accountPage: 0, retry: 1, rolePage: 2 } as const;

export function syncCatalog(portal: PortalClient, options: SyncOptions = {}): Promise<SyncResult> {
  return startCatalogSync(portal, options).result;
}

/** A sync whose role order can change while it runs. */
export function startCatalogSync(portal: PortalClient, options: SyncOptions = {}): CatalogSyncRun {
  const sync = new CatalogSync(portal, options);
  return { result: sync.run(), prioritise: (p) => sync.queue.prioritise(p) };
}

class CatalogSync {
  private readonly clock: Clock;
  private readonly limiter: AdaptiveLimiter;
  private readonly abort = new AbortController();
  private readonly progress: ThrottledReport<SyncProgress>;
  private readonly snapshots: ThrottledReport<CatalogSnapshot>;
  readonly queue = new RoleQueue<CatalogAccount>();
  /** Accounts whose every role page has arrived. */
  private readonly listedRoles = new Set<string>();
  private readonly previous: Map<string, CatalogAccount>;
  private readonly counts: Omit<SyncProgress, 'phase'> = { accountsTotal: 0, accountsDone: 0, rolesFound: 0, requests: 0, throttled: 0, retried: 0 };
  private phase: SyncProgress['phase'] = 'accounts';
  private readonly accounts = new Map<string, CatalogAccount>();
  private lastSuccessAt: number;
  private failure: unknown;
  private rejectRun: (err: unknown) => void = () => {};

  constructor(
    private readonly portal: PortalClient,
    private readonly options: SyncOptions,
  ) {
    this.clock = options.clock ?? systemClock;
    this.limiter = new AdaptiveLimiter({ clock: this.clock, maxConcurrency: options.maxConcurrency ?? DEFAULT_SYNC_CONCURRENCY });
    this.progress = new ThrottledReport(this.clock, PROGRESS_INTERVAL_MS, options.onProgress, () => ({ phase: this.phase, ...this.counts }));
    this.snapshots = new ThrottledReport(this.clock, SNAPSHOT_INTERVAL_MS, options.onSnapshot, () => this.snapshot());
    this.previous = new Map((options.previous ?? []).map((a) => [a.accountId, a]));
    if (options.priorities) this.queue.prioritise(options.priorities);
    this.lastSuccessAt = this.clock.now();
    // Every queued request and every backoff sleep listens to this one signal.
    setMaxListeners(0, this.abort.signal);
  }

  async run(): Promise<SyncResult> {
    const startedAt = this.clock.now();
    const outer = this.options.signal;
    const onOuterAbort = () => this.fail(new LatchkeyError('CANCELLED', 'The account sync was cancelled.', { cause: outer?.reason }));
    if (outer?.aborted) onOuterAbort();
    outer?.addEventListener('abort', onOuterAbort, { once: true });
    // Rejects as soon as anything fails for good or the caller aborts, without waiting for
    // requests in flight (they are aborted and wind down on their own).
    const failed = new Promise<never>((_resolve, reject) => {
      this.rejectRun = reject;
      if (this.failure !== undefined) reject(this.failure);
    });
    try {
      await Promise.race([this.listEverything(), failed]);
      this.phase = 'done';
      this.snapshots.cancel();
      this.progress.finish();
      return {
        accounts: sortCatalog([...this.accounts.values()]),
        stats: { requests: this.counts.requests, throttled: this.counts.throttled, retried: this.counts.retried, durationMs: this.clock.now() - startedAt },
      };
    } finally {
      outer?.removeEventListener('abort', onOuterAbort);
      this.progress.cancel();
      this.snapshots.cancel();
      if (!this.abort.signal.aborted) this.abort.abort();
    }
  }

  private async listEverything(): Promise<void> {
    const roleListings: Promise<void>[] = [];
    let nextToken: string | undefined;
    do {
      const token = nextToken;
      const page = await this.request(Priority.accountPage, (signal) => this.portal.listAccountsPage(token, { signal }));
      for (const account of page.accounts) {
        if (this.accounts.has(account.accountId)) continue;
        const entry: CatalogAccount = { ...account, roles: [] };
        this.accounts.set(account.accountId, entry);
        this.counts.accountsTotal++;
        this.queue.add(entry);
        roleListings.push(this.listNextAccount().catch((err: unknown) => this.fail(err)));
      }
      if (page.accounts.some((a) => !this.previous.has(a.accountId))) this.snapshots.update();
      this.progress.update();
      nextToken = page.nextToken;
    } while (nextToken);
    this.phase = 'roles';
    // Accounts of the last catalog that are gone now leave the list.
    if ([...this.previous.keys()].some((id) => !this.accounts.has(id))) this.snapshots.update();
    this.progress.update();
    await Promise.all(roleListings);
  }

  /** One request slot per queued account; the account is chosen once the slot is granted. */
  private async listNextAccount(): Promise<void> {
    const permit = await this.limiter.acquire(Priority.rolePage, this.abort.signal);
    const account = this.queue.take();
    if (!account) {
      permit.release('failed');
      return;
    }
    await this.listRoles(account, permit);
  }

  private async listRoles(account: CatalogAccount, firstPermit: Permit): Promise<void> {
    let nextToken: string | undefined;
    let permit: Permit | undefined = firstPermit;
    do {
      const token = nextToken;
      const granted = permit;
      permit = undefined;
      const page = await this.request(Priority.retry, (signal) => this.portal.listRolesPage(account.accountId, token, { signal }), granted).catch(
        (err: unknown) => {
          // The assignment went away between the listings: the account simply has no roles.
          if (isLatchkeyError(err, 'ACCESS_DENIED') || isLatchkeyError(err, 'NOT_FOUND')) return { roles: [] as string[], nextToken: undefined };
          throw err;
        },
      );
      account.roles.push(...page.roles);
      this.counts.rolesFound += page.roles.length;
      nextToken = page.nextToken;
      this.progress.update();
    } while (nextToken);
    this.counts.accountsDone++;
    this.listedRoles.add(account.accountId);
    const before = this.previous.get(account.accountId);
    if (!before || before.accountName !== account.accountName || !sameRoles(before.roles, account.roles)) this.snapshots.update();
    this.progress.update();
  }

  /** What the list should show now: fresh roles where listed, the last catalog's elsewhere. */
  private snapshot(): CatalogSnapshot {
    const accounts: CatalogAccount[] = [];
    const pending: string[] = [];
    for (const account of this.accounts.values()) {
      if (this.listedRoles.has(account.accountId)) accounts.push(account);
      else {
        const before = this.previous.get(account.accountId);
        accounts.push({ ...account, roles: before ? before.roles : [] });
        if (!before) pending.push(account.accountId);
      }
    }
    // Until the listing ends, an account not seen yet may still be there.
    if (this.phase === 'accounts') for (const [id, before] of this.previous) if (!this.accounts.has(id)) accounts.push(before);
    return { accounts: sortCatalog(accounts), pending };
  }

  /** One portal call through the limiter, retried until it succeeds or fails for good. `granted`:
   * a permit already held for the first attempt. */
  private async request<T>(priority: number, call: (signal: AbortSignal) => Promise<T>, granted?: Permit): Promise<T> {
    const signal = this.abort.signal;
    let throttledAttempts = 0;
    let failedAttempts = 0;
    let held = granted;
    for (;;) {
      const permit = held ?? (await this.limiter.acquire(throttledAttempts + failedAttempts > 0 ? Priority.retry : priority, signal));
      held = undefined;
      this.counts.requests++;
      let delayMs: number;
      try {
        const value = await call(signal);
        permit.release('ok');
        this.lastSuccessAt = this.clock.now();
        return value;
      } catch (err) {
        if (signal.aborted) {
          permit.release('failed');
          throw err;
        }
        // Only the portal's own 429s: a throttled token refresh (already retried by the SDK)
        // arrives as a final THROTTLED, and waiting it out here would refresh in a loop.
        if (isLatchkeyError(err, 'THROTTLED') && isRetryable(err)) {
          permit.release('throttled');
          this.counts.throttled++;
          // A 429 is never a reason to give up soon (the sync must finish, only slower) nor to
          // sign in again; only a portal that lets nothing at all through for minutes ends it.
          if (this.clock.now() - this.lastSuccessAt > (this.options.throttleGiveUpMs ?? DEFAULT_THROTTLE_GIVE_UP_MS)) {
            throw new LatchkeyError('THROTTLED', 'AWS kept throttling the access portal; the account list could not be loaded.', {
              hint: 'Wait a few minutes, then sync again.',
              cause: err,
            });
          }
          // Short: the limiter, not this delay, sets the pace. Jitter keeps retries apart. A
          // Retry-After holds back only this request (its slot is already free for others).
          delayMs = retryDelayMs(backoffDelayMs(++throttledAttempts, 100, 2_000, this.options.random), err);
        } else if (isRetryable(err) && failedAttempts < (this.options.maxRetries ?? DEFAULT_MAX_RETRIES)) {
          permit.release('failed');
          delayMs = retryDelayMs(backoffDelayMs(++failedAttempts, 200, 5_000, this.options.random), err);
        } else {
          // NOT_SIGNED_IN and other final answers: no retry loop.
          permit.release('failed');
          throw err;
        }
      }
      this.counts.retried++;
      this.progress.update();
      await this.clock.sleep(delayMs, signal);
    }
  }

  /** The first failure wins: stop everything else at once. */
  private fail(err: unknown): void {
    if (this.failure !== undefined) return;
    this.failure = err;
    this.abort.abort(err);
    this.rejectRun(err);
  }
}

/** Calls `report` at most every `intervalMs`, always with the latest value. */
class ThrottledReport<T> {
  private lastEmitAt = -Infinity;
  private pending: TimerHandle | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly intervalMs: number,
    private readonly report: ((value: T) => void) | undefined,
    private readonly snapshot: () => T,
  ) {}

  update(): void {
    if (!this.report || this.pending) return;
    const wait = this.lastEmitAt + this.intervalMs - this.clock.now();
    if (wait <= 0) this.emit();
    else this.pending = this.clock.setTimeout(() => this.emit(), wait);
  }

  finish(): void {
    this.cancel();
    this.emit();
  }

  cancel(): void {
    this.pending?.cancel();
    this.pending = undefined;
  }

  private emit(): void {
    this.pending = undefined;
    this.lastEmitAt = this.clock.now();
    try {
      this.report?.(this.snapshot());
    } catch {
      // A listener's bug must not break the sync.
    }
  }
}

function sameRoles(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const set = new Set(a);
  return b.every((r) => set.has(r));
}

/** One collator for every comparison: localeCompare with options builds one per call, which
 * makes sorting 2,000 accounts take a third of a second instead of a few milliseconds. */
const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });

function compareText(a: string, b: string): number {
  return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

/** Accounts by name (then id), each account's roles by name. */
export function sortCatalog(accounts: CatalogAccount[]): CatalogAccount[] {
  return accounts
    .map((a) => ({ ...a, roles: [...new Set(a.roles)].sort(compareText) }))
    .sort((a, b) => compareText(a.accountName, b.accountName) || compareText(a.accountId, b.accountId));
}
