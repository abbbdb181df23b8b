import { describe, expect, it } from 'vitest';
import { buildSearchIndex, filterRows, loadingAccounts, roleRowIndexes, type Row } from '../../src/renderer/src/catalog/filter';
import type { CatalogView, ConfigProfilesView } from '../../src/shared/views';

function catalog(session: string, accounts: { id: string; name: string; roles: string[] }[]): CatalogView {
  return { session, syncedAt: 0, fromCache: false, accounts: accounts.map((a) => ({ accountId: a.id, accountName: a.name, roles: a.roles })) };
}

const ORG = catalog('work', [
  { id: '111111111111', name: 'production', roles: ['ReadOnly', 'Admin'] },
  { id: '222222222222', name: 'staging', roles: ['Admin', 'Developer'] },
  { id: '333333333333', name: 'billing', roles: ['BillingViewer'] },
]);

const roleLabels = (rows: Row[]) =>
  rows.filter((r) => r.type === 'role').map((r) => (r.type === 'role' ? `${r.section}:${r.role.accountName}/${r.role.roleName}` : ''));
const noState = { favorites: [], recents: [] };

describe('role list filter', () => {
  it('lists every account (sorted by name) with its roles under "all accounts"', () => {
    const { rows, matchCount, totalCount } = filterRows(buildSearchIndex([ORG]), '', noState);
    expect(rows[0]).toMatchObject({ type: 'section', section: 'accounts', count: 5 });
    expect(rows.filter((r) => r.type === 'account').map((r) => (r.type === 'account' ? r.account.accountName : ''))).toEqual([
      'billing',
      'production',
      'staging',
    ]);
    expect(roleLabels(rows)).toEqual([
      'accounts:billing/BillingViewer',
      'accounts:production/Admin',
      'accounts:production/ReadOnly',
      'accounts:staging/Admin',
      'accounts:staging/Developer',
    ]);
    expect([matchCount, totalCount]).toEqual([5, 5]);
  });

  it('matches account name, account id and role name, case-insensitively, every term', () => {
    const index = buildSearchIndex([ORG]);
    expect(roleLabels(filterRows(index, 'PROD', noState).rows)).toEqual(['accounts:production/Admin', 'accounts:production/ReadOnly']);
    expect(roleLabels(filterRows(index, '2222', noState).rows)).toEqual(['accounts:staging/Admin', 'accounts:staging/Developer']);
    expect(roleLabels(filterRows(index, 'admin', noState).rows)).toEqual(['accounts:production/Admin', 'accounts:staging/Admin']);
    expect(roleLabels(filterRows(index, 'admin stag', noState).rows)).toEqual(['accounts:staging/Admin']);
    const none = filterRows(index, 'nothing-like-this', noState);
    expect(none.rows).toEqual([]);
    expect(none.matchCount).toBe(0);
  });

  it('puts favorites first, then recents (not repeating favorites), and filters them too', () => {
    const index = buildSearchIndex([ORG]);
    const state = {
      favorites: ['work/222222222222/Admin'],
      recents: [
        { key: 'work/222222222222/Admin', usedAt: 3 },
        { key: 'work/333333333333/BillingViewer', usedAt: 2 },
        { key: 'work/999999999999/Gone', usedAt: 1 }, // no longer in the catalog: skipped
      ],
    };
    const { rows } = filterRows(index, '', state);
    expect(rows.filter((r) => r.type === 'section').map((r) => (r.type === 'section' ? r.section : ''))).toEqual(['favorites', 'recents', 'accounts']);
    expect(roleLabels(rows).slice(0, 2)).toEqual(['favorites:staging/Admin', 'recents:billing/BillingViewer']);
    expect(roleLabels(filterRows(index, 'billing', state).rows)).toEqual(['recents:billing/BillingViewer', 'accounts:billing/BillingViewer']);
    // Row ids stay unique although a role shows in two sections.
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
  });

  it('groups by session when there are several, and ↑/↓ only visit role rows', () => {
    const other = catalog('home', [{ id: '444444444444', name: 'personal', roles: ['Admin'] }]);
    const { rows } = filterRows(buildSearchIndex([ORG, other]), 'admin', noState);
    expect(rows.filter((r) => r.type === 'session').map((r) => (r.type === 'session' ? r.session : ''))).toEqual(['work', 'home']);
    expect(roleRowIndexes(rows).every((i) => rows[i]!.type === 'role')).toBe(true);
    expect(roleRowIndexes(rows)).toHaveLength(3);
  });

  it('lists config profiles before the accounts, searchable by name, kind, account and role, with problems in words', () => {
    const config: ConfigProfilesView = {
      profiles: [
        {
          profile: 'prod-admin',
          kind: 'chained-role',
          accountId: '555555555555',
          roleName: 'OrgAdmin',
          sourceProfile: 'alice',
          mfa: true,
          chain: ['prod-admin', 'alice'],
        },
        { profile: 'alice', kind: 'iam-user', userName: 'alice', mfa: true, chain: ['alice'] },
      ],
      problems: [{ profile: 'loop-a', code: 'BAD_CONFIG_FILE', message: 'source_profile loops: loop-a → loop-b → loop-a' }],
    };
    const index = buildSearchIndex([ORG], config);
    const all = filterRows(index, '', noState);
    expect(all.rows.filter((r) => r.type === 'section').map((r) => (r.type === 'section' ? r.section : ''))).toEqual(['profiles', 'accounts']);
    const profileNames = (rows: Row[]) => rows.filter((r) => r.type === 'profile').map((r) => (r.type === 'profile' ? r.entry.profile : ''));
    expect(profileNames(all.rows)).toEqual(['alice', 'prod-admin']);
    expect(all.rows.filter((r) => r.type === 'problem').map((r) => (r.type === 'problem' ? r.problem.profile : ''))).toEqual(['loop-a']);
    expect([all.matchCount, all.totalCount, all.profileMatchCount, all.profileCount]).toEqual([5, 5, 2, 2]);

    expect(profileNames(filterRows(index, 'chained', noState).rows)).toEqual(['prod-admin']);
    expect(profileNames(filterRows(index, '5555 orgadmin', noState).rows)).toEqual(['prod-admin']);
    expect(profileNames(filterRows(index, 'iam user', noState).rows)).toEqual(['alice']);
    // A query about roles hides the profiles (and their problems) that do not match.
    const roles = filterRows(index, 'staging', noState);
    expect(roles.rows.some((r) => r.type === 'profile' || r.type === 'problem' || (r.type === 'section' && r.section === 'profiles'))).toBe(false);
    expect(roles.profileMatchCount).toBe(0);
    // ↑/↓ visit profiles and roles, never headers or problems.
    expect(roleRowIndexes(all.rows).map((i) => all.rows[i]!.type)).toEqual(['profile', 'profile', 'role', 'role', 'role', 'role', 'role']);
  });

  it('shows accounts whose roles are still loading, found by account name or id, and says which they are', () => {
    const partial: CatalogView = {
      ...catalog('work', [
        { id: '111111111111', name: 'production', roles: ['Admin'] },
        { id: '444444444444', name: 'sandbox', roles: [] },
        { id: '555555555555', name: 'security', roles: [] },
      ]),
      pending: ['444444444444', '555555555555'],
    };
    const index = buildSearchIndex([partial]);
    const loadingRows = (query: string) => filterRows(index, query, noState).rows.filter((r) => r.type === 'loading');
    expect(loadingRows('')).toHaveLength(2);
    expect(loadingAccounts(filterRows(index, 'SAND', noState).rows)).toEqual(new Map([['work', ['444444444444']]]));
    expect(loadingAccounts(filterRows(index, '5555', noState).rows)).toEqual(new Map([['work', ['555555555555']]]));
    // Each loading account sits under its own header; a query matching nothing loading shows none.
    const rows = filterRows(index, 'security', noState).rows;
    expect(rows.map((r) => r.type)).toEqual(['section', 'account', 'loading']);
    expect(loadingRows('production')).toEqual([]);
    expect(roleLabels(filterRows(index, 'production', noState).rows)).toEqual(['accounts:production/Admin']);
  });

  // How fast (one frame per keystroke at this size) is measured by `npm run bench` (bench/ui.ts),
  // not asserted here: timed tests flake on a loaded machine.
  it('filters 2,000 accounts × 3 roles by name, id prefix and role', () => {
    const accounts = Array.from({ length: 2000 }, (_, i) => ({ id: String(100000000000 + i), name: `acct-${i}`, roles: ['Admin', 'ReadOnly', 'Developer'] }));
    const index = buildSearchIndex([catalog('big', accounts)]);
    expect(filterRows(index, '', noState).matchCount).toBe(6000);
    // acct-199 and acct-1990 … acct-1999, three roles each.
    expect(filterRows(index, 'acct-199', noState).matchCount).toBe(33);
    expect(filterRows(index, 'read', noState).matchCount).toBe(2000);
    expect(filterRows(index, '100000001999', noState).matchCount).toBe(3);
  });
});
