import type { LatchkeyApi } from '../../../../shared/api';
import type { UpdateStatusView } from '../../../../shared/views';
import { createStore } from '../create-store';
import { notice, settle, type Report } from '../failure-policy';

// The app's own update, as main last told it. A failed check is only a status here: checks
// never put a banner on the page. A restart the person asked for that main refuses does.

export function createUpdates(api: LatchkeyApi, report: Report) {
  const store = createStore<UpdateStatusView>({ state: 'unsupported' });
  const load = async (): Promise<void> => {
    const r = await settle(api.updates.status());
    if (r.ok) store.replace(r.value);
  };
  return {
    store,
    apply(status: UpdateStatusView): void {
      store.replace(status);
    },
    load,
    async check(): Promise<void> {
      const r = await settle(api.updates.check());
      store.replace(r.ok ? r.value : { state: 'failed' });
    },
    /** Main installs the downloaded update and restarts the app; on a refusal, says why and reads the status again. */
    async restart(): Promise<void> {
      const r = await settle(api.updates.restart());
      if (r.ok) return;
      report(notice(r));
      await load();
    },
  };
}

export type UpdatesSlice = ReturnType<typeof createUpdates>;
