import { roleKey } from '../../../shared/role-key';
import type { CatalogView, ConfigProfileView, ConfigProfilesView, ProfileProblem, StateView } from '../../../shared/views';

// The role list as flat rows (section headers, account headers, role rows, and the profiles
// of ~/.aws/config) so the view can virtualize it, and the search over it. Pure and
// synchronous: the bench imports it, and a keystroke must filter 6,000 roles well inside one frame.

export interface RoleEntry {
  /** "session/accountId/roleName", the key favorites and recents use. */
  key: string;
  session: string;
  accountId: string;
  accountName: string;
  roleName: string;
  /** Lower-cased "accountName accountId roleName" searched by every query. */
  haystack: string;
}

/** A profile of ~/.aws/config (chained role, IAM user…) that Latchkey resolves itself. */
export interface ProfileEntry {
  /** "profile:NAME": never clashes with a role key (those hold two slashes). */
  key: string;
  profile: string;
  view: ConfigProfileView;
  /** Lower-cased "name kind account role user source" searched by every query. */
  haystack: string;
}

/** What a row acts on: an Identity Center role or a config profile. */
export type Entry = RoleEntry | ProfileEntry;

export function isProfileEntry(entry: Entry): entry is ProfileEntry {
  return 'view' in entry;
}

export interface AccountEntry {
  session: string;
  accountId: string;
  accountName: string;
  emailAddress?: string;
  roles: RoleEntry[];
  /** Lower-cased "accountName accountId": an account still loading is found by these. */
  haystack: string;
  /** A sync has listed the account but not its roles yet. */
  loading?: true;
}

export interface SearchIndex {
  /** Every role in catalog order (sessions, then accounts, then roles). */
  roles: RoleEntry[];
  accounts: AccountEntry[];
  byKey: Map<string, RoleEntry>;
  sessions: string[];
  /** Config profiles by name, then the ones that cannot be used. */
  profiles: ProfileEntry[];
  problems: ProfileProblem[];
}

export type SectionId = 'favorites' | 'recents' | 'profiles' | 'accounts';

export type Row =
  | { type: 'section'; id: string; section: SectionId; count: number }
  | { type: 'session'; id: string; session: string }
  | { type: 'account'; id: string; account: AccountEntry }
  | { type: 'loading'; id: string; account: AccountEntry }
  | { type: 'role'; id: string; section: SectionId; role: RoleEntry }
  | { type: 'profile'; id: string; section: 'profiles'; entry: ProfileEntry }
  | { type: 'problem'; id: string; problem: ProfileProblem };

/** Words searched for each kind, so "chained" or "mfa" find the profiles they describe. */
const KIND_WORDS: Record<ConfigProfileView['kind'], string> = {
  'sso-profile': 'sso profile',
  'iam-user': 'iam user',
  'assumed-role': 'assumed role',
  'chained-role': 'chained role',
  'session-credentials': 'session credentials',
};

export function profileEntry(view: ConfigProfileView): ProfileEntry {
  const words = [view.profile, KIND_WORDS[view.kind], view.accountId, view.roleName, view.userName, view.sourceProfile, view.mfa ? 'mfa' : undefined];
  return {
    key: `profile:${view.profile}`,
    profile: view.profile,
    view,
    haystack: words
      .filter((w) => w)
      .join(' ')
      .toLowerCase(),
  };
}

/** Built once per catalog change, so each keystroke only scans precomputed strings. */
export function buildSearchIndex(catalogs: readonly CatalogView[], configProfiles?: ConfigProfilesView): SearchIndex {
  const roles: RoleEntry[] = [];
  const accounts: AccountEntry[] = [];
  const byKey = new Map<string, RoleEntry>();
  const sessions: string[] = [];
  for (const catalog of catalogs) {
    sessions.push(catalog.session);
    const pending = new Set(catalog.pending);
    const sorted = [...catalog.accounts].sort((a, b) => a.accountName.localeCompare(b.accountName) || a.accountId.localeCompare(b.accountId));
    for (const account of sorted) {
      const accountText = `${account.accountName} ${account.accountId}`.toLowerCase();
      const entry: AccountEntry = {
        session: catalog.session,
        accountId: account.accountId,
        accountName: account.accountName,
        roles: [],
        haystack: accountText,
      };
      if (account.emailAddress) entry.emailAddress = account.emailAddress;
      if (pending.has(account.accountId)) entry.loading = true;
      for (const roleName of [...account.roles].sort((a, b) => a.localeCompare(b))) {
        const role: RoleEntry = {
          key: roleKey({ session: catalog.session, accountId: account.accountId, roleName }),
          session: catalog.session,
          accountId: account.accountId,
          accountName: account.accountName,
          roleName,
          haystack: `${accountText} ${roleName.toLowerCase()}`,
        };
        entry.roles.push(role);
        roles.push(role);
        byKey.set(role.key, role);
      }
      accounts.push(entry);
    }
  }
  const profiles = (configProfiles?.profiles ?? []).map(profileEntry).sort((a, b) => a.profile.localeCompare(b.profile));
  const problems = [...(configProfiles?.problems ?? [])].sort((a, b) => a.profile.localeCompare(b.profile));
  return { roles, accounts, byKey, sessions, profiles, problems };
}

