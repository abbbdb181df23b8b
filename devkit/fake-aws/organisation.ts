import type { FakeAccount } from './types';
import { seededRandom } from './random';

// Role names every account offers, in order; `rolesPerAccount` takes a prefix so tests can
// rely on AdministratorAccess and ReadOnlyAccess existing everywhere.
export const ROLE_NAMES = [
  'AdministratorAccess',
  'ReadOnlyAccess',
  'PowerUserAccess',
  'ViewOnlyAccess',
  'Billing',
  'DeveloperAccess',
  'SecurityAudit',
  'DatabaseAdministrator',
];

// Readable names for the first accounts so a demo organisation looks like a real one.
const READABLE = ['production', 'staging', 'sandbox'];

/** The organisation: the same options and seed always give the same accounts. */
export function generateOrganisation(count: number, rolesPerAccount: number, seed: number): FakeAccount[] {
  const rand = seededRandom(seed ^ 0x5eed);
  const roles = Array.from({ length: rolesPerAccount }, (_, i) => ROLE_NAMES[i] ?? `CustomRole${i + 1 - ROLE_NAMES.length}`);
  const seen = new Set<string>();
  const accounts: FakeAccount[] = [];
  for (let i = 0; i < count; i++) {
    let accountId: string;
    do {
      accountId = Array.from({ length: 12 }, () => Math.floor(rand() * 10)).join('');
    } while (seen.has(accountId));
    seen.add(accountId);
    const accountName = READABLE[i] ?? `acct-${String(i + 1).padStart(4, '0')}`;
    accounts.push({ accountId, accountName, emailAddress: `aws+${accountName}@example.com`, roles: [...roles] });
  }
  return accounts;
}
