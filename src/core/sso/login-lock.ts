import type { CoreContext } from '../context';
import { tryLock } from '../aws/file-lock';
import { removeRecord, readFailure, readPrompt, recordFailure, recordPrompt } from './sign-in-record';
import type { LoginPrompt } from './sign-in';
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
  /** Shown what the process that is signing in shows (its code, its URL), so a person
   * waiting on it can approve it. */
  onOthersPrompt?: (prompt: LoginPrompt) => void;
}

export function loginLockTarget(ctx: Pick<CoreContext, 'env' | 'homedir'>, sessionName: string): string {
  return `${tokenCachePath(ctx, sessionName)}.login`;
}

export async function signInExclusively(
  ctx: CoreContext,
  sessionName: string,
  options: ExclusiveSignInOptions,
  /** `publish` hands each prompt to the processes waiting on this sign-in. */
  signIn: (publish: (prompt: LoginPrompt) => void) => Promise<CachedSsoToken>,
): Promise<{ token: CachedSsoToken; waitedForOther: boolean }> {
  const { signal, isFresh } = options;
  const target = loginLockTarget(ctx, sessionName);
  const failureFile = `${target}.failed`;
  const promptFile = `${target}.prompt`;
  let shownPrompt = '';
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
        // Written in order, and all written before the record is removed.
        let publishing = Promise.resolve();
        try {
          const token = await signIn((prompt) => {
            publishing = publishing.then(() => recordPrompt(ctx, promptFile, prompt));
          });
          await removeRecord(failureFile);
          return { token, waitedForOther: false };
        } catch (err) {
          await recordFailure(ctx, failureFile, err);
          throw err;
        } finally {
          await publishing;
          await removeRecord(promptFile);
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
    if (options.onOthersPrompt) {
      const other = await readPrompt(promptFile);
      if (other && other.raw !== shownPrompt) {
        shownPrompt = other.raw;
        options.onOthersPrompt(other.prompt);
      }
    }
    // Jitter so that a crowd of waiters does not poll in lockstep.
    await ctx.clock.sleep(POLL_MS + Math.floor(Math.random() * POLL_MS * 0.4), signal);
  }
}
