import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock';
import { AdaptiveLimiter, backoffDelayMs } from '../../src/core/sso/adaptive-limiter';
import { seededRandom } from '../../devkit/fake-aws/random';

// Found by the network fault suite: with 10% mixed faults, one stray 429 while the sync was
// still listing account pages (one request at a time) set the pace to ~1 request/s, and the
// pace never grew again (below 2/s whole measuring intervals passed without a dispatch and were
// taken for "demand, not the pacer, set the pace"). A 300-account sync took minutes, not
// seconds. The portal here has no limit at all; only `refuse` says which requests get a 429.

async function simulate(options: { requests: number; refuse: (n: number) => boolean; initialRate?: number; latencyMs?: number }) {
  const clock = new ManualClock(0);
  const random = seededRandom(5);
  const limiter = new AdaptiveLimiter({ clock, maxConcurrency: 32, ...(options.initialRate ? { initialRate: options.initialRate } : {}) });
  let sent = 0;
  const one = async () => {
    for (let attempt = 1; ; attempt++) {
      const permit = await limiter.acquire(attempt > 1 ? 1 : 2);
      const refused = options.refuse(sent++);
      await clock.sleep(options.latencyMs ?? 50);
      permit.release(refused ? 'throttled' : 'ok');
      if (!refused) return;
      await clock.sleep(backoffDelayMs(attempt, 100, 2000, random));
    }
  };
  let finished = false;
  // A sync's shape: a first request alone (the account page), then many at once.
  const all = one()
    .then(() => Promise.all(Array.from({ length: options.requests }, one)))
    .then(() => (finished = true));
  while (!finished) await clock.advance(10);
  await all;
  return { durationMs: clock.now(), rate: limiter.rate };
}

describe('stray 429s from a portal that is not rate-limiting', () => {
  it('a single 429 first thing does not slow the sync down', async () => {
    const clean = await simulate({ requests: 600, refuse: () => false });
    const stray = await simulate({ requests: 600, refuse: (n) => n === 1 }); // right after the account page
    // 600 requests, 32 at a time, 50 ms each: about a second either way (not ten minutes).
    expect(stray.durationMs).toBeLessThanOrEqual(clean.durationMs + 2_500);
  });

  it('2% of requests refused at random: the sync still runs at the speed of its concurrency', async () => {
    const rnd = seededRandom(17);
    const r = await simulate({ requests: 1200, refuse: () => rnd() < 0.02 });
    // Unthrottled: 1200 / 32 × 50 ms ≈ 1.9 s. Allow pacing and backoff their due, not minutes.
    expect(r.durationMs).toBeLessThanOrEqual(10_000);
  });

  it('a pace that started low grows again once the portal refuses nothing', async () => {
    const r = await simulate({ requests: 300, refuse: () => false, initialRate: 1 });
    // At a fixed 1/s this is five minutes; growing ×1.5 every few quiet seconds, well under one.
    expect(r.durationMs).toBeLessThan(60_000);
    expect(r.rate).toBeGreaterThan(10);
  });
});
