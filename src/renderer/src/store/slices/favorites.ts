import type { LatchkeyApi } from '../../../../shared/api';
import type { StateView } from '../../../../shared/views';
import type { RoleEntry } from '../../catalog/filter';
import { createStore } from '../create-store';
import { notice, settle, type Report } from '../failure-policy';

// Favorite and recent roles (keys "session/accountId/roleName"), kept by main.

export function createFavorites(api: LatchkeyApi, report: Report) {
  const store = createStore<StateView>({ favorites: [], recents: [] });
  return {
    store,
    apply(state: StateView): void {
      store.replace(state);
    },
    async toggle(role: RoleEntry): Promise<void> {
      const target = { kind: 'sso' as const, session: role.session, accountId: role.accountId, roleName: role.roleName };
      // Optimistic: the star flips at once; the answer (or the event) settles it.
      store.update((s) => ({ favorites: s.favorites.includes(role.key) ? s.favorites.filter((k) => k !== role.key) : [...s.favorites, role.key] }));
      const r = await settle(api.favorites.toggle(target));
      if (r.ok) store.replace(r.value);
      else {
        report(notice(r));
        const again = await settle(api.favorites.get());
        if (again.ok) store.replace(again.value);
      }
    },
  };
}

export type FavoritesSlice = ReturnType<typeof createFavorites>;
