import type { CoreContext } from '../context';
import { isLatchkeyError, LatchkeyError } from '../errors';
import { mergeLearnedCatalog, readCatalogCache, readLearnedCatalog, type LearnedAccount } from '../sso/catalog-cache';
import type { Account, SsoSessionRef } from '../types';
import { sameStartUrl } from '../validation';
import { ambiguousAccount, findRole, isAccountId, noSuchAccount, type RoleArg } from './role-ref';

// One role, found with as few portal calls as the question allows, so the first credentials in
// a fresh HOME cost the same in a 2,000-account organisation as in a small one:
//   - ACCOUNT_ID/ROLE: no call at all (GetRoleCredentials itself says whether the role is ours),
//     unless the cache lists the account's roles without this one: then one role page.
//   - ACCOUNT_NAME/ROLE: the cached catalog when it knows the name, else account pages only
//     until the name appears, then that account's roles.
// What the calls teach goes into the learned catalog, so the next lookup makes none.

/** The portal calls a lookup may need (retried and with a fresh token by the caller). */
export interface LookupPortal {
  listAccountsPage(nextToken?: string): Promise<{ accounts: Account[]; nextToken?: string }>;
  listRoles(accountId: string): Promise<string[]>;
}

export interface LookupOptions {
  /** Nothing after the lookup will ask AWS for the role (an export): confirm it and the account's name with list calls. */
  confirm?: boolean;
}

export interface FoundRole {
  accountId: string;
  /** '' when nothing cached or listed names the account. */
  accountName: string;
  roleName: string;
}

export async function lookUpRole(
  ctx: CoreContext,
  session: SsoSessionRef,
  arg: RoleArg,
  portal: LookupPortal,
  options: LookupOptions = {},
): Promise<FoundRole> {
  const known = await knownAccounts(ctx, session);
  const byId = isAccountId(arg.account);
  const learned: LearnedAccount[] = [];
  try {
    const matches = known.filter((a) => (byId ? a.accountId === arg.account : a.accountName === arg.account));
    if (matches.length > 1) throw ambiguousAccount(arg.account, matches);
    let account = matches[0];
    // By id, GetRoleCredentials checks the role itself; a list call only when the cache says it is not there.
    const cacheLacksRole = account?.roles !== undefined && !account.roles.includes(arg.roleName);
    if (byId && !options.confirm && !cacheLacksRole) return { accountId: arg.account, accountName: account?.accountName ?? '', roleName: arg.roleName };
    account ??= await pageUntilFound(portal, arg, learned);
    if (!account) throw noSuchAccount(arg.account);
    if (account.roles?.includes(arg.roleName)) return found(account, arg);
    const checked = account;
    const roles = await portal.listRoles(checked.accountId).catch((err: unknown) => {
      if (isLatchkeyError(err, 'ACCESS_DENIED') || isLatchkeyError(err, 'NOT_FOUND')) throw noAccess(checked, arg.roleName, err);
      throw err;
    });
    learned.push({ ...checked, roles });
    return found({ ...checked, roles }, arg);
  } finally {
    await mergeLearnedCatalog(ctx, session, learned);
  }
}

/** AWS refused the role: one line naming account and role. */
export function noAccess(account: { accountId: string; accountName: string }, roleName: string, cause?: unknown): LatchkeyError {
  const where = account.accountName ? `${account.accountName} (${account.accountId})` : account.accountId;
  return new LatchkeyError('ACCESS_DENIED', `You have no access to role "${roleName}" in account ${where}.`, {
    hint: 'Check the account and role name in the role list.',
    cliHint: 'Run "latchkey roles" to see the roles you can use.',
    cause,
  });
}

/** The full catalog's accounts, then what lookups learned since (their newer role lists win). */
async function knownAccounts(ctx: CoreContext, session: SsoSessionRef): Promise<LearnedAccount[]> {
  const ours = <T extends { startUrl: string }>(c: T | undefined) => (c && sameStartUrl(c.startUrl, session.startUrl) ? c : undefined);
  const full = ours(await readCatalogCache(ctx, session.name).catch(() => undefined));
  const learned = ours(await readLearnedCatalog(ctx, session.name).catch(() => undefined));
  const accounts = new Map<string, LearnedAccount>((full?.complete === false ? [] : (full?.accounts ?? [])).map((a) => [a.accountId, a]));
  for (const a of learned?.accounts ?? []) {
    const roles = a.roles ?? accounts.get(a.accountId)?.roles;
    accounts.set(a.accountId, { ...a, ...(roles ? { roles } : {}) });
  }
  return [...accounts.values()];
}

/** Account pages until one holds the account asked for; every account seen is learned. */
async function pageUntilFound(portal: LookupPortal, arg: RoleArg, learned: LearnedAccount[]): Promise<LearnedAccount | undefined> {
  const byId = isAccountId(arg.account);
  let nextToken: string | undefined;
  do {
    const page = await portal.listAccountsPage(nextToken);
    learned.push(...page.accounts);
    const matches = page.accounts.filter((a) => (byId ? a.accountId === arg.account : a.accountName === arg.account));
    if (matches.length > 1) throw ambiguousAccount(arg.account, matches);
    if (matches[0]) return matches[0];
    nextToken = page.nextToken;
  } while (nextToken);
  return undefined;
}

function found(account: LearnedAccount, arg: RoleArg): FoundRole {
  const { account: a, roleName } = findRole([{ ...account, roles: account.roles ?? [] }], arg);
  return { accountId: a.accountId, accountName: a.accountName, roleName };
}
