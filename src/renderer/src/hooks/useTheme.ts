import { useEffect, useState } from 'react';
import type { Theme } from '../../../shared/views';

const DARK_QUERY = '(prefers-color-scheme: dark)';

/**
 * Applies the theme as <html data-theme="light|dark">; CSS variables do the rest. "system"
 * follows prefers-color-scheme and changes with it.
 */
export function useTheme(theme: Theme): 'light' | 'dark' {
  const [systemDark, setSystemDark] = useState(() => typeof window.matchMedia === 'function' && window.matchMedia(DARK_QUERY).matches);
  useEffect(() => {
    if (typeof window.matchMedia !== 'function') return;
    const query = window.matchMedia(DARK_QUERY);
    const onChange = () => setSystemDark(query.matches);
    query.addEventListener('change', onChange);
    return () => query.removeEventListener('change', onChange);
  }, []);
  const applied = theme === 'system' ? (systemDark ? 'dark' : 'light') : theme;
  useEffect(() => {
    document.documentElement.dataset.theme = applied;
  }, [applied]);
  return applied;
}
