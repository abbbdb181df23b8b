import type { Language } from '../../shared/views';
import en from './en.json';
import ja from './ja.json';

// The few strings main shows itself (tray menu, tooltip, notifications). The renderer has its
// own resources; these follow the same language setting. Words for error codes are shared
// with the renderer: src/shared/i18n/error-words.ts, looked up with `language`.

export type MessageKey = keyof typeof en;
export interface Translate {
  (key: MessageKey, vars?: Record<string, string | number>): string;
  /** The language these strings are in. */
  readonly language: 'en' | 'ja';
}

const TABLES: Record<'en' | 'ja', Record<MessageKey, string>> = { en, ja };

/** 'system' follows the OS locale ("ja-JP" → Japanese); anything else is English. */
export function resolveLanguage(language: Language, locale: string): 'en' | 'ja' {
  if (language === 'en' || language === 'ja') return language;
  return locale.toLowerCase().startsWith('ja') ? 'ja' : 'en';
}

export function translator(language: Language, locale: string): Translate {
  const resolved = resolveLanguage(language, locale);
  const table = TABLES[resolved];
  const t = (key: MessageKey, vars: Record<string, string | number> = {}) =>
    table[key].replace(/\{\{(\w+)\}\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
  return Object.assign(t, { language: resolved });
}
