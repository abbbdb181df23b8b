// Catalog sync figures against test/fake-aws (real SDK, real HTTP, real time):
//   (a) 1,000 accounts × 3 roles, portal throttled at 20 req/s, 100 ms latency — the adaptive
//       sync, compared with the time the throttle allows (requests / 20);
//   (b) the same, one request at a time (what a naive sequential sync does);
//   (c) the same organisation, no throttle, 100 ms latency — latency hiding (goal < 15 s).

import { createContext } from '../src/core/context';
import { syncCatalog, type SyncOptions } from '../src/core/sso/catalog-sync';
import { PortalClient } from '../src/core/sso/portal';
import { startFakeAws, type FakeAws } from '../test/fake-aws/index';
import { signInToFake } from '../test/helpers/fake-sign-in';
import { median, type BenchRow, type BenchSection } from './report';

const ACCOUNTS = 1000;
const ROLES = 3;
const RATE = 20;
const LATENCY_MS = 100;
/** Account pages of 100, then one role page per account. */
const USEFUL_REQUESTS = Math.ceil(ACCOUNTS / 100) + ACCOUNTS;
const ALLOWED_MS = (USEFUL_REQUESTS / RATE) * 1000;

interface SyncRun {
  durationMs: number;
  requests: number;
  throttled: number;
}

async function timeSyncs(fake: FakeAws, runs: number, rate: number | undefined, options: SyncOptions = {}): Promise<SyncRun[]> {
  const { accessToken } = await signInToFake(fake);
  const portal = new PortalClient(createContext({ env: fake.env }), fake.region, async () => accessToken, { maxAttempts: 1 });
  const out: SyncRun[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      // A fresh throttle window each run, as a person syncing after a while would find it.
      fake.configure({ portalRateLimit: rate, latencyMs: LATENCY_MS });
      await new Promise((r) => setTimeout(r, 1100));
      const result = await syncCatalog(portal, options);
      const roles = result.accounts.reduce((n, a) => n + a.roles.length, 0);
      if (result.accounts.length !== ACCOUNTS || roles !== ACCOUNTS * ROLES) throw new Error(`sync returned ${result.accounts.length} accounts / ${roles} roles`);
      out.push({ durationMs: result.stats.durationMs, requests: result.stats.requests, throttled: result.stats.throttled });
      console.error(`  ${options.maxConcurrency === 1 ? 'sequential' : 'adaptive'} rate=${rate ?? '∞'}: ${(result.stats.durationMs / 1000).toFixed(2)} s, ${result.stats.requests} requests, ${result.stats.throttled} throttled`);
    }
  } finally {
    portal.destroy();
  }
  return out;
}

const x = (v: number) => `${v.toFixed(2)}×`;

export async function benchThrottledSync(fake: FakeAws, runs: number): Promise<BenchRow> {
  const r = await timeSyncs(fake, runs, RATE);
  const ms = median(r.map((s) => s.durationMs));
  return {
    name: `sync ${ACCOUNTS}×${ROLES}, ${RATE} req/s throttle, ${LATENCY_MS} ms`,
    medianMs: ms,
    runs,
    ratio: `${x(ms / ALLOWED_MS)} allowed (goal ≤ 1.2×)`,
    how: `adaptive; allowed = ${USEFUL_REQUESTS} req / ${RATE} = ${(ALLOWED_MS / 1000).toFixed(1)} s; ${median(r.map((s) => s.throttled))} 429s`,
  };
}

export async function benchSequentialSync(fake: FakeAws, runs: number): Promise<BenchRow> {
  const r = await timeSyncs(fake, runs, RATE, { maxConcurrency: 1 });
  const ms = median(r.map((s) => s.durationMs));
  return {
    name: `sync ${ACCOUNTS}×${ROLES} one at a time, same throttle`,
    medianMs: ms,
    runs,
    ratio: `${x(ms / ALLOWED_MS)} allowed`,
    how: `sequential baseline (1 in flight); ${median(r.map((s) => s.throttled))} 429s`,
  };
}

export async function benchUnthrottledSync(fake: FakeAws, runs: number): Promise<BenchRow> {
  const r = await timeSyncs(fake, runs, undefined);
  const ms = median(r.map((s) => s.durationMs));
  return {
    name: `sync ${ACCOUNTS}×${ROLES}, no throttle, ${LATENCY_MS} ms`,
    medianMs: ms,
    runs,
    ratio: `${x(ms / 15_000)} of the 15 s goal`,
    how: `adaptive, ${median(r.map((s) => s.requests))} requests, latency hidden by concurrency`,
  };
}

export const syncSection: BenchSection = {
  name: 'catalog sync',
  async run(runs) {
    const fake = await startFakeAws({ accounts: ACCOUNTS, rolesPerAccount: ROLES, latencyMs: LATENCY_MS });
    try {
      return [await benchThrottledSync(fake, runs), await benchSequentialSync(fake, runs), await benchUnthrottledSync(fake, runs)];
    } finally {
      await fake.close();
    }
  },
};
