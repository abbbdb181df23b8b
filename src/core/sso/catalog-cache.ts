import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { CoreContext } from '../context';
import { LatchkeyError } from '../errors';
import { latchkeyHome } from '../aws/paths';
import { writeFileAtomicSafe } from '../aws/atomic-write';
import type { CatalogAccount } from '../types';

// The last synced account/role catalog of each SSO session, in the app state directory that the
// app and the CLI share: `latchkey roles` answers at once and the tray shows roles before a
// sync finishes. A cache is disposable: a corrupt or outdated file is set aside, never fatal.

export interface CachedCatalog {
  version: 1;
  session: string;
  startUrl: string;
  /** Epoch milliseconds. */
  syncedAt: number;
  accounts: CatalogAccount[];
}

export const CATALOG_CACHE_VERSION = 1;

/** A file name safe on every OS; a hash keeps two names that sanitise alike apart. */
function safeFileName(session: string): string {
  const cleaned = session
    .replace(/[^A-Za-z0-9._-]/g, '_')
    .replace(/^\.+/, '_')
    .slice(0, 80);
  const reservedOnWindows = /^(con|prn|aux|nul|com\d|lpt\d)$/i.test(cleaned);
  if (cleaned === session && cleaned.length > 0 && !reservedOnWindows) return cleaned;
  return `${cleaned}-${createHash('sha1').update(session).digest('hex').slice(0, 10)}`;
}

export function catalogCachePath(ctx: Pick<CoreContext, 'env' | 'homedir' | 'platform'>, session: string): string {
  return path.join(latchkeyHome(ctx), 'catalog', `${safeFileName(session)}.json`);
}

/** The cached catalog, or undefined when there is none or it was unreadable (then set aside). */
export async function readCatalogCache(ctx: CoreContext, session: string): Promise<CachedCatalog | undefined> {
  const file = catalogCachePath(ctx, session);
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new LatchkeyError('DISK', `Could not read the account cache ${file}.`, { cause: err });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const problem = parsed === undefined ? 'not valid JSON' : catalogProblem(parsed, session);
  if (problem === undefined) return parsed as CachedCatalog;
  await setAside(ctx, file, problem);
  return undefined;
}

export async function writeCatalogCache(ctx: CoreContext, catalog: CachedCatalog): Promise<void> {
  const problem = catalogProblem(catalog, catalog.session);
  if (problem) throw new LatchkeyError('BAD_INPUT', `Refusing to cache an invalid catalog: ${problem}.`);
  await writeFileAtomicSafe(catalogCachePath(ctx, catalog.session), JSON.stringify(catalog) + '\n', { mode: 0o600 });
}

async function setAside(ctx: CoreContext, file: string, problem: string): Promise<void> {
  const aside = `${file}.corrupt-${ctx.clock.now()}`;
  try {
    await fs.rename(file, aside);
    ctx.logger.warn('set aside an unreadable account cache', { file, aside, problem });
  } catch (err) {
    // Another process may have replaced or removed it meanwhile; the next write fixes it anyway.
    ctx.logger.warn('could not set aside an unreadable account cache', { file, problem, error: err });
  }
}

/** Why `value` is not a usable catalog for `session`, or undefined when it is. */
function catalogProblem(value: unknown, session: string): string | undefined {
  if (!isObject(value)) return 'not an object';
  if (value.version !== CATALOG_CACHE_VERSION) return `version ${String(value.version)} is not ${CATALOG_CACHE_VERSION}`;
  if (value.session !== session) return 'it belongs to another session';
  if (typeof value.startUrl !== 'string' || typeof value.syncedAt !== 'number' || !Number.isFinite(value.syncedAt)) return 'missing startUrl or syncedAt';
  if (!Array.isArray(value.accounts)) return 'accounts is not a list';
  for (const a of value.accounts) {
    if (!isObject(a) || typeof a.accountId !== 'string' || typeof a.accountName !== 'string') return 'an account lacks its id or name';
    if (a.emailAddress !== undefined && typeof a.emailAddress !== 'string') return 'an account has a bad email address';
    if (!Array.isArray(a.roles) || !a.roles.every((r) => typeof r === 'string')) return 'an account has a bad role list';
  }
  return undefined;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
