import fs from 'node:fs/promises';
import path from 'node:path';
import type { CoreContext } from '../context';
import { LatchkeyError } from '../errors';
import { latchkeyHome } from '../aws/paths';
import { writeFileAtomicSafe } from '../aws/atomic-write';
import { sameStartUrl } from '../validation';
import type { Account, CatalogAccount } from '../types';
import { sha1Hex } from '../sha1';

// The last synced account/role catalog of each SSO session, in the app state directory that the
// app and the CLI share: `latchkey roles` answers at once and the tray shows roles before a
// sync finishes. A cache is disposable: a corrupt or outdated file is set aside, never fatal.
//
// Beside each full catalog (`<session>.json`, written only by a full sync) lies what single-role
// lookups learned (`<session>.learned.json`, `complete: false`): accounts from the pages they
// read, and the roles of the accounts they checked. Lookups use both; a list (`latchkey roles`,
// the popup, the background refresh) uses only the full one, so partial knowledge never passes
// for a full catalog, and a lookup's write can never replace or lose a full sync's.

export interface CachedCatalog {
  version: 1;
  session: string;
  startUrl: string;
  /** Epoch milliseconds. */
  syncedAt: number;
  accounts: CatalogAccount[];
  /** Absent (or true) in a full sync's catalog, from before this field too. */
  complete?: boolean;
}

/** An account a lookup saw; `roles` only when it listed them. */
export interface LearnedAccount extends Account {
  roles?: string[];
}

/** What single-role lookups learned: never a full catalog. */
export interface LearnedCatalog extends Omit<CachedCatalog, 'accounts' | 'complete'> {
  complete: false;
  accounts: LearnedAccount[];
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
  return `${cleaned}-${sha1Hex(session).slice(0, 10)}`;
}

export function catalogCachePath(ctx: Pick<CoreContext, 'env' | 'homedir' | 'platform'>, session: string): string {
  return path.join(latchkeyHome(ctx), 'catalog', `${safeFileName(session)}.json`);
}

export function learnedCatalogPath(ctx: Pick<CoreContext, 'env' | 'homedir' | 'platform'>, session: string): string {
  return catalogCachePath(ctx, session).replace(/\.json$/, '.learned.json');
}

/** The cached catalog, or undefined when there is none or it was unreadable (then set aside). */
export async function readCatalogCache(ctx: CoreContext, session: string): Promise<CachedCatalog | undefined> {
  return readCacheFile<CachedCatalog>(ctx, catalogCachePath(ctx, session), session);
}

/** What lookups learned for `session`, or undefined (none, or unreadable and set aside). */
export async function readLearnedCatalog(ctx: CoreContext, session: string): Promise<LearnedCatalog | undefined> {
  const learned = await readCacheFile<LearnedCatalog>(ctx, learnedCatalogPath(ctx, session), session);
  return learned?.complete === false ? learned : undefined;
}

/**
 * Adds what a lookup learned to the session's learned catalog: an account's name, id and email
 * replace the old ones; its roles only when the lookup listed them. Best effort: a lookup that
 * cannot write still answers, and the next one asks AWS again.
 */
export async function mergeLearnedCatalog(ctx: CoreContext, session: { name: string; startUrl: string }, learned: LearnedAccount[]): Promise<void> {
  if (learned.length === 0) return;
  try {
    const current = await readLearnedCatalog(ctx, session.name);
    const accounts = new Map((current && sameStartUrl(current.startUrl, session.startUrl) ? current.accounts : []).map((a) => [a.accountId, a]));
    for (const account of learned) {
      const roles = account.roles ?? accounts.get(account.accountId)?.roles;
      accounts.set(account.accountId, { ...account, ...(roles ? { roles } : {}) });
    }
    const record: LearnedCatalog = {
      version: 1,
      session: session.name,
      startUrl: session.startUrl,
      syncedAt: ctx.clock.now(),
      complete: false,
      accounts: [...accounts.values()],
    };
    const problem = catalogProblem(record, session.name);
    if (problem) throw new LatchkeyError('BAD_INPUT', `Refusing to cache an invalid catalog: ${problem}.`);
    await writeFileAtomicSafe(learnedCatalogPath(ctx, session.name), JSON.stringify(record) + '\n', { mode: 0o600 });
  } catch (err) {
    ctx.logger.warn('could not remember what a role lookup learned', { session: session.name, error: err });
  }
}

/** A full sync knows everything the lookups learned: their file goes. */
export async function forgetLearnedCatalog(ctx: CoreContext, session: string): Promise<void> {
  await fs.rm(learnedCatalogPath(ctx, session), { force: true }).catch((err: unknown) => {
    ctx.logger.warn('could not remove the learned account cache', { session, error: err });
  });
}

async function readCacheFile<T>(ctx: CoreContext, file: string, session: string): Promise<T | undefined> {
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
  if (problem === undefined) return parsed as T;
  await setAside(ctx, file, problem);
  return undefined;
}

export async function writeCatalogCache(ctx: CoreContext, catalog: CachedCatalog): Promise<void> {
  const problem = catalog.complete === false ? 'a partial catalog is not a full one' : catalogProblem(catalog, catalog.session);
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
  if (value.complete !== undefined && typeof value.complete !== 'boolean') return 'complete is not true or false';
  if (!Array.isArray(value.accounts)) return 'accounts is not a list';
  // Only a partial catalog may have accounts whose roles nobody listed.
  const rolesOptional = value.complete === false;
  for (const a of value.accounts) {
    if (!isObject(a) || typeof a.accountId !== 'string' || typeof a.accountName !== 'string') return 'an account lacks its id or name';
    if (a.emailAddress !== undefined && typeof a.emailAddress !== 'string') return 'an account has a bad email address';
    if (rolesOptional && a.roles === undefined) continue;
    if (!Array.isArray(a.roles) || !a.roles.every((r) => typeof r === 'string')) return 'an account has a bad role list';
  }
  return undefined;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
