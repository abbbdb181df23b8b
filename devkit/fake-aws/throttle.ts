// How the fake portal throttles. Both limiters use real (monotonic) time: throttling is about
// wall-clock load, whatever clock the test fakes. A refused request never consumes quota — a
// client that backs off is not punished for having been refused.

import type { PortalLimit } from './types';

/** The verdict on one request: refused requests say when the next one would be accepted. */
export type ThrottleVerdict = { allowed: true } | { allowed: false; retryAfterMs: number };

const ALLOWED: ThrottleVerdict = { allowed: true };

/**
 * A rolling-window limiter: at most `rate` accepted requests in any window of one second
 * (scaled for fractional rates), so a burst is never larger than the rate.
 */
export class RollingWindowLimiter {
  private accepted: number[] = [];

  constructor(private readonly now: () => number = () => performance.now()) {}

  tryAcquire(rate: number | undefined): boolean {
    return this.decide(rate).allowed;
  }

  decide(rate: number | undefined): ThrottleVerdict {
    if (rate === undefined || !Number.isFinite(rate) || rate <= 0) return ALLOWED;
    const capacity = Math.max(1, Math.floor(rate));
    const windowMs = (1000 * capacity) / rate;
    const t = this.now();
    while (this.accepted.length && this.accepted[0]! <= t - windowMs) this.accepted.shift();
    if (this.accepted.length >= capacity) return { allowed: false, retryAfterMs: this.accepted[0]! + windowMs - t };
    this.accepted.push(t);
    return ALLOWED;
  }

  reset(): void {
    this.accepted = [];
  }
}

/**
 * A token bucket, the way AWS front ends limit: `burst` tokens at most, refilled continuously
 * at `rate` a second, one token per accepted request. With a small burst, requests that arrive
 * together are refused even while the average rate is well under the limit.
 */
export class TokenBucket {
  private tokens: number | undefined;
  private last = 0;

  constructor(private readonly now: () => number = () => performance.now()) {}

  decide(rate: number, burst: number): ThrottleVerdict {
    if (!Number.isFinite(rate) || rate <= 0) return ALLOWED;
    const capacity = Math.max(1, burst);
    const t = this.now();
    // A fresh bucket starts full, as a quiet service's does.
    this.tokens = Math.min(capacity, this.tokens === undefined ? capacity : this.tokens + ((t - this.last) / 1000) * rate);
    this.last = t;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return ALLOWED;
    }
    return { allowed: false, retryAfterMs: ((1 - this.tokens) / rate) * 1000 };
  }

  reset(): void {
    this.tokens = undefined;
  }
}

/**
 * The portal's budgets: operations named in `perOperation` each have their own limit (AWS
 * meters GetRoleCredentials apart from the listings); the others share `shared`.
 */
export class PortalThrottle {
  private readonly windows = new Map<string, RollingWindowLimiter>();
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(private readonly now: () => number = () => performance.now()) {}

  decide(operation: string, shared: PortalLimit | undefined, perOperation: Partial<Record<string, PortalLimit>> | undefined): ThrottleVerdict {
    const own = perOperation?.[operation];
    const key = own ? operation : '';
    const limit = own ?? shared;
    if (!limit) return ALLOWED;
    if (limit.burst === undefined) return this.budget(this.windows, key, () => new RollingWindowLimiter(this.now)).decide(limit.rate);
    return this.budget(this.buckets, key, () => new TokenBucket(this.now)).decide(limit.rate, limit.burst);
  }

  reset(): void {
    this.windows.clear();
    this.buckets.clear();
  }

  private budget<T>(map: Map<string, T>, key: string, make: () => T): T {
    let b = map.get(key);
    if (!b) map.set(key, (b = make()));
    return b;
  }
}
