import { useEffect, useMemo } from 'react';
import { loadingAccounts, type Row } from '../../catalog/filter';
import { useAppStore } from '../../store/context';

// Tells main which accounts still loading matter now: the ones on screen, and the ones the
// search matches. Sent only when that changes, a moment after scrolling or typing settles.

const SETTLE_MS = 80;

export function useLoadOrder(rows: readonly Row[], onScreen: readonly number[], query: string): void {
  const { catalog } = useAppStore();
  const matching = useMemo(() => (query.trim() ? loadingAccounts(rows) : new Map<string, string[]>()), [rows, query]);
  const visible = loadingAccounts(onScreen.map((i) => rows[i]));
  const sessions = [...new Set([...matching.keys(), ...visible.keys()])].sort();
  const hints = sessions.map((session) => ({ session, visible: visible.get(session) ?? [], matching: (matching.get(session) ?? []).slice(0, 2000) }));
  // A string, so an unchanged set of accounts sends nothing however often the list renders.
  const key = JSON.stringify(hints);

  useEffect(() => {
    const sent: { session: string; visible: string[]; matching: string[] }[] = JSON.parse(key);
    if (sent.length === 0) return;
    const timer = setTimeout(() => {
      for (const { session, ...h } of sent) catalog.prioritise(session, h);
    }, SETTLE_MS);
    return () => clearTimeout(timer);
  }, [key, catalog]);
}
