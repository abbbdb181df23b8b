import fs from 'node:fs/promises';
import type { CoreContext } from '../context';
import { tryLock } from '../aws/file-lock';
import { LatchkeyError, type ErrorCode } from '../errors';
import { redact } from '../redact';
import { readCachedToken, tokenCachePath, type CachedSsoToken } from './token-cache';

// One interactive sign-in per SSO session across every process (the app, any number of
// `latchkey` commands, credential_process children): whoever takes the lock signs in, the rest
// watch the token cache for the token it writes. This is what stops a dozen browser tabs.

const POLL_MS = 250;

export interface ExclusiveSignInOptions {
  /** Aborted on cancel or timeout; its reason is what this rejects with. */
  signal: AbortSignal;
  /** True for a token someone else produced that satisfies this caller. */
  isFresh(token: CachedSsoToken | undefined): token is CachedSsoToken;
  /** Take on the failure of a sign-in that ended while we waited, instead of starting another. */
  shareFailure: boolean;
}

/** How the last failed sign-in ended, for the callers that waited on it. Never holds a secret. */
interface RecordedFailure {
  at: number;
  code: ErrorCode;
  message: string;
  hint?: string;
  cliHint?: string;
}

export function loginLockTarget(ctx: Pick<CoreContext, 'env' | 'homedir'>, sessionName: string): string {
  return `${tokenCachePath(ctx, sessionName)}.login`;
}

export async function signInExclusively(
  ctx: CoreContext,
  sessionName: string,
  options: ExclusiveSignInOptions,
  signIn: () => Promise<CachedSsoToken>,
): Promise<{ token: CachedSsoToken; waitedForOther: boolean }> {
  const { signal, isFresh } = options;
  const target = loginLockTarget(ctx, sessionName);
  const failureFile = `${target}.failed`;
  const since = ctx.clock.now();
  const failedWhileWaiting = async () => (options.shareFailure ? await readFailure(failureFile, since) : undefined);
  let announced = false;
  for (;;) {
    if (signal.aborted) throw signal.reason;
    const release = await tryLock(target);
    if (release) {
      try {
        // Someone may have finished between our last look and taking the lock.
        const current = await readCachedToken(ctx, sessionName);
        if (isFresh(current)) return { token: current, waitedForOther: true };
        const failed = await failedWhileWaiting();
        if (failed) throw failed;
        try {
          return { token: await signIn(), waitedForOther: false };
        } catch (err) {
          await recordFailure(ctx, failureFile, err);
          throw err;
        }
      } finally {
        await release().catch(() => {});
      }
    }
    if (!announced) {
      ctx.logger.info('Another sign-in to this session is in progress; waiting for its token', { session: sessionName });
      announced = true;
    }
    const current = await readCachedToken(ctx, sessionName);
    if (isFresh(current)) return { token: current, waitedForOther: true };
    const failed = await failedWhileWaiting();
    if (failed) throw failed;
    // Jitter so that a crowd of waiters does not poll in lockstep.
    await ctx.clock.sleep(POLL_MS + Math.floor(Math.random() * POLL_MS * 0.4), signal);
  }
}

async function recordFailure(ctx: CoreContext, file: string, err: unknown): Promise<void> {
  // A cancel ends only the sign-in of the one who cancelled; the others may start their own.
  if (!(err instanceof LatchkeyError) || err.code === 'CANCELLED') return;
  const failure: RecordedFailure = {
    at: ctx.clock.now(),
    code: err.code,
    message: redact(err.message),
    ...(err.hint ? { hint: redact(err.hint) } : {}),
    ...(err.cliHint ? { cliHint: redact(err.cliHint) } : {}),
  };
  await fs.writeFile(file, JSON.stringify(failure), { mode: 0o600 }).catch((e: unknown) => {
    ctx.logger.warn('Could not record how the sign-in ended', { error: (e as Error)?.message });
  });
}

async function readFailure(file: string, since: number): Promise<LatchkeyError | undefined> {
  let failure: Partial<RecordedFailure>;
  try {
    failure = JSON.parse(await fs.readFile(file, 'utf8')) as Partial<RecordedFailure>;
  } catch {
    return undefined;
  }
  if (typeof failure.at !== 'number' || failure.at < since || typeof failure.code !== 'string' || typeof failure.message !== 'string') return undefined;
  return new LatchkeyError(failure.code, failure.message, {
    ...(typeof failure.hint === 'string' ? { hint: failure.hint } : {}),
    ...(typeof failure.cliHint === 'string' ? { cliHint: failure.cliHint } : {}),
  });
}
