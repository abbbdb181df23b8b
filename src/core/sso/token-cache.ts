import { join } from 'node:path';
import type { CoreContext } from '../context';
import { writeFileAtomicSafe } from '../aws/atomic-write';
import { readFileNoForeignLink, readFileNoForeignLinkSync } from '../aws/foreign-links';
import { awsPaths } from '../aws/paths';
import { removeFile } from '../aws/remove-file';
import { registerSecret } from '../redact';
import { sha1Hex } from '../sha1';

// The AWS CLI's SSO token cache, byte-compatible with botocore and the JS SDK so that a
// sign-in by either side serves the other: ~/.aws/sso/cache/<sha1(session name)>.json.

export interface CachedSsoToken {
  startUrl: string;
  region: string;
  accessToken: string;
  /** ISO-8601 UTC, like 2026-11-23T13:00:00Z. */
  expiresAt: string;
  clientId?: string;
  clientSecret?: string;
  registrationExpiresAt?: string;
  refreshToken?: string;
}

export function tokenCachePath(ctx: Pick<CoreContext, 'env' | 'homedir'>, sessionName: string): string {
  return join(awsPaths(ctx).ssoCacheDir, `${sha1Hex(sessionName)}.json`);
}

/** Formats epoch ms the way botocore does (seconds precision, `Z`). */
export function isoUtc(epochMs: number): string {
  return new Date(Math.floor(epochMs / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** A token that can be renewed without a sign-in: a refresh token and a live registration. */
export function isRefreshable(token: CachedSsoToken, now: number): boolean {
  return Boolean(token.refreshToken && token.clientId && token.clientSecret && parseIso(token.registrationExpiresAt) > now);
}

/** Epoch ms of an ISO timestamp, or NaN. */
export function parseIso(value: string | undefined): number {
  return value ? Date.parse(value) : Number.NaN;
}

export async function readCachedToken(ctx: CoreContext, sessionName: string): Promise<CachedSsoToken | undefined> {
  const file = tokenCachePath(ctx, sessionName);
  let text: string;
  try {
    text = await readFileNoForeignLink(file);
  } catch (err) {
    return unreadable(ctx, file, err);
  }
  return readToken(ctx, file, text);
}

/** The same, synchronously (`latchkey status` answered by its small entry). */
export function readCachedTokenSync(ctx: CoreContext, sessionName: string): CachedSsoToken | undefined {
  const file = tokenCachePath(ctx, sessionName);
  let text: string;
  try {
    text = readFileNoForeignLinkSync(file);
  } catch (err) {
    return unreadable(ctx, file, err);
  }
  return readToken(ctx, file, text);
}

function unreadable(ctx: CoreContext, file: string, err: unknown): undefined {
  const code = (err as NodeJS.ErrnoException).code;
  if (code !== 'ENOENT' && code !== 'ENOTDIR') ctx.logger.warn('Cannot read the SSO token cache', { file, code });
  return undefined;
}

function readToken(ctx: CoreContext, file: string, text: string): CachedSsoToken | undefined {
  const token = parseCachedToken(text);
  if (!token) {
    // Never log the content: it may hold a token.
    ctx.logger.warn('Ignoring an unreadable SSO token cache file', { file });
    return undefined;
  }
  for (const secret of [token.accessToken, token.refreshToken, token.clientSecret]) registerSecret(secret);
  return token;
}

function parseCachedToken(text: string): CachedSsoToken | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return undefined;
  const r = raw as Record<string, unknown>;
  const str = (k: string) => (typeof r[k] === 'string' && r[k] !== '' ? (r[k] as string) : undefined);
  const accessToken = str('accessToken');
  const expiresAt = str('expiresAt');
  if (!accessToken || !expiresAt || Number.isNaN(parseIso(expiresAt))) return undefined;
  const token: CachedSsoToken = { startUrl: str('startUrl') ?? '', region: str('region') ?? '', accessToken, expiresAt };
  for (const k of ['clientId', 'clientSecret', 'registrationExpiresAt', 'refreshToken'] as const) {
    const v = str(k);
    if (v) token[k] = v;
  }
  return token;
}

export async function writeCachedToken(ctx: CoreContext, sessionName: string, token: CachedSsoToken): Promise<void> {
  // Key order as the AWS CLI writes it; optional keys only when present.
  const out: Record<string, string> = {
    startUrl: token.startUrl,
    region: token.region,
    accessToken: token.accessToken,
    expiresAt: token.expiresAt,
  };
  for (const k of ['clientId', 'clientSecret', 'registrationExpiresAt', 'refreshToken'] as const) {
    const v = token[k];
    if (v) out[k] = v;
  }
  await writeFileAtomicSafe(tokenCachePath(ctx, sessionName), JSON.stringify(out), { mode: 0o600 });
}

/** True if there was a token to remove; a token that cannot be removed is a DISK error. */
export function deleteCachedToken(ctx: Pick<CoreContext, 'env' | 'homedir'>, sessionName: string): Promise<boolean> {
  return removeFile(tokenCachePath(ctx, sessionName));
}
