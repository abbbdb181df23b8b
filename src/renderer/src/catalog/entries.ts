import type { RoleTarget } from '../../../shared/schemas';
import { isProfileEntry, type Entry } from './filter';

/** The name the announcements use: the role's, or the config profile's. */
export function entryName(entry: Entry): string {
  return isProfileEntry(entry) ? entry.profile : entry.roleName;
}

/** The contract's target for a row: an Identity Center role or a config profile. */
export function targetOf(entry: Entry): RoleTarget {
  return isProfileEntry(entry)
    ? { kind: 'profile', profile: entry.profile }
    : { kind: 'sso', session: entry.session, accountId: entry.accountId, roleName: entry.roleName };
}
