import type { Clock, TimerHandle } from '../clock';

// Paces requests to a server whose rate limit we do not know (the SSO portal: "about 20 a
// second" is folklore). Two controls:
//   - a concurrency cap, so latency is hidden without flooding the server;
//   - a token-bucket pacer whose rate follows the server's bottleneck rate.
// While the server throttles us, the rate of SUCCESSFUL responses is exactly what it allows
// (a refused request costs it no quota), so that measurement — averaged over the last few
// throttled intervals — is the bottleneck estimate, and we pace a little above it: the server
// stays saturated (full throughput) and only a few percent of requests come back 429. When an
// interval passes with pacing holding requests back and no 429, the rate grows geometrically
// until the server pushes back again. Unlike AIMD, there is no saw-tooth below the limit.

/** The shortest span a rate is measured over (servers limit per second). */
const MIN_ESTIMATE_SPAN_MS = 1000;
/** The estimate averages over this span, or longer (up to the history) to count enough successes. */
const ESTIMATE_SPAN_MS = 2000;
const ESTIMATE_MIN_SAMPLES = 30;
const QUIET_REFUSALS_MISSED = 2;
const MAX_QUIET_SPAN_MS = 5000;
/** Refusals within a second before an unpaced limiter starts pacing: one stray 429 (a flaky
 * front end, a neighbour's burst) while little was in flight says nothing about the limit,
 * and a pace measured from it (one success a second) would crawl for minutes. */
const MIN_REFUSALS_TO_PACE = 3;

export type RequestOutcome = 'ok' | 'throttled' | 'failed';

export interface Permit {
  /** Frees the concurrency slot and feeds the outcome to the rate estimate. Call exactly once. */
  release(outcome: RequestOutcome): void;
}

export interface AdaptiveLimiterOptions {
  clock: Clock;
  /** Most requests in flight at once. */
  maxConcurrency: number;
  /** Starting pace in requests/s; Infinity (default) = only the concurrency cap until a 429. */
  initialRate?: number;
  /** Length of a measurement interval. */
  intervalMs?: number;
  /** How many past intervals are kept (the estimate averages over a run of throttled ones). */
  historyIntervals?: number;
  /** Pace this fraction above the measured bottleneck rate, so the server stays saturated. */
  headroom?: number;
  /** Rate multiplier per interval in which pacing held requests back and nothing was throttled. */
  increaseFactor?: number;
  /** Floor of the pacing rate, requests/s. */
  minRate?: number;
}

interface IntervalSample {
  ok: number;
  throttled: number;
}

interface Waiter {
  resolve(permit: Permit): void;
  reject(reason: unknown): void;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
}

export interface LimiterSnapshot {
  rate: number;
  inFlight: number;
  waiting: number;
}

export class AdaptiveLimiter {
  private readonly clock: Clock;
  private readonly maxConcurrency: number;
  private readonly intervalMs: number;
  private readonly historyIntervals: number;
  private readonly headroom: number;
  private readonly increaseFactor: number;
  private readonly minRate: number;

  private currentRate: number;
  private tokens = 1;
  private lastRefill: number;
  private active = 0;
  /** One FIFO per priority; lower number = served first. */
  private readonly queues: Waiter[][] = [];
  private wakeTimer: TimerHandle | undefined;

  private intervalStart: number;
  private current: IntervalSample = { ok: 0, throttled: 0 };
  private pacingHeldBack = false;
  private readonly history: IntervalSample[] = [];
  /** Consecutive intervals in which pacing held requests back and nothing was throttled. */
  private quietIntervals = 0;
  /** Intervals (this one included) since the server began refusing at the current pace. */
  private saturatedRun = 0;
  /** Times of the successes in the last second: the first estimate when the first 429 comes. */
  private recentOk: number[] = [];
  /** Times of the refusals in the last second while unpaced. */
  private recentThrottles: number[] = [];

  constructor(options: AdaptiveLimiterOptions) {
    this.clock = options.clock;
    this.maxConcurrency = Math.max(1, Math.floor(options.maxConcurrency));
    this.intervalMs = options.intervalMs ?? 500;
    this.historyIntervals = options.historyIntervals ?? 10;
    this.headroom = options.headroom ?? 0.1;
    this.increaseFactor = options.increaseFactor ?? 1.5;
    this.minRate = options.minRate ?? 0.5;
    this.currentRate = options.initialRate ?? Infinity;
    this.lastRefill = this.clock.now();
    this.intervalStart = this.lastRefill;
  }

