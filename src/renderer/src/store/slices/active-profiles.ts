import type { LatchkeyApi } from '../../../../shared/api';
import { signInSessionOf, type ActiveProfileView } from '../../../../shared/views';
import { createStore } from '../create-store';
import { notice, refreshFailure, settle, type Report } from '../failure-policy';

// The profiles of ~/.aws/credentials the terminal uses, each with its role and expiry.

export interface ActiveProfilesState {
  list: ActiveProfileView[];
}

export function createActiveProfiles(api: LatchkeyApi, report: Report) {
  const store = createStore<ActiveProfilesState>({ list: [] });
  const refresh = async (profile: string): Promise<ActiveProfileView | undefined> => {
    const r = await settle(api.profiles.refresh({ profile }));
    if (!r.ok) {
      const active = store.get().list.find((p) => p.profile === profile);
      const session = active ? signInSessionOf(active) : undefined;
      report(refreshFailure(r, session, () => refresh(profile)));
      return undefined;
    }
    store.update((s) => ({ list: s.list.map((p) => (p.profile === profile ? r.value : p)) }));
    return r.value;
  };
  return {
    store,
    apply(list: ActiveProfileView[]): void {
      store.replace({ list });
    },
    /** A profile just put to use (it replaces one of the same name). */
    added(active: ActiveProfileView): void {
      store.update((s) => ({ list: [...s.list.filter((p) => p.profile !== active.profile), active] }));
    },
    refresh,
    /** Main copies the two lines of the profile's local endpoint; the token stays in main. */
    async copyServerExports(profile: string): Promise<boolean> {
      const r = await settle(api.credentialServer.copyExports({ profile }));
      if (!r.ok) report(notice(r));
      return r.ok;
    },
    async unuse(profile: string): Promise<void> {
      const r = await settle(api.profiles.unuse({ profile }));
      if (!r.ok) return report(notice(r));
      store.update((s) => ({ list: s.list.filter((p) => p.profile !== profile) }));
    },
  };
}

export type ActiveProfilesSlice = ReturnType<typeof createActiveProfiles>;
