/**
 * A rolling-window limiter: at most `rate` accepted requests in any window of one second
 * (scaled for fractional rates), so a burst is never larger than the rate. A rejected request
 * does not consume quota — a client that backs off is not punished for having been refused.
 * Uses real (monotonic) time: throttling is about wall-clock load, whatever clock the test fakes.
 */
export class RollingWindowLimiter {
  private accepted: number[] = [];

  constructor(private readonly now: () => number = () => performance.now()) {}

  tryAcquire(rate: number | undefined): boolean {
    if (rate === undefined || !Number.isFinite(rate) || rate <= 0) return true;
    const capacity = Math.max(1, Math.floor(rate));
    const windowMs = (1000 * capacity) / rate;
    const t = this.now();
    while (this.accepted.length && this.accepted[0]! <= t - windowMs) this.accepted.shift();
    if (this.accepted.length >= capacity) return false;
    this.accepted.push(t);
    return true;
  }

  reset(): void {
    this.accepted = [];
  }
}
