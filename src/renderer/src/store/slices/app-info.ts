import type { LatchkeyApi } from '../../../../shared/api';
import type { AppInfo } from '../../../../shared/views';
import { createStore } from '../create-store';
import { notice, settle, type Report } from '../failure-policy';

// What main says about the app (version, platform, OS locale, file paths), and the two
// things the page asks of the app itself: open a URL, hide the popup.

export interface AppInfoState {
  info?: AppInfo;
}

export function createAppInfo(api: LatchkeyApi, report: Report) {
  const store = createStore<AppInfoState>({});
  return {
    store,
    apply(info: AppInfo): void {
      store.update({ info });
    },
    /** The shell format "Copy credentials" writes for this platform. */
    shell(): 'posix' | 'powershell' {
      return store.get().info?.platform === 'win32' ? 'powershell' : 'posix';
    },
    async openExternal(url: string): Promise<void> {
      const r = await settle(api.app.openExternal({ url })); // eng-disable OPEN_EXTERNAL_JS_CHECK -- IPC to main, which opens only allow-listed https URLs
      if (!r.ok) report(notice(r));
    },
    hidePopup(): void {
      void api.app.hidePopup();
    },
  };
}

export type AppInfoSlice = ReturnType<typeof createAppInfo>;
