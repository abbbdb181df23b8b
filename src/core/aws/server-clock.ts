import type { Clock } from '../clock';
import type { Logger } from '../log';

// Expirations that AWS sends (portal role credentials, STS credentials) are on AWS's clock;
// everything that uses them (the refresh timer, `credential_process`'s Expiration, which SDKs
// compare with their own clock) runs on this computer's. With the clock minutes behind,
// credentials would die before Latchkey renews them; minutes ahead, they would look due at
// once and be fetched again and again. An answer's `Date` header says what time AWS had: keep
// the lifetime AWS granted, on the local clock.

/** Skew below this is left alone: the Date header has one-second resolution and the answer
 * takes a while to arrive, and every margin that matters is minutes long. */
export const CLOCK_SKEW_TOLERANCE_MS = 30_000;

/** Offsets beyond this are not believed: a clock a day off breaks TLS first, so a `Date` that
 * far away is a broken proxy's, and trusting it could push expiries days late. */
export const CLOCK_SKEW_MAX_MS = 24 * 60 * 60_000;

/**
 * `expiration` (AWS's clock) on the local clock. Taking AWS's latest possible time and the
 * moment the request left, the result errs early, never late.
 */
export function onLocalClock(expiration: number, serverNow: number, sentAt: number): number {
  if (!Number.isFinite(serverNow) || !Number.isFinite(sentAt)) return expiration;
  // The header is whole seconds: AWS's time was up to 999 ms later than it says.
  const offset = serverNow + 999 - sentAt;
  return Math.abs(offset) > CLOCK_SKEW_TOLERANCE_MS && Math.abs(offset) <= CLOCK_SKEW_MAX_MS ? expiration - offset : expiration;
}

/** What the SDK's middleware stack needs to run a middleware in the deserialize step. */
export const SERVER_DATE_STEP = { step: 'deserialize', name: 'latchkeyServerDate' } as const;

/**
 * A middleware that notes AWS's `Date` on the answer, to add to one command's stack with
 * SERVER_DATE_STEP just before it is sent; `toLocal(expiration)` then converts an expiration
 * from that answer to the local clock (logging when they differ).
 */
export function serverClock(clock: Clock, logger: Logger) {
  let serverNow = Number.NaN;
  const sentAt = clock.now();
  return {
    middleware:
      <A, R extends { response: unknown }>(next: (args: A) => Promise<R>) =>
      async (args: A): Promise<R> => {
        const result = await next(args);
        serverNow = Date.parse((result.response as { headers?: Record<string, string> }).headers?.date ?? '');
        return result;
      },
    toLocal(expiration: number): number {
      const local = onLocalClock(expiration, serverNow, sentAt);
      if (local !== expiration) {
        logger.warn("This computer's clock differs from AWS's; credential expiry converted to local time", {
          offsetSeconds: Math.round((serverNow - sentAt) / 1000),
        });
      }
      return local;
    },
  };
}
