import { describe, expect, it } from 'vitest';
import { errorText } from '../../src/renderer/src/i18n/errors';
import { createI18n, resolveLanguage } from '../../src/renderer/src/i18n';

describe('renderer language', () => {
  it('follows the setting, and the OS locale when the setting is "system"', () => {
    expect(resolveLanguage('system', 'ja-JP')).toBe('ja');
    expect(resolveLanguage('system', 'ja')).toBe('ja');
    expect(resolveLanguage('system', 'en-GB')).toBe('en');
    expect(resolveLanguage('system', 'fr-FR')).toBe('en'); // unsupported → English
    expect(resolveLanguage('en', 'ja-JP')).toBe('en');
    expect(resolveLanguage('ja', 'en-US')).toBe('ja');
  });

  it('switches live between English and Japanese', async () => {
    const i18n = createI18n('en');
    expect(i18n.t('search.label')).toBe('Search accounts and roles');
    await i18n.changeLanguage('ja');
    expect(i18n.t('search.label')).toBe('アカウントとロールを検索');
    expect(i18n.t('copy.done', { time: '16:02' })).toBe('コピーしました。有効期限 16:02');
  });
});

describe('errors in words', () => {
  it('says what happened and what to do for a code, keeping the detail', () => {
    const t = createI18n('en').t;
    expect(errorText(t, { code: 'NETWORK', message: 'connect ECONNREFUSED 127.0.0.1:9', hint: 'Check the VPN.' })).toEqual({
      code: 'NETWORK',
      title: "Latchkey can't reach AWS.",
      action: 'Check your internet connection or VPN, then try again.',
      detail: 'connect ECONNREFUSED 127.0.0.1:9 Check the VPN.',
    });
  });

  it('right after an MFA code was asked for, says the MFA step failed, in either language', () => {
    const failure = { code: 'ACCESS_DENIED', message: 'MultiFactorAuthentication failed with invalid MFA one time pass code.', mfa: true };
    const en = errorText(createI18n('en').t, failure);
    expect(en.title).toBe('The MFA step didn’t work.');
    expect(en.action).toMatch(/^Check the code and try again/);
    expect(en.detail).toBe(failure.message);
    expect(errorText(createI18n('ja').t, failure).title).toBe('MFA の確認に失敗しました。');
    // Without the flag the same code reads as access denied.
    expect(errorText(createI18n('en').t, { ...failure, mfa: false }).title).toBe('AWS denied access.');
  });

  it('falls back to a generic sentence for a code it does not know', () => {
    const t = createI18n('ja').t;
    const text = errorText(t, { code: 'SOMETHING_NEW', message: '' });
    expect(text.title).toBe('問題が発生しました。');
    expect(text.detail).toBeUndefined();
  });
});
