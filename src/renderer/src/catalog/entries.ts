import { roleKey } from '../../../shared/role-key';
import type { RoleTarget } from '../../../shared/schemas';
import type { CatalogView, ConfigProfilesView } from '../../../shared/views';
import { isProfileEntry, profileEntry, type Entry } from './filter';

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

/** The row a target names (an event from main names a role or profile, not a row): an
 * Identity Center role even when its catalog is not loaded, a config profile only when listed. */
export function entryOfTarget(target: RoleTarget, catalogs: Record<string, CatalogView>, configProfiles: ConfigProfilesView | undefined): Entry | undefined {
  if (target.kind === 'profile') {
    const view = configProfiles?.profiles.find((p) => p.profile === target.profile);
    return view ? profileEntry(view) : undefined;
  }
  const accountName = catalogs[target.session]?.accounts.find((a) => a.accountId === target.accountId)?.accountName ?? target.accountId;
  const { session, accountId, roleName } = target;
  return { key: roleKey(target), session, accountId, accountName, roleName, haystack: `${accountName} ${accountId} ${roleName}`.toLowerCase() };
}
