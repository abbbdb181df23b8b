import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { entryName } from '../../catalog/entries';
import { buildSearchIndex, filterRows, roleRowIndexes, rowEntry, type Entry, type Row } from '../../catalog/filter';
import { ConsoleDialog } from '../../dialogs/ConsoleDialog';
import { UseDialog } from '../../dialogs/UseDialog';
import { formatClock, formatCount } from '../../format';
import { useLocale } from '../../hooks/useLocale';
import type { DialogRequest } from '../../rows/row-handlers';
import { rowHeight } from '../../rows/row-height';
import { RowView } from '../../rows/RowView';
import { useAppStore, useSlice } from '../../store/context';
import type { ConsoleOpenChoice } from '../../store/slices/entries';
import { UNREACHABLE } from '../../store/failure-policy';
import { EmptyState } from './EmptyState';
import { useLoadOrder } from './use-load-order';

// Search and the virtualized role list. The index is built once per catalog; each keystroke
// filters synchronously (well under a frame for 6,000 roles) and only visible rows render.
// It selects only what the list shows: a sync's progress never re-renders it.

let listMarked = false;

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable);
}

export function RoleBrowser({ onSignIn }: { onSignIn: (session?: string) => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { app, entries, favorites: favoriteActions, notices, consoleQuestion } = useAppStore();
  const catalogs = useSlice('catalog', (s) => s.catalogs);
  const catalogStatus = useSlice('catalog', (s) => s.status);
  const sessions = useSlice('sessions', (s) => s.list) ?? [];
  const state = useSlice('favorites', (s) => s);
  const configProfiles = useSlice('configProfiles', (s) => s.view);
  const [query, setQuery] = useState('');
  // The highlight the person moved to, valid only for the rows it was chosen in; otherwise a
  // query highlights its first match. Derived in render, so a keystroke renders once.
  const [moved, setMoved] = useState<{ rows: Row[] | undefined; index: number }>({ rows: undefined, index: -1 });
  const [dialog, setDialog] = useState<DialogRequest>();
  const dialogOpen = useRef(false);
  dialogOpen.current = dialog !== undefined;
  const searchRef = useRef<HTMLInputElement>(null);
  const scrollRef = useRef<HTMLDivElement>(null);

  const catalogList = useMemo(() => Object.values(catalogs).sort((a, b) => a.session.localeCompare(b.session)), [catalogs]);
  const index = useMemo(() => buildSearchIndex(catalogList, configProfiles), [catalogList, configProfiles]);
  const result = useMemo(() => filterRows(index, query, state), [index, query, state]);
  const roleIndexes = useMemo(() => roleRowIndexes(result.rows), [result.rows]);
  const favorites = useMemo(() => new Set(state.favorites), [state.favorites]);

  // Stable per row list: the virtualizer re-measures all rows whenever these change identity,
  // so a hover or an arrow key must not hand it new functions.
  const rows = result.rows;
  const estimateSize = useCallback((i: number) => rowHeight(rows[i]), [rows]);
  const getItemKey = useCallback((i: number) => rows[i]?.id ?? i, [rows]);
  const getScrollElement = useCallback(() => scrollRef.current, []);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement,
    estimateSize,
    getItemKey,
    overscan: 4,
  });

  const virtualItems = virtualizer.getVirtualItems();
  useLoadOrder(
    rows,
    virtualItems.map((item) => item.index),
    query,
  );

  // `/` focuses the search from anywhere that is not a text field.
  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      // Not while a sheet is open: it is modal.
      if (e.key === '/' && !e.ctrlKey && !e.metaKey && !e.altKey && !isTyping(e.target) && !dialogOpen.current) {
        e.preventDefault();
        searchRef.current?.focus();
        searchRef.current?.select();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  // For the UI bench: the first time role rows are on screen (painted: the frame after commit).
  const hasRows = roleIndexes.length > 0;
  useEffect(() => {
    if (!hasRows || listMarked) return;
    listMarked = true;
    requestAnimationFrame(() => performance.mark('latchkey:list-rendered'));
  }, [hasRows]);

  const highlight = moved.rows === result.rows ? moved.index : query.trim() ? (roleIndexes[0] ?? -1) : -1;
  const rowsRef = useRef(result.rows);
  rowsRef.current = result.rows;
  const setHighlight = useCallback((index: number) => setMoved({ rows: rowsRef.current, index }), []);

  const highlighted = highlight >= 0 ? result.rows[highlight] : undefined;
  const highlightedRole = rowEntry(highlighted);

  const move = (delta: number) => {
    if (roleIndexes.length === 0) return;
    const pos = roleIndexes.indexOf(highlight);
    const next = pos === -1 ? (delta > 0 ? 0 : roleIndexes.length - 1) : Math.min(roleIndexes.length - 1, Math.max(0, pos + delta));
    const rowIndex = roleIndexes[next]!;
    setHighlight(rowIndex);
    virtualizer.scrollToIndex(rowIndex, { align: 'auto' });
  };

  const onSearchKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      move(1);
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      move(-1);
    } else if (e.key === 'PageDown' || e.key === 'PageUp') {
      e.preventDefault();
      move(e.key === 'PageDown' ? 10 : -10);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      if (highlightedRole) void openConsole(highlightedRole);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      // First Escape clears the search, the next one closes the popup (as menus do).
      if (query) setQuery('');
      else app.hidePopup();
    }
  };

  const consoleMode = useSlice('settings', (s) => s.consoleMode);
  const openConsole = useCallback(
    async (role: Entry, options?: ConsoleOpenChoice) => {
      // The first console open asks how to switch accounts; the answer becomes the setting
      // ("Open in…" names its own mode and does not need it).
      if (consoleMode === 'ask' && !options?.mode && !options?.ownProfile) return consoleQuestion.ask(role, options);
      notices.announce(t('console.opening', { role: entryName(role) }));
      await entries.openConsole(role, options);
    },
    [entries, notices, t, consoleMode, consoleQuestion],
  );

  const copyEnv = useCallback(
    async (role: Entry) => {
      const expiration = await entries.copyEnv(role);
      if (expiration !== undefined) notices.announce(t('copy.done', { time: formatClock(expiration, locale) }));
    },
    [entries, notices, t, locale],
  );

  const closeDialog = () => {
    const back = dialog?.returnFocus;
    setDialog(undefined);
    if (back && back.isConnected) back.focus();
    else searchRef.current?.focus();
  };

  const empty = emptyReason();
  function emptyReason(): string | undefined {
    if (result.rows.length > 0) return undefined;
    if (query.trim() && (index.roles.length + index.profiles.length > 0 || index.accounts.some((a) => a.loading))) return 'no-matches';
    if (sessions.length === 0) return 'no-sessions';
    const statuses = Object.values(catalogStatus);
    if (catalogList.length === 0) {
      if (statuses.some((s) => s.kind === 'loading')) return 'loading';
      if (statuses.some((s) => s.kind === 'error' && UNREACHABLE.has(s.code))) return 'offline';
      if (!sessions.some((s) => s.signedIn)) return 'signed-out';
      if (statuses.length === 0) return 'loading';
    }
    return 'no-roles';
  }

  const roleCount = query.trim()
    ? t('search.countFiltered', { matches: formatCount(result.matchCount, locale), total: formatCount(result.totalCount, locale) })
    : t('search.count', { total: formatCount(result.totalCount, locale) });
  const profileCount = query.trim()
    ? t('search.profilesFiltered', { matches: formatCount(result.profileMatchCount, locale), total: formatCount(result.profileCount, locale) })
    : t('search.profiles', { total: formatCount(result.profileCount, locale) });
  const countText = [index.roles.length > 0 ? roleCount : '', index.profiles.length > 0 ? profileCount : ''].filter((c) => c).join(' · ');

  return (
    <section className="browser" aria-label={t('list.label')}>
      <div className="search">
        <input
          ref={searchRef}
          type="search"
          className="search-input"
          aria-label={t('search.label')}
          placeholder={t('search.placeholder')}
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={onSearchKey}
          aria-controls="role-list"
          aria-activedescendant={highlighted ? `row-${highlight}` : undefined}
          aria-describedby="search-keys"
          autoComplete="off"
          spellCheck={false}
        />
        <div className="search-meta">
          <span data-testid="match-count" className="muted small" aria-live="polite">
            {countText}
          </span>
          <span id="search-keys" className="muted small">
            {t('search.keys')}
          </span>
        </div>
      </div>

      {empty ? (
        <EmptyState reason={empty} query={query} onSignIn={onSignIn} />
      ) : (
        <div ref={scrollRef} className="list-scroll" data-testid="role-scroll">
          <div
            id="role-list"
            role="list"
            aria-label={t('list.label')}
            data-testid="role-list"
            className="list-inner"
            style={{ height: virtualizer.getTotalSize() }}
          >
            {virtualItems.map((item) => {
              const row = result.rows[item.index];
              if (!row) return null;
              return (
                <RowView
                  key={item.key}
                  row={row}
                  index={item.index}
                  start={item.start}
                  highlighted={item.index === highlight}
                  favorite={row.type === 'role' && favorites.has(row.role.key)}
                  onHighlight={setHighlight}
                  onOpenConsole={openConsole}
                  onCopyEnv={copyEnv}
                  onDialog={setDialog}
                  onToggleFavorite={favoriteActions.toggle}
                />
              );
            })}
          </div>
        </div>
      )}

      {dialog?.kind === 'console' ? <ConsoleDialog role={dialog.role} onOpen={openConsole} onClose={closeDialog} /> : null}
      {dialog?.kind === 'use' ? <UseDialog role={dialog.role} onClose={closeDialog} /> : null}
    </section>
  );
}
