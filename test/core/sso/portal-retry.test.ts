import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/core/clock';
import { createContext } from '../../../src/core/context';
import { PortalError } from '../../../src/core/sso/portal';
import { THROTTLED_GIVE_UP_MS, retryPortalCall } from '../../../src/core/sso/portal-retry';

// One portal call for a command (role credentials): a 429 is a reason to wait, not to fail, and
// the wait follows AWS's Retry-After; other transient failures get two more tries.

const throttled = (retryAfterMs?: number) =>
  new PortalError('THROTTLED', 'AWS is throttling requests', { retryable: true, status: 429, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) });
const serverError = () => new PortalError('AWS_ERROR', 'The AWS access portal failed (500)', { retryable: true, status: 500 });

/** Runs the retry loop on a manual clock, moving time on until it settles; records when each call was made. */
async function runOnClock<T>(answers: (() => T)[]): Promise<{ result: PromiseSettledResult<T>; callTimes: number[]; clock: ManualClock }> {
  const clock = new ManualClock(0);
  const ctx = createContext({ env: {}, clock });
  const callTimes: number[] = [];
  let i = 0;
  const call = async () => {
    callTimes.push(clock.now());
    const answer = answers[Math.min(i++, answers.length - 1)]!;
    return answer();
  };
  const settled = retryPortalCall(ctx, call, () => 0.5).then(
    (value): PromiseSettledResult<T> => ({ status: 'fulfilled', value }),
    (reason: unknown): PromiseSettledResult<T> => ({ status: 'rejected', reason }),
  );
  let result: PromiseSettledResult<T> | undefined;
  void settled.then((r) => (result = r));
  while (!result) await clock.advance(250);
  return { result, callTimes, clock };
}

describe('retryPortalCall', () => {
  it('keeps trying a throttled call, waiting at least what Retry-After asks, until it gets through', async () => {
    const fail = (ms: number) => () => {
      throw throttled(ms);
    };
    const { result, callTimes } = await runOnClock([fail(3000), fail(3000), fail(3000), fail(3000), fail(3000), fail(3000), () => 'credentials']);
    expect(result).toEqual({ status: 'fulfilled', value: 'credentials' });
    expect(callTimes).toHaveLength(7);
    for (let n = 1; n < callTimes.length; n++) expect(callTimes[n]! - callTimes[n - 1]!).toBeGreaterThanOrEqual(3000);
  });

  it('without Retry-After backs off further each time, and gives up with THROTTLED after a minute', async () => {
    const { result, callTimes } = await runOnClock([
      () => {
        throw throttled();
      },
    ]);
    expect(result.status).toBe('rejected');
    expect((result as PromiseRejectedResult).reason).toMatchObject({ code: 'THROTTLED' });
    const last = callTimes[callTimes.length - 1]!;
    expect(last).toBeGreaterThanOrEqual(THROTTLED_GIVE_UP_MS - 5_000);
    expect(last).toBeLessThan(THROTTLED_GIVE_UP_MS + 5_000);
    const gaps = callTimes.slice(1).map((t, n) => t - callTimes[n]!);
    expect(gaps[1]!).toBeGreaterThan(gaps[0]!);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(5_250); // capped, so it never sleeps through the minute
  });

  it('gives a failing call two more tries, and a final answer none', async () => {
    const failing = await runOnClock([
      () => {
        throw serverError();
      },
    ]);
    expect([failing.result.status, failing.callTimes.length]).toEqual(['rejected', 3]);
    const denied = await runOnClock([
      () => {
        throw new PortalError('ACCESS_DENIED', 'No access', { retryable: false, status: 403 });
      },
    ]);
    expect([denied.result.status, denied.callTimes.length]).toEqual(['rejected', 1]);
  });
});
