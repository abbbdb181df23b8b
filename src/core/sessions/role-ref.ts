import { LatchkeyError } from '../errors';
import { quoteInput } from '../validation';
import type { CatalogAccount } from '../types';

export interface RoleArg {
  /** A 12-digit account id or an exact account name. */
  account: string;
  roleName: string;
}

const ACCOUNT_ID = /^\d{12}$/;

/** Parses `ACCOUNT/ROLE_NAME` (the account name may itself contain no slash; role names cannot). */
export function parseRoleArg(arg: string): RoleArg {
  const slash = arg.lastIndexOf('/');
  const account = arg.slice(0, slash).trim();
  const roleName = arg.slice(slash + 1).trim();
  if (slash <= 0 || !account || !roleName) {
    throw new LatchkeyError('BAD_INPUT', `${quoteInput(arg)} is not a role; expected ACCOUNT/ROLE_NAME.`, {
      hint: 'For example 123456789012/AdministratorAccess or production/ReadOnly.',
      cliHint: 'For example 123456789012/AdministratorAccess or production/ReadOnly. "latchkey roles" lists them.',
    });
  }
  if (!/^[\w+=,.@-]{1,64}$/.test(roleName)) {
    throw new LatchkeyError('BAD_INPUT', `${quoteInput(roleName)} is not a valid role name.`, {
      hint: 'Role names use letters, digits and +=,.@_- (up to 64 characters).',
    });
  }
  return { account, roleName };
}

export function isAccountId(value: string): boolean {
  return ACCOUNT_ID.test(value);
}

/** Finds the account and role in a catalog; NOT_FOUND says what exists instead. */
export function findRole(accounts: CatalogAccount[], arg: RoleArg): { account: CatalogAccount; roleName: string } {
  const matches = isAccountId(arg.account) ? accounts.filter((a) => a.accountId === arg.account) : accounts.filter((a) => a.accountName === arg.account);
  if (matches.length > 1) throw ambiguousAccount(arg.account, matches);
  const account = matches[0];
  if (!account) throw noSuchAccount(arg.account);
  const roleName = account.roles.find((r) => r === arg.roleName);
  if (!roleName) {
    throw new LatchkeyError('ACCESS_DENIED', `You have no role "${arg.roleName}" in account ${account.accountName} (${account.accountId}).`, {
      hint: account.roles.length ? `Roles there: ${account.roles.join(', ')}.` : 'Refresh the role list to update it.',
      ...(account.roles.length ? {} : { cliHint: 'Run "latchkey roles --refresh" to update the list.' }),
    });
  }
  return { account, roleName };
}

export function ambiguousAccount(name: string, matches: { accountId: string }[]): LatchkeyError {
  return new LatchkeyError('BAD_INPUT', `More than one account is named "${name}".`, {
    hint: `Use the account id instead: ${matches.map((a) => a.accountId).join(', ')}.`,
  });
}

export function noSuchAccount(account: string): LatchkeyError {
  return new LatchkeyError('ACCESS_DENIED', `No account "${account}" is assigned to you in this session.`, {
    hint: 'Refresh the role list to see the accounts you can reach.',
    cliHint: 'Run "latchkey roles --refresh" to see the accounts you can reach.',
  });
}

/** `name (id)/ROLE`, or `id/ROLE` when the account's name is not known. */
export function roleLabel(role: { accountId: string; accountName: string; roleName: string }): string {
  return `${role.accountName ? `${role.accountName} (${role.accountId})` : role.accountId}/${role.roleName}`;
}
