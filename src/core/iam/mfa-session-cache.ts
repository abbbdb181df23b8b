import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomicSafe } from '../aws/atomic-write';
import { withFileLock } from '../aws/file-lock';
import { readFileNoForeignLink } from '../aws/foreign-links';
import { awsPaths } from '../aws/paths';
import type { CoreContext } from '../context';
import { registerSecret } from '../redact';
import type { RoleCredentials } from '../types';

// MFA sessions (GetSessionToken with an MFA code) are reused until they expire, so one code
// serves a day of chained roles. They are credentials, so they live where credentials do: in
// the AWS CLI's cache folder (~/.aws/cli/cache/latchkey-mfa-*.json, beside the credential-process
// cache), mode 0600, written atomically under a lock — never in LATCHKEY_HOME or state.json.
// The file name hashes the long-term key id and the MFA serial, so rotating the key or
// changing the device starts a new session.

export interface CachedMfaSession extends RoleCredentials {
  version: 1;
  /** The long-term key the session came from (an id, not a secret). */
  sourceAccessKeyId: string;
  serial: string;
}

/** A session this close to its end is not handed out: what is built on it must last a while. */
export const MFA_SESSION_MARGIN_MS = 5 * 60_000;

export function mfaSessionPath(ctx: CoreContext, key: { sourceAccessKeyId: string; serial: string }): string {
  const digest = createHash('sha256').update(`${key.sourceAccessKeyId}\0${key.serial}`).digest('hex').slice(0, 40);
  return path.join(awsPaths(ctx).cliCacheDir, `latchkey-mfa-${digest}.json`);
}

export async function readMfaSession(ctx: CoreContext, key: { sourceAccessKeyId: string; serial: string }): Promise<RoleCredentials | undefined> {
  let parsed: Partial<CachedMfaSession>;
  try {
    parsed = JSON.parse(await readFileNoForeignLink(mfaSessionPath(ctx, key))) as Partial<CachedMfaSession>;
  } catch {
    return undefined;
  }
  if (
    parsed?.version !== 1 ||
    parsed.sourceAccessKeyId !== key.sourceAccessKeyId ||
    parsed.serial !== key.serial ||
    typeof parsed.accessKeyId !== 'string' ||
    typeof parsed.secretAccessKey !== 'string' ||
    typeof parsed.sessionToken !== 'string' ||
    !Number.isFinite(parsed.expiration)
  ) {
    return undefined;
  }
  registerSecret(parsed.secretAccessKey);
  registerSecret(parsed.sessionToken);
  if (parsed.expiration! - ctx.clock.now() < MFA_SESSION_MARGIN_MS) return undefined;
  return { accessKeyId: parsed.accessKeyId, secretAccessKey: parsed.secretAccessKey, sessionToken: parsed.sessionToken, expiration: parsed.expiration! };
}

export async function writeMfaSession(ctx: CoreContext, key: { sourceAccessKeyId: string; serial: string }, creds: RoleCredentials): Promise<void> {
  const file = mfaSessionPath(ctx, key);
  const body: CachedMfaSession = { version: 1, ...key, ...creds };
  await withFileLock(file, () => writeFileAtomicSafe(file, JSON.stringify(body) + '\n', { mode: 0o600 }));
}

export async function forgetMfaSession(ctx: CoreContext, key: { sourceAccessKeyId: string; serial: string }): Promise<void> {
  const file = mfaSessionPath(ctx, key);
  await withFileLock(file, () => fs.rm(file, { force: true }));
}

/**
 * The cached session, or a new one from `create` — under the lock, so two processes that
 * both need one ask the person for one code, not two: the second finds the first's session.
 */
export async function mfaSessionOrCreate(
  ctx: CoreContext,
  key: { sourceAccessKeyId: string; serial: string },
  create: () => Promise<RoleCredentials>,
): Promise<{ credentials: RoleCredentials; reused: boolean }> {
  const cached = await readMfaSession(ctx, key);
  if (cached) return { credentials: cached, reused: true };
  const file = mfaSessionPath(ctx, key);
  // A person typing a code can take a while: wait up to five minutes for another process.
  return withFileLock(
    file,
    async () => {
      const again = await readMfaSession(ctx, key);
      if (again) return { credentials: again, reused: true };
      const credentials = await create();
      await writeFileAtomicSafe(file, JSON.stringify({ version: 1, ...key, ...credentials } satisfies CachedMfaSession) + '\n', { mode: 0o600 });
      return { credentials, reused: false };
    },
    { timeoutMs: 5 * 60_000 },
  );
}
