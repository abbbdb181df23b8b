import type { CoreContext } from '../context';
import { LatchkeyError } from '../errors';
import { registerSecret } from '../redact';

// What the two interactive sign-in flows share.

export type LoginPrompt =
  | { kind: 'browser'; url: string }
  | {
      kind: 'device';
      userCode: string;
      verificationUri: string;
      verificationUriComplete: string;
      expiresAt: number;
      /** Why the device code is used though nobody asked for it (no browser here can finish). */
      reason?: string;
      /** The same, as a code the app puts in the person's language. */
      reasonCode?: DeviceCodeReason;
    };

/** Why a sign-in uses the device code though nobody asked for it. */
export type DeviceCodeReason = 'ssh' | 'container' | 'wsl' | 'no-display' | 'browser-failed';

export type SignInPrompt = (prompt: LoginPrompt) => void;

/** What CreateToken returned, before it becomes a cached token. */
export interface OidcTokens {
  accessToken: string;
  /** Seconds. */
  expiresIn: number;
  refreshToken?: string;
}

/** Opens a URL; a browser that cannot be opened must not end the sign-in, since the prompt
 * also carries the URL for the person to open by hand. */
export async function openQuietly(ctx: CoreContext, url: string): Promise<void> {
  try {
    await ctx.openUrl(url);
  } catch (err) {
    ctx.logger.warn('Could not open the browser; open the sign-in URL by hand', { error: (err as Error)?.message ?? String(err) });
  }
}

/** How long an opener may take before it counts as opened: one that fails does so at once, a
 * browser started in the foreground keeps running, and a hung opener must not hold up the
 * sign-in. The command's opener (cli/browser.ts) waits the same. */
export const OPENER_WAIT_MS = 1_500;

/** Opens a URL; the reason it could not, or undefined when it opened (or is still opening). */
export async function tryOpen(ctx: CoreContext, url: string, signal: AbortSignal): Promise<string | undefined> {
  const waited = new AbortController();
  const onAbort = () => waited.abort();
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    const opened = ctx.openUrl(url).then(
      () => undefined,
      (err: unknown) => (err as Error)?.message ?? String(err),
    );
    const patience = ctx.clock.sleep(OPENER_WAIT_MS, waited.signal).then(
      () => undefined,
      () => undefined,
    );
    const failure = await Promise.race([opened, patience]);
    if (signal.aborted) throw signal.reason;
    if (failure) ctx.logger.warn('Could not open the browser', { error: failure });
    return failure;
  } finally {
    waited.abort();
    signal.removeEventListener('abort', onAbort);
  }
}

/** Checks and registers (for redaction) what CreateToken returned. */
export function tokensFrom(out: { accessToken?: string; expiresIn?: number; refreshToken?: string }): OidcTokens {
  registerSecret(out.accessToken);
  registerSecret(out.refreshToken);
  if (!out.accessToken || !out.expiresIn) throw new LatchkeyError('AWS_ERROR', 'AWS IAM Identity Center returned no access token.');
  return { accessToken: out.accessToken, expiresIn: out.expiresIn, ...(out.refreshToken ? { refreshToken: out.refreshToken } : {}) };
}

/** Rejects with the signal's reason as soon as it aborts. */
export function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}

export function asCancelled(reason: unknown): unknown {
  return reason instanceof LatchkeyError ? reason : new LatchkeyError('CANCELLED', 'The sign-in was cancelled.', { cause: reason });
}

/** What a timed-out sign-in says; `message` replaces "not completed within N seconds". */
export interface TimeoutAdvice {
  message?: string;
  hint: string;
  cliHint: string;
}

/** A signal that aborts on the caller's signal (CANCELLED) or after `timeoutMs` (TIMEOUT). */
export function deadline(
  ctx: CoreContext,
  timeoutMs: number,
  outer?: AbortSignal,
  advice: TimeoutAdvice = {
    hint: 'Sign in again and finish the sign-in in the browser.',
    cliHint: 'Run "latchkey login" again and finish the sign-in in the browser.',
  },
): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const timer = ctx.clock.setTimeout(
    () =>
      controller.abort(
        new LatchkeyError('TIMEOUT', advice.message ?? `The sign-in was not completed within ${Math.round(timeoutMs / 1000)} seconds.`, {
          hint: advice.hint,
          cliHint: advice.cliHint,
        }),
      ),
    timeoutMs,
  );
  const onAbort = () => controller.abort(asCancelled(outer?.reason));
  if (outer?.aborted) onAbort();
  else outer?.addEventListener('abort', onAbort, { once: true });
  return {
    signal: controller.signal,
    dispose: () => {
      timer.cancel();
      outer?.removeEventListener('abort', onAbort);
    },
  };
}
