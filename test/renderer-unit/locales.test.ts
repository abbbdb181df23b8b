import { describe, expect, it } from 'vitest';
import { RESOURCES } from '../../src/renderer/src/i18n';
import en from '../../src/renderer/src/i18n/locales/en.json';
import ja from '../../src/renderer/src/i18n/locales/ja.json';
import { ERROR_CODES } from '../../src/shared/errors';
import { ERROR_WORDS } from '../../src/shared/i18n/error-words';

// Both languages must offer the same strings with the same placeholders, or a Japanese user
// sees a raw key or a "{{time}}" left unfilled. Checked on what i18next actually gets: the
// locale files plus the shared error words (src/shared/i18n, also used by main's notifications).

function flatten(tree: object, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree) as [string, unknown][]) {
    if (typeof value === 'string') out.set(prefix + key, value);
    else for (const [k, v] of flatten(value as object, `${prefix}${key}.`)) out.set(k, v);
  }
  return out;
}

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{\{\s*([\w.]+)\s*\}\}/g)].map((m) => m[1]!).sort();
}

const enStrings = flatten(RESOURCES.en);
const jaStrings = flatten(RESOURCES.ja);

describe('renderer locales', () => {
  it('en and ja have exactly the same keys', () => {
    expect([...jaStrings.keys()].sort()).toEqual([...enStrings.keys()].sort());
  });

  it('every string uses the same {{placeholders}} in both languages', () => {
    const mismatched = [...enStrings].filter(([key, text]) => JSON.stringify(placeholders(text)) !== JSON.stringify(placeholders(jaStrings.get(key) ?? '')));
    expect(mismatched.map(([key]) => key)).toEqual([]);
  });

  it('no string is empty, and Japanese is actually translated', () => {
    for (const [key, text] of [...enStrings, ...jaStrings]) expect(text.trim(), key).not.toBe('');
    // Product and service names stay as they are; sentences must not.
    const sameAsEnglish = [...enStrings].filter(([key, text]) => jaStrings.get(key) === text && /\s[a-z]+\s/.test(text));
    expect(sameAsEnglish.map(([key]) => key)).toEqual([]);
  });

  it('every IPC error code has words and a next step in both languages', () => {
    for (const code of [...ERROR_CODES, 'UNKNOWN']) {
      for (const strings of [enStrings, jaStrings]) {
        expect(strings.get(`errors.${code}.title`), code).toBeTruthy();
        expect(strings.get(`errors.${code}.action`), code).toBeTruthy();
      }
    }
  });

  it('the words for error codes come only from the shared file: no copy left in the locale files', () => {
    for (const locale of [en, ja]) expect(Object.keys(locale.errors)).toEqual(['details']);
    expect(enStrings.get('errors.NETWORK.title')).toBe(ERROR_WORDS.en.NETWORK.title);
    expect(jaStrings.get('errors.NETWORK.title')).toBe('AWS に接続できません。');
    // Main passes these as values into its own templates, so they carry no placeholders.
    const withPlaceholders = Object.values(ERROR_WORDS)
      .flatMap((table) => Object.values(table))
      .filter((w) => placeholders(w.title + w.action).length > 0);
    expect(withPlaceholders).toEqual([]);
  });
});
