import type { LatchkeyApi } from '../../../../shared/api';
import type { SettingsPatch } from '../../../../shared/schemas';
import { DEFAULT_SETTINGS, type Settings } from '../../../../shared/views';
import { createStore } from '../create-store';
import { notice, settle, type Report } from '../failure-policy';

// The settings main keeps. A change shows at once and is then settled by main's answer; on
// failure the page reads them back so it never shows a value main did not keep.

export function createSettings(api: LatchkeyApi, report: Report) {
  const store = createStore<Settings>(DEFAULT_SETTINGS);
  return {
    store,
    apply(settings: Settings): void {
      store.replace(settings);
    },
    async set(patch: SettingsPatch): Promise<boolean> {
      store.update(patch);
      const r = await settle(api.settings.set(patch));
      if (r.ok) {
        store.replace(r.value);
        return true;
      }
      report(notice(r));
      const again = await settle(api.settings.get());
      if (again.ok) store.replace(again.value);
      return false;
    },
  };
}

export type SettingsSlice = ReturnType<typeof createSettings>;
