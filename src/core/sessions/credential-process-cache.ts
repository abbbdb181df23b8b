import { createHash } from 'node:crypto';
import path from 'node:path';
import { writeFileAtomicSafe } from '../aws/atomic-write';
import { readFileNoForeignLink } from '../aws/foreign-links';
import { awsPaths } from '../aws/paths';
import type { CoreContext } from '../context';
import { registerSecret } from '../redact';
import type { RoleCredentials } from '../types';

// `credential_process` is called by every SDK before every session it builds, so cached
// credentials must be served without loading the AWS SDK. They live beside the AWS CLI's own
// cache of assumed-role credentials (~/.aws/cli/cache), mode 0600, in files Latchkey owns.

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

export function credentialProcessCachePath(ctx: Pick<CoreContext, 'env' | 'homedir'>, key: { session: string; startUrl: string; role: string }): string {
  const digest = createHash('sha1').update(JSON.stringify([key.session, key.startUrl, key.role])).digest('hex');
  return path.join(awsPaths(ctx).cliCacheDir, `latchkey-${digest}.json`);
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

/** Cached output still good for at least the margin, else undefined. Never throws for content. */
export async function readCredentialProcessCache(file: string, now: number): Promise<CredentialProcessOutput | undefined> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFileNoForeignLink(file));
  } catch {
    return undefined;
  }
  const c = parsed as Partial<CredentialProcessOutput>;
  if (c?.Version !== 1 || !c.AccessKeyId || !c.SecretAccessKey || !c.SessionToken || !c.Expiration) return undefined;
  const expires = Date.parse(c.Expiration);
  if (!Number.isFinite(expires) || expires - now < CREDENTIAL_PROCESS_MARGIN_MS) return undefined;
  registerSecret(c.SecretAccessKey);
  registerSecret(c.SessionToken);
  return c as CredentialProcessOutput;
}

export async function writeCredentialProcessCache(file: string, output: CredentialProcessOutput): Promise<void> {
  await writeFileAtomicSafe(file, JSON.stringify(output) + '\n', { mode: 0o600 });
}
