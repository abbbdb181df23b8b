import type { Clock } from '../core/clock';
import { parseRoleKey } from '../shared/role-key';
import type { CatalogView } from '../shared/views';
import type { Handlers } from './handlers/types';
import type { RoleEntry, TrayState } from './tray-menu';

// Gathers what the tray shows through the same handlers the window uses, so the menu and the
// popup never disagree. Account names come from catalogs the app has already seen.

export class TrayStateSource {
  private readonly accountNames = new Map<string, string>();
  private error: { message: string } | undefined;

  constructor(
    private readonly handlers: Pick<Handlers, 'sessions.list' | 'profiles.list' | 'favorites.get'>,
    private readonly clock: Clock,
  ) {}

  rememberCatalog(catalog: CatalogView): void {
    for (const a of catalog.accounts) this.accountNames.set(`${catalog.session}/${a.accountId}`, a.accountName);
  }

  setError(message: string | undefined): void {
    this.error = message === undefined ? undefined : { message };
  }

  async collect(): Promise<TrayState> {
    const [sessions, activeProfiles, state] = await Promise.all([
      this.handlers['sessions.list'](undefined),
      this.handlers['profiles.list'](undefined),
      this.handlers['favorites.get'](undefined),
    ]);
    const entry = (key: string): RoleEntry | undefined => {
      const role = parseRoleKey(key);
      if (!role) return undefined;
      const accountName = this.accountNames.get(`${role.session}/${role.accountId}`);
      return accountName ? { ...role, accountName } : role;
    };
    return {
      now: this.clock.now(),
      sessions: sessions.map((s) => ({
        name: s.name,
        signedIn: s.signedIn,
        refreshable: s.refreshable,
        ...(s.expiresAt !== undefined ? { expiresAt: s.expiresAt } : {}),
      })),
      activeProfiles,
      favorites: state.favorites.map(entry).filter((e): e is RoleEntry => !!e),
      recents: state.recents.map((r) => entry(r.key)).filter((e): e is RoleEntry => !!e),
      ...(this.error ? { error: this.error } : {}),
    };
  }
}
