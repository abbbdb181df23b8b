import type { LatchkeyApi } from '../../../../shared/api';
import type { IpcResult } from '../../../../shared/errors';
import type { ConfigProfilesView } from '../../../../shared/views';
import { createStore } from '../create-store';
import { notice, settle, type Report } from '../failure-policy';

// The profiles of ~/.aws/config Latchkey can use (chained roles, IAM users…) and the ones it
// cannot, with why. The file is the person's: it is read again whenever it may have changed.

export interface ConfigProfilesState {
  /** undefined until the first answer. */
  view?: ConfigProfilesView;
}

const NONE: ConfigProfilesView = { profiles: [], problems: [] };

export function createConfigProfiles(api: LatchkeyApi, report: Report) {
  const store = createStore<ConfigProfilesState>({});
  const load = async (): Promise<void> => {
    const r = await settle(api.configProfiles.list());
    if (r.ok) store.update({ view: r.value });
    else report(notice(r));
  };
  return {
    store,
    /** The first answer. A config file that can't be read must not keep the app from opening: it shows no profiles. */
    first(r: IpcResult<ConfigProfilesView>): void {
      store.update({ view: r.ok ? r.value : NONE });
      if (!r.ok) report(notice(r));
    },
    load,
    /** Read again when the popup is shown (it may have been edited by hand): quietly. */
    async reload(): Promise<void> {
      const r = await settle(api.configProfiles.list());
      if (r.ok) store.update({ view: r.value });
    },
    async forgetMfaSession(profile: string): Promise<boolean> {
      const r = await settle(api.configProfiles.forgetMfaSession({ profile }));
      if (!r.ok) report(notice(r));
      await load();
      return r.ok;
    },
  };
}

export type ConfigProfilesSlice = ReturnType<typeof createConfigProfiles>;
