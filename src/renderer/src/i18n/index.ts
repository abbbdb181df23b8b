import i18next, { type i18n as I18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { ERROR_WORDS, type WordLanguage } from '../../../shared/i18n/error-words';
import type { Language } from '../../../shared/views';
import en from './locales/en.json';
import ja from './locales/ja.json';

// Every user-visible string lives in locales/*.json, except the words for error codes, which
// come from shared/i18n (main's notifications use the same ones) under `errors.<CODE>`. The
// language follows the setting, and for "system" the OS locale main reports (app.info().locale).

export const SUPPORTED = ['en', 'ja'] as const;
export type UiLanguage = (typeof SUPPORTED)[number];

export function resolveLanguage(setting: Language | undefined, osLocale: string | undefined): UiLanguage {
  if (setting === 'en' || setting === 'ja') return setting;
  // globalThis: this module is also unit-tested under Node, which has no DOM typings.
  const browserLocale = (globalThis as { navigator?: { language?: string } }).navigator?.language;
  const base = (osLocale ?? browserLocale ?? '').toLowerCase().split(/[-_]/)[0];
  return base === 'ja' ? 'ja' : 'en';
}

function withErrorWords<T extends { errors: object }>(strings: T, language: WordLanguage) {
  return { ...strings, errors: { ...strings.errors, ...ERROR_WORDS[language] } };
}

/** Everything i18next gets, per language: the locale file plus the shared error words. */
export const RESOURCES = { en: withErrorWords(en, 'en'), ja: withErrorWords(ja, 'ja') };

export function createI18n(lng: UiLanguage): I18n {
  const instance = i18next.createInstance();
  void instance.use(initReactI18next).init({
    lng,
    fallbackLng: 'en',
    resources: { en: { translation: RESOURCES.en }, ja: { translation: RESOURCES.ja } },
    interpolation: { escapeValue: false }, // React escapes
    initAsync: false,
  });
  return instance;
}
