import type { CoreContext } from '../context';
import { tryLock } from '../aws/file-lock';
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
  let announced = false;
  for (;;) {
    if (signal.aborted) throw signal.reason;
    const release = await tryLock(target);
    if (release) {
      try {
        // Someone may have finished between our last look and taking the lock.
        const current = await readCachedToken(ctx, sessionName);
        if (isFresh(current)) return { token: current, waitedForOther: true };
        return { token: await signIn(), waitedForOther: false };
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
    // Jitter so that a crowd of waiters does not poll in lockstep.
    await ctx.clock.sleep(POLL_MS + Math.floor(Math.random() * POLL_MS * 0.4), signal);
  }
}
