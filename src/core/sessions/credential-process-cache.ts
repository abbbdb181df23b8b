import { statSync } from 'node:fs';
import fs from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomicSafe } from '../aws/atomic-write';
import { readFileNoForeignLinkSync } from '../aws/foreign-links';
import { awsPaths } from '../aws/paths';
import { removeFile } from '../aws/remove-file';
import type { CoreContext } from '../context';
import { registerSecret } from '../redact';
import { sha1Hex } from '../sha1';
import { tokenCachePath } from '../sso/token-cache';
import type { RoleCredentials } from '../types';

// `credential_process` is called by every SDK before every session it builds, so cached
// credentials must be served without loading the AWS SDK. They live beside the AWS CLI's own
// cache of assumed-role credentials (~/.aws/cli/cache), mode 0600, in files Latchkey owns.
//
// Each file says which sign-in its credentials came from (SsoSession). They are served only
// while that sign-in's token file exists: once it is gone (latchkey logout, aws sso logout, a
// person deleting it) the person has signed out and nothing of the sign-in is handed out again.
// Credentials from an SSO sign-in also carry the AWS CLI's own marker, ProviderType "sso",
// which `aws sso logout` (v2) looks for when it sweeps ~/.aws/cli/cache: it removes ours too
// (awscli/customizations/sso/logout.py, SSOCredentialSweeper).

/** SDKs refresh process credentials 15 minutes before they expire (botocore's advisory
 * window), so handing out anything closer to expiry would only make them call us again. */
export const CREDENTIAL_PROCESS_MARGIN_MS = 15 * 60_000;

export interface CredentialProcessOutput {
  Version: 1;
  AccessKeyId: string;
  SecretAccessKey: string;
  SessionToken: string;
  Expiration: string;
}

/** The file: the output, and where it came from. */
interface CachedCredentialProcess extends CredentialProcessOutput {
  ProviderType?: 'sso';
  /** The sso-session (for a legacy profile, the start URL) whose token the credentials came
   * from; null when no SSO sign-in was involved (an IAM user's keys). */
  SsoSession: string | null;
}

const CACHE_FILE = /^latchkey-[0-9a-f]{40}\.json$/;

export function credentialProcessCachePath(ctx: Pick<CoreContext, 'env' | 'homedir'>, key: { session: string; startUrl: string; role: string }): string {
  const digest = sha1Hex(JSON.stringify([key.session, key.startUrl, key.role]));
  return join(awsPaths(ctx).cliCacheDir, `latchkey-${digest}.json`);
}

export function toCredentialProcessOutput(creds: RoleCredentials): CredentialProcessOutput {
  return {
    Version: 1,
    AccessKeyId: creds.accessKeyId,
    SecretAccessKey: creds.secretAccessKey,
    SessionToken: creds.sessionToken,
    Expiration: new Date(creds.expiration).toISOString(),
  };
}

/** The inverse of toCredentialProcessOutput. */
export function toRoleCredentials(output: CredentialProcessOutput): RoleCredentials {
  return {
    accessKeyId: output.AccessKeyId,
    secretAccessKey: output.SecretAccessKey,
    sessionToken: output.SessionToken,
    expiration: Date.parse(output.Expiration),
  };
}

/**
 * Cached output still good for at least the margin and whose sign-in is still on disk, else
 * undefined. `session` is the sign-in the caller knows the file belongs to (its key names it);
 * without it the file must say. One stat of the token file: this is the hot path, synchronous
 * because promise-based fs costs more to load than the whole answer. Never throws for content.
 */
export function readCredentialProcessCache(
  ctx: Pick<CoreContext, 'env' | 'homedir' | 'clock'>,
  file: string,
  session?: string,
): CredentialProcessOutput | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileNoForeignLinkSync(file));
  } catch {
    return undefined;
  }
  const c = parsed as Partial<CachedCredentialProcess> | null;
  if (c?.Version !== 1 || !isText(c.AccessKeyId) || !isText(c.SecretAccessKey) || !isText(c.SessionToken) || !isText(c.Expiration)) return undefined;
  const expires = Date.parse(c.Expiration);
  if (!Number.isFinite(expires) || expires - ctx.clock.now() < CREDENTIAL_PROCESS_MARGIN_MS) return undefined;
  // A file of an older Latchkey that does not say where it came from is served only when the
  // caller knows; otherwise it is fetched again once.
  const from = session ?? (typeof c.SsoSession === 'string' || c.SsoSession === null ? c.SsoSession : undefined);
  if (from === undefined) return undefined;
  if (from !== null && !exists(tokenCachePath(ctx, from))) return undefined;
  registerSecret(c.SecretAccessKey);
  registerSecret(c.SessionToken);
  return { Version: 1, AccessKeyId: c.AccessKeyId, SecretAccessKey: c.SecretAccessKey, SessionToken: c.SessionToken, Expiration: c.Expiration };
}

/** `ssoSession`: the sign-in the credentials came from, or null for none. */
export async function writeCredentialProcessCache(file: string, output: CredentialProcessOutput, ssoSession: string | null): Promise<void> {
  const body: CachedCredentialProcess = { ...output, ...(ssoSession === null ? {} : { ProviderType: 'sso' as const }), SsoSession: ssoSession };
  await writeFileAtomicSafe(file, JSON.stringify(body) + '\n', { mode: 0o600 });
}

/**
 * Removes the cached credentials that came from these sign-ins, and those that do not say
 * where they came from (an older Latchkey's, or unreadable): no sign-in serves those again.
 * MFA sessions (latchkey-mfa-*) come from an IAM user's keys, not a sign-in, and stay.
 * Returns how many were removed; a file that cannot be removed is a DISK error naming it.
 */
export async function removeCredentialProcessCaches(ctx: Pick<CoreContext, 'env' | 'homedir'>, sessions: readonly string[]): Promise<number> {
  const dir = awsPaths(ctx).cliCacheDir;
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ENOTDIR') return 0;
    throw err;
  }
  let removed = 0;
  for (const name of names.filter((n) => CACHE_FILE.test(n))) {
    const file = join(dir, name);
    const from = await sourceOf(file);
    if (from === undefined || (from !== null && sessions.includes(from))) {
      if (await removeFile(file)) removed++;
    }
  }
  return removed;
}

/** The sign-in a cache file names: a session, null for none, undefined when it cannot say. */
async function sourceOf(file: string): Promise<string | null | undefined> {
  try {
    const c = JSON.parse(await fs.readFile(file, 'utf8')) as Partial<CachedCredentialProcess> | null;
    return typeof c?.SsoSession === 'string' || c?.SsoSession === null ? c.SsoSession : undefined;
  } catch {
    return undefined;
  }
}

function isText(value: unknown): value is string {
  return typeof value === 'string' && value !== '';
}

function exists(file: string): boolean {
  try {
    statSync(file);
    return true;
  } catch {
    return false;
  }
}