/** Whitespace-separated terms, all of which must appear (in any order). */
export function queryTerms(query: string): string[] {
  return query
    .toLowerCase()
    .split(/\s+/)
    .filter((t) => t !== '');
}

function matches(entry: { haystack: string }, terms: readonly string[]): boolean {
  for (const term of terms) if (!entry.haystack.includes(term)) return false;
  return true;
}

export interface FilterResult {
  rows: Row[];
  /** Distinct roles that match (a favorite listed twice counts once). */
  matchCount: number;
  totalCount: number;
  /** Config profiles that match, of all of them. */
  profileMatchCount: number;
  profileCount: number;
}

/**
 * Favorites first, then recents, then the config profiles (with the ones that cannot be used,
 * in words), then every account with its roles; with a query, only what matches (and the
 * accounts holding it). Keys unknown to the catalog are skipped.
 */
export function filterRows(index: SearchIndex, query: string, state: Pick<StateView, 'favorites' | 'recents'>): FilterResult {
  const terms = queryTerms(query);
  const rows: Row[] = [];
  const pick = (key: string) => {
    const role = index.byKey.get(key);
    return role && matches(role, terms) ? role : undefined;
  };

  const favorites = state.favorites.map(pick).filter((r): r is RoleEntry => r !== undefined);
  if (favorites.length > 0) {
    rows.push({ type: 'section', id: 's:favorites', section: 'favorites', count: favorites.length });
    for (const role of favorites) rows.push({ type: 'role', id: `favorites:${role.key}`, section: 'favorites', role });
  }

  const favoriteSet = new Set(state.favorites);
  const recents = state.recents
    .filter((r) => !favoriteSet.has(r.key))
    .map((r) => pick(r.key))
    .filter((r): r is RoleEntry => r !== undefined);
  if (recents.length > 0) {
    rows.push({ type: 'section', id: 's:recents', section: 'recents', count: recents.length });
    for (const role of recents) rows.push({ type: 'role', id: `recents:${role.key}`, section: 'recents', role });
  }

  // Profiles before the accounts: a few hand-written entries must not hide under 6,000 roles.
  const profiles = terms.length > 0 ? index.profiles.filter((p) => matches(p, terms)) : index.profiles;
  const problems = terms.length > 0 ? index.problems.filter((p) => matches({ haystack: p.profile.toLowerCase() }, terms)) : index.problems;
  if (profiles.length + problems.length > 0) {
    rows.push({ type: 'section', id: 's:profiles', section: 'profiles', count: profiles.length });
    for (const entry of profiles) rows.push({ type: 'profile', id: entry.key, section: 'profiles', entry });
    for (const problem of problems) rows.push({ type: 'problem', id: `problem:${problem.profile}`, problem });
  }

  const accountRows: Row[] = [];
  let matchCount = 0;
  const multiSession = index.sessions.length > 1;
  let lastSession: string | undefined;
  for (const account of index.accounts) {
    let headerAdded = false;
    const addHeader = () => {
      if (headerAdded) return;
      if (multiSession && account.session !== lastSession) {
        accountRows.push({ type: 'session', id: `session:${account.session}`, session: account.session });
        lastSession = account.session;
      }
      accountRows.push({ type: 'account', id: `a:${account.session}/${account.accountId}`, account });
      headerAdded = true;
    };
    if (account.loading) {
      // Its roles are on their way: the account shows (found by its name or id) as loading.
      if (terms.length > 0 && !matches(account, terms)) continue;
      addHeader();
      accountRows.push({ type: 'loading', id: `loading:${account.session}/${account.accountId}`, account });
      continue;
    }
    for (const role of account.roles) {
      if (terms.length > 0 && !matches(role, terms)) continue;
      addHeader();
      accountRows.push({ type: 'role', id: `accounts:${role.key}`, section: 'accounts', role });
      matchCount++;
    }
  }
  if (accountRows.length > 0) {
    rows.push({ type: 'section', id: 's:accounts', section: 'accounts', count: matchCount });
    for (const row of accountRows) rows.push(row);
  }
  return { rows, matchCount, totalCount: index.roles.length, profileMatchCount: profiles.length, profileCount: index.profiles.length };
}

/** The accounts still loading among `rows`, by session. */
export function loadingAccounts(rows: readonly (Row | undefined)[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const row of rows) {
    if (row?.type !== 'loading') continue;
    const list = out.get(row.account.session) ?? [];
    list.push(row.account.accountId);
    out.set(row.account.session, list);
  }
  return out;
}

/** Indexes of the rows one can act on (roles and profiles), in order: what ↑/↓ move between. */
export function roleRowIndexes(rows: readonly Row[]): number[] {
  const out: number[] = [];
  rows.forEach((row, i) => {
    if (row.type === 'role' || row.type === 'profile') out.push(i);
  });
  return out;
}

/** The role or profile a row acts on, if any. */
export function rowEntry(row: Row | undefined): Entry | undefined {
  if (row?.type === 'role') return row.role;
  if (row?.type === 'profile') return row.entry;
  return undefined;
}
