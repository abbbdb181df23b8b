import path from 'node:path';
import { LatchkeyError } from '../errors';
import { ensurePrivateDir } from '../private-dir';
import { assertNoForeignLink } from './foreign-links';

// A lock between processes (the app, any number of `latchkey` commands). proper-lockfile
// uses an atomic mkdir next to the target and treats a lock as stale once its holder stops
// refreshing it, so a killed process never leaves everyone else stuck.

export type Release = () => Promise<void>;

const STALE_MS = 10_000;

/** The targets this process holds the lock of (an atomic write may then clear dead writers'
 * temporary files: every writer of the target holds the lock, so none of them is writing). */
const held = new Set<string>();

export function holdsFileLock(target: string): boolean {
  return held.has(path.resolve(target));
}

function lockOptions(target: string) {
  return {
    realpath: false,
    stale: STALE_MS,
    update: STALE_MS / 4,
    lockfilePath: `${target}.latchkey-lock`,
    // A compromised lock (clock jump, stolen after being stale) must not crash the process.
    onCompromised: () => {},
  };
}

/** Takes the lock if it is free; null if another process holds it. */
export async function tryLock(target: string): Promise<Release | null> {
  // Before any folder is made or lock taken through a link that is not to be followed.
  await assertNoForeignLink(target);
  await ensurePrivateDir(path.dirname(target));
  try {
    // Loaded on first use: read-only paths (credential_process with cached credentials) never
    // pay for proper-lockfile and the graceful-fs patching it brings.
    const { default: lockfile } = await import('proper-lockfile');
    const release = await lockfile.lock(target, lockOptions(target));
    const key = path.resolve(target);
    held.add(key);
    return async () => {
      held.delete(key);
      await release();
    };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ELOCKED') return null;
    throw err;
  }
}

/** Runs `fn` holding the lock on `target`, waiting up to `timeoutMs` for it. */
export async function withFileLock<T>(target: string, fn: () => Promise<T>, options: { timeoutMs?: number } = {}): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  let delay = 10;
  let release: Release | null;
  for (;;) {
    release = await tryLock(target);
    if (release) break;
    if (Date.now() >= deadline) {
      throw new LatchkeyError('TIMEOUT', `Another process has held the lock on ${target} for too long.`, {
        hint: 'Wait for the other Latchkey command to finish, then try again.',
      });
    }
    await new Promise((r) => setTimeout(r, delay + Math.random() * delay));
    delay = Math.min(delay * 2, 200);
  }
  try {
    return await fn();
  } finally {
    await release().catch(() => {});
  }
}
