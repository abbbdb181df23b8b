import type { CatalogView, StateView } from '../../../shared/views';

// The role list as flat rows (section headers, account headers, role rows) so the view can
// virtualize it, and the search over it. Pure and synchronous: the bench imports it, and a
// keystroke must filter 6,000 roles well inside one frame.

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

export interface AccountEntry {
  session: string;
  accountId: string;
  accountName: string;
  emailAddress?: string;
  roles: RoleEntry[];
}

export interface SearchIndex {
  /** Every role in catalog order (sessions, then accounts, then roles). */
  roles: RoleEntry[];
  accounts: AccountEntry[];
  byKey: Map<string, RoleEntry>;
  sessions: string[];
}

export type SectionId = 'favorites' | 'recents' | 'accounts';

export type Row =
  | { type: 'section'; id: string; section: SectionId; count: number }
  | { type: 'session'; id: string; session: string }
  | { type: 'account'; id: string; account: AccountEntry }
  | { type: 'role'; id: string; section: SectionId; role: RoleEntry };

export function roleKey(r: { session: string; accountId: string; roleName: string }): string {
  return `${r.session}/${r.accountId}/${r.roleName}`;
}

/** Built once per catalog change, so each keystroke only scans precomputed strings. */
export function buildSearchIndex(catalogs: readonly CatalogView[]): SearchIndex {
  const roles: RoleEntry[] = [];
  const accounts: AccountEntry[] = [];
  const byKey = new Map<string, RoleEntry>();
  const sessions: string[] = [];
  for (const catalog of catalogs) {
    sessions.push(catalog.session);
    const sorted = [...catalog.accounts].sort((a, b) => a.accountName.localeCompare(b.accountName) || a.accountId.localeCompare(b.accountId));
    for (const account of sorted) {
      const entry: AccountEntry = { session: catalog.session, accountId: account.accountId, accountName: account.accountName, roles: [] };
      if (account.emailAddress) entry.emailAddress = account.emailAddress;
      const accountText = `${account.accountName} ${account.accountId}`.toLowerCase();
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
  return { roles, accounts, byKey, sessions };
}

/** Whitespace-separated terms, all of which must appear (in any order). */
export function queryTerms(query: string): string[] {
  return query.toLowerCase().split(/\s+/).filter((t) => t !== '');
}

function matches(role: RoleEntry, terms: readonly string[]): boolean {
  for (const term of terms) if (!role.haystack.includes(term)) return false;
  return true;
}

export interface FilterResult {
  rows: Row[];
  /** Distinct roles that match (a favorite listed twice counts once). */
  matchCount: number;
  totalCount: number;
}

/**
 * Favorites first, then recents, then every account with its roles; with a query, only the
 * roles that match (and the accounts holding them). Keys unknown to the catalog are skipped.
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

  const accountRows: Row[] = [];
  let matchCount = 0;
  const multiSession = index.sessions.length > 1;
  let lastSession: string | undefined;
  for (const account of index.accounts) {
    let headerAdded = false;
    for (const role of account.roles) {
      if (terms.length > 0 && !matches(role, terms)) continue;
      if (!headerAdded) {
        if (multiSession && account.session !== lastSession) {
          accountRows.push({ type: 'session', id: `session:${account.session}`, session: account.session });
          lastSession = account.session;
        }
        accountRows.push({ type: 'account', id: `a:${account.session}/${account.accountId}`, account });
        headerAdded = true;
      }
      accountRows.push({ type: 'role', id: `accounts:${role.key}`, section: 'accounts', role });
      matchCount++;
    }
  }
  if (accountRows.length > 0) {
    rows.push({ type: 'section', id: 's:accounts', section: 'accounts', count: matchCount });
    for (const row of accountRows) rows.push(row);
  }
  return { rows, matchCount, totalCount: index.roles.length };
}

/** Indexes of the role rows, in order: what ↑/↓ move between. */
export function roleRowIndexes(rows: readonly Row[]): number[] {
  const out: number[] = [];
  rows.forEach((row, i) => {
    if (row.type === 'role') out.push(i);
  });
  return out;
}
