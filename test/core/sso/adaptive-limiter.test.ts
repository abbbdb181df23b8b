import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/core/clock';
import { AdaptiveLimiter, backoffDelayMs } from '../../../src/core/sso/adaptive-limiter';
import { RollingWindowLimiter } from '../../../devkit/fake-aws/throttle';

/** A deterministic pseudo-random source, so a simulation run is repeatable. */
function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

interface Simulation {
  serverRate: number | undefined;
  latencyMs: number;
  requests: number;
  maxConcurrency?: number;
  /** Changes the server's rate at a given time (ms since start). */
  rateChange?: { atMs: number; rate: number };
}

/** N requests through the limiter against a simulated rolling-window server, on a ManualClock. */
async function simulate(sim: Simulation): Promise<{ durationMs: number; sent: number; throttled: number; limiter: AdaptiveLimiter }> {
  const clock = new ManualClock(0);
  const random = seeded(42);
  const limiter = new AdaptiveLimiter({ clock, maxConcurrency: sim.maxConcurrency ?? 32 });
  const server = new RollingWindowLimiter(() => clock.now());
  let serverRate = sim.serverRate;
  let sent = 0;
  let throttled = 0;
  const one = async () => {
    for (let attempt = 1; ; attempt++) {
      const permit = await limiter.acquire(attempt > 1 ? 1 : 2);
      sent++;
      if (sim.rateChange && clock.now() >= sim.rateChange.atMs) serverRate = sim.rateChange.rate;
      const ok = server.tryAcquire(serverRate);
      await clock.sleep(sim.latencyMs);
      permit.release(ok ? 'ok' : 'throttled');
      if (ok) return;
      throttled++;
      await clock.sleep(backoffDelayMs(attempt, 100, 2000, random));
    }
  };
  let finished = false;
  const all = Promise.all(Array.from({ length: sim.requests }, one)).then(() => (finished = true));
  while (!finished) await clock.advance(10);
  await all;
  return { durationMs: clock.now(), sent, throttled, limiter };
}

describe('AdaptiveLimiter', () => {
  it('never exceeds the concurrency cap and serves lower priority numbers first', async () => {
    const clock = new ManualClock(0);
    const limiter = new AdaptiveLimiter({ clock, maxConcurrency: 2 });
    const order: string[] = [];
    const a = await limiter.acquire(1);
    const b = await limiter.acquire(1);
    const waiting = [limiter.acquire(2).then((p) => (order.push('low'), p)), limiter.acquire(0).then((p) => (order.push('high'), p))];
    await clock.advance(0);
    expect(order).toEqual([]);
    expect(limiter.snapshot()).toMatchObject({ inFlight: 2, waiting: 2 });
    a.release('ok');
    await clock.advance(0);
    expect(order).toEqual(['high']);
    b.release('ok');
    await clock.advance(0);
    expect(order).toEqual(['high', 'low']);
    for (const p of await Promise.all(waiting)) p.release('ok');
  });

  it('rejects a waiting acquire when its signal aborts', async () => {
    const clock = new ManualClock(0);
    const limiter = new AdaptiveLimiter({ clock, maxConcurrency: 1 });
    const held = await limiter.acquire();
    const controller = new AbortController();
    const waiting = limiter.acquire(0, controller.signal);
    controller.abort(new Error('stop'));
    await expect(waiting).rejects.toThrow('stop');
    expect(limiter.snapshot().waiting).toBe(0);
    held.release('ok');
  });

  it('paces at the configured rate', async () => {
    const clock = new ManualClock(0);
    const limiter = new AdaptiveLimiter({ clock, maxConcurrency: 100, initialRate: 10, increaseFactor: 1 });
    const startedAt: number[] = [];
    const all = Array.from({ length: 21 }, () => limiter.acquire().then((p) => (startedAt.push(clock.now()), p.release('ok'))));
    await clock.advance(2100);
    await Promise.all(all);
    // 1 token to start with, then one every 100 ms.
    expect(startedAt.at(-1)).toBeGreaterThanOrEqual(1900);
    expect(startedAt.at(-1)).toBeLessThanOrEqual(2050);
  });

  it('does not throttle itself while the server refuses nothing', async () => {
    const r = await simulate({ serverRate: undefined, latencyMs: 100, requests: 640, maxConcurrency: 32 });
    expect(r.limiter.rate).toBe(Infinity);
    expect(r.durationMs).toBeLessThanOrEqual(2100); // 640 / 32 in flight × 100 ms
  });

  for (const { serverRate, latencyMs } of [
    { serverRate: 20, latencyMs: 100 },
    { serverRate: 50, latencyMs: 20 },
    { serverRate: 5, latencyMs: 100 },
    { serverRate: 200, latencyMs: 50 },
  ]) {
    it(`reaches the server's rate (${serverRate}/s, ${latencyMs} ms latency) within 10%`, async () => {
      const requests = serverRate * 30;
      const r = await simulate({ serverRate, latencyMs, requests });
      const allowedMs = (requests / serverRate) * 1000;
      expect(r.durationMs / allowedMs).toBeLessThanOrEqual(1.1);
      // Pacing keeps the refused share small; most refusals are in the first unpaced second.
      expect(r.throttled).toBeLessThan(0.15 * requests + 2 * 32);
    });
  }

  it('follows the server when its limit drops and when it rises again', async () => {
    const down = await simulate({ serverRate: 40, latencyMs: 50, requests: 600, rateChange: { atMs: 5000, rate: 10 } });
    // 200 requests in the first 5 s, 400 at 10/s after: 45 s.
    expect(down.durationMs).toBeLessThanOrEqual(45_000 * 1.1);
    const up = await simulate({ serverRate: 10, latencyMs: 50, requests: 850, rateChange: { atMs: 5000, rate: 40 } });
    // 50 in the first 5 s, 800 at 40/s after: 25 s. Noticing the rise takes a couple of
    // seconds: at the limit, one request in ten is refused, so a quiet spell must outlast that.
    expect(up.durationMs).toBeLessThanOrEqual(25_000 * 1.15);
  });

  it('backoff is jittered, grows, and is capped', () => {
    expect(backoffDelayMs(1, 100, 2000, () => 0)).toBe(50);
    expect(backoffDelayMs(1, 100, 2000, () => 0.999)).toBe(100);
    expect(backoffDelayMs(3, 100, 2000, () => 0.999)).toBe(400);
    expect(backoffDelayMs(20, 100, 2000, () => 0.999)).toBe(1999);
  });
});