  /** Current pacing rate in requests/s (Infinity until the first throttle). */
  get rate(): number {
    return this.currentRate;
  }

  snapshot(): LimiterSnapshot {
    return { rate: this.currentRate, inFlight: this.active, waiting: this.queues.reduce((n, q) => n + q.length, 0) };
  }

  /** Waits for a concurrency slot and a pacing token. Rejects with the signal's reason on abort. */
  acquire(priority = 0, signal?: AbortSignal): Promise<Permit> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<Permit>((resolve, reject) => {
      const waiter: Waiter = { resolve, reject, signal, onAbort: undefined };
      if (signal) {
        waiter.onAbort = () => {
          this.removeWaiter(waiter);
          reject(signal.reason);
        };
        signal.addEventListener('abort', waiter.onAbort, { once: true });
      }
      (this.queues[priority] ??= []).push(waiter);
      this.dispatch();
    });
  }

  private removeWaiter(waiter: Waiter): void {
    for (const q of this.queues) {
      const i = q?.indexOf(waiter) ?? -1;
      if (q && i >= 0) q.splice(i, 1);
    }
  }

  private nextWaiter(): Waiter | undefined {
    for (const q of this.queues) if (q?.length) return q.shift();
    return undefined;
  }

  private hasWaiters(): boolean {
    return this.queues.some((q) => q?.length);
  }

  private dispatch(): void {
    this.closeElapsedIntervals();
    while (this.active < this.maxConcurrency && this.hasWaiters()) {
      if (!this.takeToken()) {
        this.pacingHeldBack = true;
        this.scheduleWake();
        return;
      }
      const waiter = this.nextWaiter()!;
      if (waiter.signal && waiter.onAbort) waiter.signal.removeEventListener('abort', waiter.onAbort);
      this.active++;
      waiter.resolve(this.makePermit());
    }
  }

  private makePermit(): Permit {
    let released = false;
    return {
      release: (outcome) => {
        if (released) return;
        released = true;
        this.active--;
        this.closeElapsedIntervals();
        if (outcome === 'ok') this.recordOk();
        else if (outcome === 'throttled') this.recordThrottle();
        this.dispatch();
      },
    };
  }

  // --- pacing (token bucket) -------------------------------------------------------------

  /** A small bucket: enough to absorb timer lateness, too small to burst into a throttle. */
  private bucketCapacity(): number {
    return Math.max(1, this.currentRate * 0.05);
  }

  private takeToken(): boolean {
    if (!Number.isFinite(this.currentRate)) return true;
    const now = this.clock.now();
    this.tokens = Math.min(this.bucketCapacity(), this.tokens + ((now - this.lastRefill) / 1000) * this.currentRate);
    this.lastRefill = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  private scheduleWake(): void {
    if (this.wakeTimer) return;
    const waitMs = Math.max(1, Math.ceil(((1 - this.tokens) / this.currentRate) * 1000));
    this.wakeTimer = this.clock.setTimeout(() => {
      this.wakeTimer = undefined;
      this.dispatch();
    }, waitMs);
  }

  // --- rate estimation ---------------------------------------------------------------------

  private recordOk(): void {
    this.current.ok++;
    const now = this.clock.now();
    this.recentOk.push(now);
    if (this.recentOk.length > 64 && this.recentOk[0]! <= now - 1000) this.recentOk = this.recentOk.filter((t) => t > now - 1000);
  }

  private recordThrottle(): void {
    this.current.throttled++;
    if (Number.isFinite(this.currentRate)) return;
    // First push-back while unpaced: what succeeded in the last second is the best guess we
    // have now; waiting for a full interval would send a flood of doomed requests meanwhile.
    const since = this.clock.now() - 1000;
    this.recentThrottles = [...this.recentThrottles.filter((t) => t > since), this.clock.now()];
    if (this.recentThrottles.length < MIN_REFUSALS_TO_PACE) return;
    const okLastSecond = this.recentOk.filter((t) => t > since).length;
    if (okLastSecond > 0) this.setRate(Math.max(this.minRate, okLastSecond * (1 + this.headroom)));
  }

  private closeElapsedIntervals(): void {
    const now = this.clock.now();
    if (now - this.intervalStart >= this.intervalMs * (this.historyIntervals + 1)) {
      // Idle for long: old measurements describe another moment; start over from here.
      this.history.length = 0;
      this.current = { ok: 0, throttled: 0 };
      this.pacingHeldBack = false;
      this.quietIntervals = 0;
      this.saturatedRun = 0;
      this.intervalStart = now;
      return;
    }
    while (now - this.intervalStart >= this.intervalMs) {
      // Below two requests a second whole intervals pass without a dispatch; requests still
      // queued with slots free were held back by the pacer all the same.
      const heldBack = this.pacingHeldBack || (this.active < this.maxConcurrency && this.hasWaiters());
      this.adjustRate(this.current, heldBack);
      this.history.push(this.current);
      if (this.history.length > this.historyIntervals) this.history.shift();
      this.current = { ok: 0, throttled: 0 };
      this.pacingHeldBack = false;
      this.intervalStart += this.intervalMs;
    }
  }

  private adjustRate(sample: IntervalSample, heldBack: boolean): void {
    if (sample.throttled > 0) {
      this.quietIntervals = 0;
      this.saturatedRun++;
      this.adjustToBottleneck(sample);
    } else if (heldBack && Number.isFinite(this.currentRate)) {
      // The pacer held requests back and the server refused none. Near the limit a short quiet
      // spell happens by chance (it stays part of the saturated run); a full quiet second means
      // the server allows more: look for it.
      this.quietIntervals++;
      if (this.saturatedRun > 0) this.saturatedRun++;
      if (this.quietIntervals * this.intervalMs >= this.quietSpanMs()) {
        this.saturatedRun = 0;
        this.setRate(this.currentRate * this.increaseFactor);
      }
    } else {
      // Demand, not the pacer, set the pace: this interval says nothing about the server.
      this.quietIntervals = 0;
      this.saturatedRun = 0;
    }
  }

  /** How long without a 429 shows we are below the limit: at the limit, pacing `headroom` above
   * it draws a refusal every 1/(rate·headroom) s; a few of those must have been missed. */
  private quietSpanMs(): number {
    const refusalsPerSecondAtLimit = (this.currentRate * this.headroom) / (1 + this.headroom);
    return Math.min(MAX_QUIET_SPAN_MS, Math.max(MIN_ESTIMATE_SPAN_MS, (QUIET_REFUSALS_MISSED / refusalsPerSecondAtLimit) * 1000));
  }

  /** Saturated: successes per second since the server began refusing is the server's rate.
   * Earlier intervals (before the last increase, or unpaced) would bias it, so they are left out. */
  private adjustToBottleneck(sample: IntervalSample): void {
    let ok = sample.ok;
    let intervals = 1;
    const runStart = this.history.length - (this.saturatedRun - 1);
    for (let i = this.history.length - 1; i >= Math.max(0, runStart); i--) {
      // Enough when the span is long and the count large enough to be precise.
      if (intervals * this.intervalMs >= ESTIMATE_SPAN_MS && ok >= ESTIMATE_MIN_SAMPLES) break;
      const past = this.history[i]!;
      ok += past.ok;
      intervals++;
    }
    const spanMs = intervals * this.intervalMs;
    // Unpaced, a stray refusal or two is left to the per-request backoff (see MIN_REFUSALS_TO_PACE).
    if (!Number.isFinite(this.currentRate) && this.recentThrottles.filter((t) => t > this.clock.now() - 1000).length < MIN_REFUSALS_TO_PACE) return;
    // Servers limit per second (a rolling window, a bucket refilled each second): a shorter
    // span can catch a burst or a gap. Hold the current pace until a full second is seen.
    if (spanMs < MIN_ESTIMATE_SPAN_MS && Number.isFinite(this.currentRate)) return;
    if (ok > 0) {
      this.setRate(Math.max(this.minRate, (ok / (spanMs / 1000)) * (1 + this.headroom)));
    } else if (Number.isFinite(this.currentRate)) {
      // Nothing got through: nothing to measure, so halve.
      this.setRate(Math.max(this.minRate, this.currentRate / 2));
    }
    // Unpaced and nothing measured (e.g. a few stray 429s first thing): the per-request backoff
    // copes; a guessed pace would only slow down what may well be an unthrottled portal.
  }

  private setRate(rate: number): void {
    this.currentRate = rate;
    this.tokens = Math.min(this.tokens, this.bucketCapacity());
    // A pending wake was computed for the old rate; recompute.
    if (this.wakeTimer) {
      this.wakeTimer.cancel();
      this.wakeTimer = undefined;
      if (this.hasWaiters()) queueMicrotask(() => this.dispatch());
    }
  }
}

/**
 * Exponential backoff with "equal jitter": between half and all of min(cap, base·2^(attempt-1)),
 * so retries neither hammer the server in lockstep nor collapse to zero.
 */
export function backoffDelayMs(attempt: number, baseMs: number, capMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling * (0.5 + random() * 0.5));
}
