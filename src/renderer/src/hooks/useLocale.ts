import { useTranslation } from 'react-i18next';
import { useSlice } from '../store/context';

/**
 * The BCP 47 tag for Intl formatters: the OS locale when it is in the UI language (so en-GB
 * keeps its 24-hour clock), else the UI language itself.
 */
export function useLocale(): string {
  const { i18n } = useTranslation();
  const os = useSlice('app', (s) => s.info?.locale);
  const lang = i18n.language === 'ja' ? 'ja' : 'en';
  if (os && os.toLowerCase().split(/[-_]/)[0] === lang) {
    try {
      return Intl.getCanonicalLocales(os.replace('_', '-'))[0] ?? lang;
    } catch {
      return lang;
    }
  }
  return lang === 'ja' ? 'ja-JP' : 'en';
}
