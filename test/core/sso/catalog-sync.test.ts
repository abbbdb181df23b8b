import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/core/clock';
import { createContext } from '../../../src/core/context';
import { DEFAULT_SYNC_CONCURRENCY, syncCatalog, type SyncProgress, type SyncResult } from '../../../src/core/sso/catalog-sync';
import { PortalClient } from '../../../src/core/sso/portal';
import type { CatalogAccount } from '../../../src/core/types';
import { startFakeAws, type FakeAws, type FakeAwsOptions } from '../../../devkit/fake-aws/index';
import { signInWithDeviceCode } from '../../../devkit/sign-in';
import { latchkeyErrorOf } from '../../helpers/errors';

const rejectionOf = latchkeyErrorOf;

let fake: FakeAws | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function setUp(options: FakeAwsOptions): Promise<{ fake: FakeAws; portal: PortalClient }> {
  fake = await startFakeAws(options);
  const { accessToken } = await signInWithDeviceCode(fake);
  fake.resetStats();
  const portal = new PortalClient(createContext({ env: fake.env }), fake.region, async () => accessToken, { maxAttempts: 1 });
  return { fake, portal };
}

/** What the sync must return: every account of the fake with its roles, sorted by name. */
function expectedCatalog(f: FakeAws): CatalogAccount[] {
  return f.accounts
    .map(({ accountId, accountName, emailAddress, roles }) => ({ accountId, accountName, emailAddress, roles: [...roles].sort() }))
    .sort((a, b) => a.accountName.localeCompare(b.accountName, 'en', { numeric: true }));
}

/** Once the sync has failed, nothing keeps calling the portal. Requests already on the wire
 * when it stopped still land, late on a loaded machine (the fake runs in this process), so the
 * count must settle — stay put for 400 ms — within 10 s; a sync still calling never settles. */
async function expectNoMoreCalls(f: FakeAws): Promise<void> {
  const deadline = Date.now() + 10_000;
  let seen = -1;
  while (f.stats().portal.total !== seen && Date.now() < deadline) {
    seen = f.stats().portal.total;
    await new Promise((r) => setTimeout(r, 400));
  }
  expect(f.stats().portal.total, 'portal calls still arriving 10 s after the sync ended').toBe(seen);
}

