import type { LatchkeyApi } from '../../../../shared/api';
import type { UpdateStatusView } from '../../../../shared/views';
import { createStore } from '../create-store';
import { settle } from '../failure-policy';

// The app's own update, as main last told it. A failure is only a status here: updates never
// put a banner on the page.

export function createUpdates(api: LatchkeyApi) {
  const store = createStore<UpdateStatusView>({ state: 'unsupported' });
  return {
    store,
    apply(status: UpdateStatusView): void {
      store.replace(status);
    },
    async load(): Promise<void> {
      const r = await settle(api.updates.status());
      if (r.ok) store.replace(r.value);
    },
    async check(): Promise<void> {
      const r = await settle(api.updates.check());
      store.replace(r.ok ? r.value : { state: 'failed' });
    },
  };
}

export type UpdatesSlice = ReturnType<typeof createUpdates>;
