// Catalog sync figures against devkit/fake-aws (real SDK, real HTTP, real time), for each
// organisation size in BENCH_SIZES (default 100,500,1000,2000 accounts; 3 roles each):
//   (a) portal throttled at 20 req/s, 100 ms latency — the adaptive sync, as a ratio to the
//       time the throttle allows (useful requests / 20; goal ≤ 1.1×);
//   (b) the same, one request at a time (what a naive sequential sync does);
//   (c) no throttle, 100 ms latency — latency hidden by concurrency (goal < 15 s at 1,000).
// The sequential run at 2,000 accounts takes about 200 s; BENCH_SIZES=100,500 narrows the section.

import { createContext } from '../src/core/context';
import { DEFAULT_SYNC_CONCURRENCY, syncCatalog, type SyncOptions } from '../src/core/sso/catalog-sync';
import { PortalClient } from '../src/core/sso/portal';
import { startFakeAws, type FakeAws } from '../devkit/fake-aws/index';
import { signInWithDeviceCode } from '../devkit/sign-in';
import { median, type BenchRow, type BenchSection } from './report';

const DEFAULT_SIZES = [100, 500, 1000, 2000];
const ROLES = 3;
const RATE = 20;
const LATENCY_MS = 100;
const UNTHROTTLED_GOAL_MS = { accounts: 1000, ms: 15_000 };

export function benchSizes(env: Readonly<Record<string, string | undefined>> = process.env): number[] {
  if (!env.BENCH_SIZES) return DEFAULT_SIZES;
  const sizes = env.BENCH_SIZES.split(',').map((s) => Number(s.trim()));
  if (sizes.some((n) => !Number.isInteger(n) || n < 1 || n > 10_000)) {
    throw new Error(`BENCH_SIZES must be a comma-separated list of account counts (1–10000), e.g. 100,500; got "${env.BENCH_SIZES}"`);
  }
  return sizes;
}

/** Account pages of 100, then one role page per account (3 roles fit in one page). */
export const usefulRequests = (accounts: number) => Math.ceil(accounts / 100) + accounts;

interface SyncRun {
  durationMs: number;
  requests: number;
  throttled: number;
}

async function timeSyncs(fake: FakeAws, accounts: number, runs: number, rate: number | undefined, options: SyncOptions = {}): Promise<SyncRun[]> {
  const { accessToken } = await signInWithDeviceCode(fake);
  const portal = new PortalClient(createContext({ env: fake.env }), fake.region, async () => accessToken, { maxAttempts: 1 });
  const out: SyncRun[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      // A fresh throttle window each run, as a person syncing after a while would find it.
      fake.configure({ portalRateLimit: rate, latencyMs: LATENCY_MS });
      await new Promise((r) => setTimeout(r, 1100));
      const result = await syncCatalog(portal, options);
      const roles = result.accounts.reduce((n, a) => n + a.roles.length, 0);
      if (result.accounts.length !== accounts || roles !== accounts * ROLES)
        throw new Error(`sync returned ${result.accounts.length} accounts / ${roles} roles`);
      out.push({ durationMs: result.stats.durationMs, requests: result.stats.requests, throttled: result.stats.throttled });
      const kind = options.maxConcurrency === 1 ? 'sequential' : 'adaptive';
      console.error(
        `  ${accounts} accounts, ${kind}, rate=${rate ?? '∞'}: ${(result.stats.durationMs / 1000).toFixed(2)} s, ${result.stats.requests} requests, ${result.stats.throttled} throttled`,
      );
    }
  } finally {
    portal.destroy();
  }
  return out;
}

const x = (v: number) => `${v.toFixed(2)}×`;

async function benchSize(fake: FakeAws, accounts: number, runs: number): Promise<BenchRow[]> {
  const useful = usefulRequests(accounts);
  const allowedMs = (useful / RATE) * 1000;
  const org = `${accounts.toLocaleString('en')}×${ROLES}`;

  const throttled = await timeSyncs(fake, accounts, runs, RATE);
  const throttledMs = median(throttled.map((s) => s.durationMs));
  const sequential = await timeSyncs(fake, accounts, runs, RATE, { maxConcurrency: 1 });
  const sequentialMs = median(sequential.map((s) => s.durationMs));
  const free = await timeSyncs(fake, accounts, runs, undefined);
  const freeMs = median(free.map((s) => s.durationMs));
  const freeGoal =
    accounts === UNTHROTTLED_GOAL_MS.accounts ? `${x(freeMs / UNTHROTTLED_GOAL_MS.ms)} of the 15 s goal` : `${(freeMs / accounts).toFixed(1)} ms per account`;
  return [
    {
      name: `sync ${org}, ${RATE} req/s throttle, ${LATENCY_MS} ms`,
      medianMs: throttledMs,
      runs,
      ratio: `${x(throttledMs / allowedMs)} allowed (goal ≤ 1.1×)`,
      how: `adaptive; allowed = ${useful} useful req / ${RATE} per s = ${(allowedMs / 1000).toFixed(2)} s; ${median(throttled.map((s) => s.requests))} requests, ${median(throttled.map((s) => s.throttled))} got 429`,
    },
    {
      name: `sync ${org} one at a time, same throttle`,
      medianMs: sequentialMs,
      runs,
      ratio: `${x(sequentialMs / allowedMs)} allowed; adaptive is ${x(sequentialMs / throttledMs)} faster`,
      how: `sequential baseline (1 request in flight); ${median(sequential.map((s) => s.throttled))} got 429`,
    },
    {
      name: `sync ${org}, no throttle, ${LATENCY_MS} ms`,
      medianMs: freeMs,
      runs,
      ratio: freeGoal,
      how: `adaptive, ${median(free.map((s) => s.requests))} requests, latency hidden by up to ${DEFAULT_SYNC_CONCURRENCY} in flight`,
    },
  ];
}

export const syncSection: BenchSection = {
  name: 'catalog sync',
  async run(runs) {
    const rows: BenchRow[] = [];
    for (const accounts of benchSizes()) {
      const fake = await startFakeAws({ accounts, rolesPerAccount: ROLES, latencyMs: LATENCY_MS });
      try {
        rows.push(...(await benchSize(fake, accounts, runs)));
      } finally {
        await fake.close();
      }
    }
    return rows;
  },
};
