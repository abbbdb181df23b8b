import type { Clock, TimerHandle } from '../clock';
import type { Logger } from '../log';
import type { RoleCredentials } from '../types';

// Credentials a long-running program keeps asking for: always handed out with enough life left
// that the SDK asking will not want new ones at once, renewed in the background before that.

/** botocore refreshes container credentials 15 minutes before they expire (10 minutes is its
 * mandatory window); the JS SDK 5 minutes before. */
const SDK_ADVISORY_MS = 15 * 60_000;

/** How close to expiry credentials of this lifetime stop being served: 15 minutes for the usual
 * hour or more, a quarter of the lifetime for shorter ones (an emulator's seconds). */
export function renewalMargin(lifetimeMs: number): number {
  return Math.max(0, Math.min(SDK_ADVISORY_MS, lifetimeMs / 4));
}

export interface RenewingCredentialsOptions {
  fetch: () => Promise<RoleCredentials>;
  clock: Clock;
  logger?: Logger;
  /** Names the credentials in log lines (never a secret). */
  label: string;
}

export class RenewingCredentials {
  private held: { creds: RoleCredentials; margin: number } | undefined;
  private inFlight: Promise<RoleCredentials> | undefined;
  private timer: TimerHandle | undefined;
  private stopped = false;

  constructor(private readonly options: RenewingCredentialsOptions) {}

  /** Credentials good for at least the margin; the held ones if renewing fails while they are
   * still valid (the SDK gets an error only when nothing valid is left). */
  async current(): Promise<RoleCredentials> {
    const now = this.options.clock.now();
    if (this.held && this.held.creds.expiration - now > this.held.margin) return this.held.creds;
    try {
      return await this.renew();
    } catch (err) {
      if (this.held && this.held.creds.expiration > this.options.clock.now()) return this.held.creds;
      throw err;
    }
  }

  stop(): void {
    this.stopped = true;
    this.timer?.cancel();
  }

  private renew(): Promise<RoleCredentials> {
    this.inFlight ??= (async () => {
      const fetchedAt = this.options.clock.now();
      const creds = await this.options.fetch();
      const margin = renewalMargin(creds.expiration - fetchedAt);
      this.held = { creds, margin };
      this.schedule(creds, margin);
      this.options.logger?.info('credential server: credentials renewed', { role: this.options.label, expiration: new Date(creds.expiration).toISOString() });
      return creds;
    })().finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  /** Renews a little before the margin, so a request rarely waits for AWS (SDKs give the
   * endpoint a second or two). */
  private schedule(creds: RoleCredentials, margin: number): void {
    this.timer?.cancel();
    if (this.stopped) return;
    const lead = Math.min(5 * 60_000, margin / 2);
    const at = creds.expiration - margin - lead - this.options.clock.now();
    this.timer = this.options.clock.setBackgroundTimeout(
      () => {
        this.renew().catch((err: unknown) =>
          this.options.logger?.warn('credential server: renewal failed; the held credentials are served while valid', {
            role: this.options.label,
            error: err instanceof Error ? err.message : String(err),
          }),
        );
      },
      Math.max(0, at),
    );
  }
}