describe('syncCatalog', () => {
  it('adapts to a throttled portal: 200 accounts at 50 req/s finish complete and correct', async () => {
    const { fake, portal } = await setUp({ accounts: 200, rolesPerAccount: 2, portalRateLimit: 50, latencyMs: 20 });
    const result = await syncCatalog(portal);
    expect(result.accounts).toEqual(expectedCatalog(fake));
    const stats = fake.stats().portal;
    expect(stats.throttled).toBeGreaterThan(0);
    expect(result.stats.throttled).toBe(stats.throttled);
    expect(result.stats.requests).toBe(stats.total);
    // It slowed down instead of hammering: most requests got through. (How close it gets to
    // the allowed rate is measured by `npm run bench`, not by a timed test.)
    expect(stats.throttled).toBeLessThan(stats.total / 2);
  });

  it('keeps enough requests in flight to hide latency', async () => {
    const { fake, portal } = await setUp({ accounts: 300, rolesPerAccount: 3, latencyMs: 100 });
    const result = await syncCatalog(portal);
    expect(result.accounts).toEqual(expectedCatalog(fake));
    expect(result.stats).toMatchObject({ requests: 303, throttled: 0, retried: 0 });
    // One at a time this is at least 30 s; 32 in flight make it about 1 s. The bound is loose so
    // a loaded machine cannot fail it, yet only a parallel sync can meet it.
    expect(result.stats.durationMs).toBeLessThan(15_000);
  });

  it('completes correctly when 10% of portal calls fail with 500', async () => {
    const { fake, portal } = await setUp({ accounts: 150, rolesPerAccount: 2, portalFailureRate: 0.1, seed: 7 });
    const result = await syncCatalog(portal, { random: () => 0 });
    expect(result.accounts).toEqual(expectedCatalog(fake));
    expect(fake.stats().portal.failed).toBeGreaterThan(0);
    expect(result.stats.retried).toBe(fake.stats().portal.failed);
  });

  for (const fault of ['drop', 'malformed', 500, 429] as const) {
    it(`recovers from ${fault} answers`, async () => {
      const { fake, portal } = await setUp({ accounts: 120, rolesPerAccount: 2 });
      fake.failNextPortalCalls(3, fault);
      const result = await syncCatalog(portal);
      expect(result.accounts).toEqual(expectedCatalog(fake));
      expect(result.stats.retried).toBeGreaterThanOrEqual(3);
    });
  }

  it('fails once with NOT_SIGNED_IN, quickly, when the token is revoked mid-sync, and never signs in', async () => {
    const { fake, portal } = await setUp({ accounts: 300, rolesPerAccount: 2, latencyMs: 30, portalRateLimit: 40 });
    let revokedAt = 0;
    let callsAtRevoke = 0;
    const onProgress = (p: SyncProgress) => {
      if (!revokedAt && p.accountsDone >= 20) {
        revokedAt = Date.now();
        callsAtRevoke = fake.stats().portal.total;
        fake.revokeAllTokens();
      }
    };
    const err = await rejectionOf(syncCatalog(portal, { onProgress }));
    expect(err.code).toBe('NOT_SIGNED_IN');
    expect(revokedAt).toBeGreaterThan(0);
    await expectNoMoreCalls(fake);
    // No retry loop and no carrying on: with 280 accounts left, a sync that ignored the 401
    // would make 280+ more calls; only those already in flight (or retried after a 429) land.
    expect(fake.stats().portal.total - callsAtRevoke).toBeLessThan(140);
    expect(fake.stats().signIns).toBe(0);
    const text = `${err.message} ${err.hint ?? ''} ${JSON.stringify(err)}`;
    for (const secret of fake.issuedSecrets()) expect(text).not.toContain(secret);
  });

  it('stops at once when aborted', async () => {
    const { fake, portal } = await setUp({ accounts: 300, rolesPerAccount: 2, latencyMs: 50, portalRateLimit: 30 });
    const controller = new AbortController();
    let callsAtAbort = 0;
    setTimeout(() => {
      callsAtAbort = fake.stats().portal.total;
      controller.abort();
    }, 500);
    const err = await rejectionOf(syncCatalog(portal, { signal: controller.signal }));
    expect(err.code).toBe('CANCELLED');
    await expectNoMoreCalls(fake);
    // Nothing new started after the abort; only requests already on the wire landed.
    expect(fake.stats().portal.total - callsAtAbort).toBeLessThanOrEqual(DEFAULT_SYNC_CONCURRENCY);
  });

  it('reports monotonic progress, at most about ten times a second, ending with the right counts', async () => {
    const { fake, portal } = await setUp({ accounts: 250, rolesPerAccount: 3, latencyMs: 10, portalRateLimit: 100 });
    const events: (SyncProgress & { at: number })[] = [];
    const result: SyncResult = await syncCatalog(portal, { onProgress: (p) => events.push({ ...p, at: Date.now() }) });
    expect(events.length).toBeGreaterThan(3);
    const phases = ['accounts', 'roles', 'done'];
    for (let i = 1; i < events.length; i++) {
      const [prev, cur] = [events[i - 1]!, events[i]!];
      for (const k of ['accountsTotal', 'accountsDone', 'rolesFound', 'requests', 'throttled', 'retried'] as const)
        expect(cur[k]).toBeGreaterThanOrEqual(prev[k]);
      expect(phases.indexOf(cur.phase)).toBeGreaterThanOrEqual(phases.indexOf(prev.phase));
      if (cur.phase !== 'done') expect(cur.at - prev.at).toBeGreaterThanOrEqual(90);
    }
    expect(events.at(-1)).toMatchObject({
      phase: 'done',
      accountsTotal: 250,
      accountsDone: 250,
      rolesFound: 750,
      requests: result.stats.requests,
      throttled: result.stats.throttled,
      retried: result.stats.retried,
    });
    expect(events.filter((e) => e.phase === 'done')).toHaveLength(1);
    expect(result.accounts).toEqual(expectedCatalog(fake));
  });

  it('waits before a retry as long as a 429’s Retry-After asks (its own back-off would be shorter)', async () => {
    // The sync's own clock moves only while it waits on a timer, so its duration is the sum of
    // its waits, whatever the HTTP calls cost on this machine.
    const waited = async (retryAfter: 'always' | 'never') => {
      const { fake, portal } = await setUp({ accounts: 1, rolesPerAccount: 1, portalRetryAfter: retryAfter });
      fake.failNextPortalCalls(3, 429);
      const clock = new ManualClock(0);
      let result: SyncResult | undefined;
      void syncCatalog(portal, { clock, random: () => 0.5 }).then((r) => (result = r));
      while (!result) {
        if (clock.pendingTimers() > 0) await clock.advance(10);
        else await new Promise((r) => setTimeout(r, 2));
      }
      expect(result.accounts).toEqual(expectedCatalog(fake));
      expect(fake.stats().portal.retryAfterSent).toBe(retryAfter === 'always' ? 3 : 0);
      await fake.close();
      return result.stats.durationMs;
    };
    expect(await waited('always')).toBeGreaterThanOrEqual(3 * 1000); // Retry-After: 1, three times
    expect(await waited('never')).toBeLessThan(1000); // 75 + 150 + 300 ms of back-off
  });

  it('sorts accounts by name and roles by name', async () => {
    const { portal } = await setUp({ accounts: 12, rolesPerAccount: 5 });
    const { accounts } = await syncCatalog(portal);
    const names = accounts.map((a) => a.accountName);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'en', { numeric: true })));
    expect(names[0]).toBe('acct-0004');
    for (const a of accounts) expect(a.roles).toEqual([...a.roles].sort());
  });
});
