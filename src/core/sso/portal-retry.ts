import type { CoreContext } from '../context';
import { isLatchkeyError } from '../errors';
import { backoffDelayMs } from './adaptive-limiter';
import { isRetryable, retryDelayMs } from './portal';

// Retries of a single portal call (role credentials for `use`, `console`, `credential-process`)
// beyond the SDK's own few attempts. Many commands can start at once (an SDK running thirty
// credential_process for thirty profiles), each throttled in turn: a 429 is a reason to wait,
// never to give up soon, so throttled calls keep trying, spread out and paced by the portal's
// Retry-After, for up to a minute. Other transient failures (a 5xx the SDK gave up on, a
// dropped connection, a garbled 200) get two more tries in a row.

/** How long a call may keep being throttled before the command gives up. */
export const THROTTLED_GIVE_UP_MS = 60_000;
const MORE_TRIES_AFTER_FAILURE = 2;

export async function retryPortalCall<T>(ctx: CoreContext, call: () => Promise<T>, random: () => number = Math.random): Promise<T> {
  const started = ctx.clock.now();
  let throttled = 0;
  let failed = 0;
  for (;;) {
    try {
      return await call();
    } catch (err) {
      if (!isRetryable(err)) throw err;
      let delayMs: number;
      if (isLatchkeyError(err, 'THROTTLED')) {
        if (ctx.clock.now() - started >= THROTTLED_GIVE_UP_MS) throw err;
        failed = 0; // the portal is up, only busy: earlier failures were passing ones
        delayMs = retryDelayMs(backoffDelayMs(++throttled, 500, 5_000, random), err);
      } else {
        if (++failed > MORE_TRIES_AFTER_FAILURE) throw err;
        delayMs = retryDelayMs(200 * failed + random() * 200, err);
      }
      ctx.logger.debug('retrying a portal call', { code: (err as { code?: string }).code, delayMs: Math.round(delayMs) });
      await ctx.clock.sleep(delayMs);
    }
  }
}
