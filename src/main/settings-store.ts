import Store from 'electron-store';
import { ensurePrivateDirSync } from '../core/private-dir';
import type { SettingsStore } from './handlers/types';
import { applySettingsPatch, sanitizeSettings } from './settings/memory-settings';

// The app's settings in electron-store (settings.json next to Latchkey's state), behind the
// SettingsStore interface so tests and the web harness use the in-memory twin instead.

export function createElectronSettingsStore(directory: string): SettingsStore {
  // electron-store would create LATCHKEY_HOME with the umask; it holds secrets, so 0700 first.
  ensurePrivateDirSync(directory);
  const store = new Store<Record<string, unknown>>({ name: 'settings', cwd: directory, clearInvalidConfig: true });
  return {
    get: () => sanitizeSettings(store.store),
    set(patch) {
      const next = applySettingsPatch(sanitizeSettings(store.store), patch);
      // Replaces the whole file: fields from older versions or edits by hand do not linger.
      store.store = { ...next };
      return next;
    },
  };
}
