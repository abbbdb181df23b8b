import type { Language } from '../../shared/views';
import en from './en.json';
import ja from './ja.json';

// The few strings main shows itself (tray menu, tooltip, notifications). The renderer has its
// own resources; these follow the same language setting.

export type MessageKey = keyof typeof en;
export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

const TABLES: Record<'en' | 'ja', Record<MessageKey, string>> = { en, ja };

/** 'system' follows the OS locale ("ja-JP" → Japanese); anything else is English. */
export function resolveLanguage(language: Language, locale: string): 'en' | 'ja' {
  if (language === 'en' || language === 'ja') return language;
  return locale.toLowerCase().startsWith('ja') ? 'ja' : 'en';
}

export function translator(language: Language, locale: string): Translate {
  const table = TABLES[resolveLanguage(language, locale)];
  return (key, vars = {}) => table[key].replace(/\{\{(\w+)\}\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}
