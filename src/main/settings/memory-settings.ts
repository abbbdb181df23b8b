import { LatchkeyError } from '../../core/errors';
import { settingsPatch } from '../../shared/schemas';
import { DEFAULT_SETTINGS, type Settings } from '../../shared/views';
import type { SettingsStore } from '../handlers/types';

// Settings rules shared by every store: a patch must pass the contract's schema (so nothing
// but the known fields, each valid, ever gets stored — no room for a secret), and what is
// read back is the defaults overlaid with whatever valid fields were saved.

/** Validates a patch and applies it; BAD_INPUT with the offending field otherwise. */
export function applySettingsPatch(current: Settings, patch: unknown): Settings {
  const parsed = settingsPatch.safeParse(patch);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') || 'settings';
    throw new LatchkeyError('BAD_INPUT', `Invalid setting ${field}: ${issue?.message ?? 'not allowed'}.`, {
      hint: 'Settings are defaultRegion, refreshMarginMinutes, notifications, launchAtLogin, language, theme, signInFlow, consoleMode, consoleSessionMinutes, consoleBrowser, consoleContainerAddon, credentialServer, credentialServerAddress and autoUpdateChecks.',
    });
  }
  const next = { ...current };
  for (const [key, value] of Object.entries(parsed.data)) {
    if (value !== undefined) (next as Record<string, unknown>)[key] = value;
  }
  return next;
}

/** Defaults overlaid with the valid fields of what was stored; anything else is dropped. */
export function sanitizeSettings(stored: unknown): Settings {
  const result = { ...DEFAULT_SETTINGS };
  if (!stored || typeof stored !== 'object') return result;
  for (const [key, value] of Object.entries(stored)) {
    if (!(key in DEFAULT_SETTINGS)) continue;
    if (settingsPatch.safeParse({ [key]: value }).success) (result as Record<string, unknown>)[key] = value;
  }
  return result;
}

/** For tests and the web harness: the same rules, kept in memory. */
export function createMemorySettingsStore(initial: Partial<Settings> = {}): SettingsStore {
  let current = sanitizeSettings(initial);
  return {
    get: () => ({ ...current }),
    set(patch) {
      current = applySettingsPatch(current, patch);
      return { ...current };
    },
  };
}
