import { describe, expect, it } from 'vitest';
import { applySettingsPatch, createMemorySettingsStore, sanitizeSettings } from '../../src/main/settings/memory-settings';
import { DEFAULT_SETTINGS } from '../../src/shared/views';
import { latchkeyErrorOf } from '../helpers/errors';

// The settings rules every store follows (electron-store in the app, memory in tests and the
// web harness): known fields only, each valid; stored junk never comes back.

describe('settings', () => {
  it('starts from the defaults and applies valid patches', () => {
    const store = createMemorySettingsStore();
    expect(store.get()).toEqual(DEFAULT_SETTINGS);
    expect(store.set({ language: 'ja', refreshMarginMinutes: 15 })).toEqual({ ...DEFAULT_SETTINGS, language: 'ja', refreshMarginMinutes: 15 });
    expect(store.get().language).toBe('ja');
  });

  it('refuses an unknown field (so nothing else — a secret — can ever be stored) or a bad value, with BAD_INPUT', async () => {
    const store = createMemorySettingsStore();
    const unknown = await latchkeyErrorOf(Promise.resolve().then(() => store.set({ awsSecretAccessKey: 'x' } as never)));
    expect(unknown.code).toBe('BAD_INPUT');
    expect(unknown.hint).toMatch(/defaultRegion/);
    const bad = await latchkeyErrorOf(Promise.resolve().then(() => store.set({ defaultRegion: 'moon' })));
    expect(bad.message).toMatch(/defaultRegion/);
    expect(store.get()).toEqual(DEFAULT_SETTINGS);
  });

  it('reads back only valid known fields of what was stored', () => {
    expect(sanitizeSettings({ theme: 'dark', refreshMarginMinutes: -3, token: 'abc', notifications: 'yes' })).toEqual({ ...DEFAULT_SETTINGS, theme: 'dark' });
    expect(sanitizeSettings(null)).toEqual(DEFAULT_SETTINGS);
    expect(sanitizeSettings('garbage')).toEqual(DEFAULT_SETTINGS);
  });

  it('a patch returns a new object; the caller cannot change the store by mutating it', () => {
    const store = createMemorySettingsStore();
    const got = store.get();
    got.theme = 'dark';
    expect(store.get().theme).toBe('system');
    expect(applySettingsPatch(DEFAULT_SETTINGS, {})).not.toBe(DEFAULT_SETTINGS);
  });
});
