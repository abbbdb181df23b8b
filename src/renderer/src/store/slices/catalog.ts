import type { LatchkeyApi } from '../../../../shared/api';
import type { CatalogView, SessionView, SyncProgressView } from '../../../../shared/views';
import { createStore } from '../create-store';
import { catalogFailure, notice, settle, type Report } from '../failure-policy';
import type { SessionsSlice } from './sessions';

// Each signed-in session's accounts and roles, whether they are loading, and the progress of
// a sync under way. Progress changes many times a second during a sync: it sits in its own
// field, so only what shows progress selects it (the role list never does).

export type CatalogStatus = { kind: 'loading' } | { kind: 'ready' } | { kind: 'error'; code: string };

export interface CatalogState {
  catalogs: Record<string, CatalogView>;
  status: Record<string, CatalogStatus>;
  progress: Record<string, SyncProgressView>;
}

/** For the UI bench: the first catalog to arrive (bench/ui.ts reads these marks). */
let catalogMarked = false;
function markCatalogReceived(): void {
  if (catalogMarked || typeof performance === 'undefined') return;
  catalogMarked = true;
  performance.mark('latchkey:catalog-received');
}

function without<T>(record: Record<string, T>, key: string): Record<string, T> {
  if (!(key in record)) return record;
  const { [key]: _gone, ...rest } = record;
  return rest;
}

/** A sync that ended without finishing: the accounts it had not reached are no longer "loading". */
function withoutPending(catalogs: Record<string, CatalogView>, session: string): Record<string, CatalogView> {
  const catalog = catalogs[session];
  if (!catalog?.pending) return catalogs;
  const { pending: _stopped, ...rest } = catalog;
  return { ...catalogs, [session]: rest };
}

export function createCatalog(api: LatchkeyApi, report: Report, sessions: Pick<SessionsSlice, 'store' | 'signedInNames'>) {
  const store = createStore<CatalogState>({ catalogs: {}, status: {}, progress: {} });
  const setStatus = (session: string, status: CatalogStatus) => store.update((s) => ({ status: { ...s.status, [session]: status } }));

  const load = async (session: string, refresh = false): Promise<void> => {
    setStatus(session, { kind: 'loading' });
    const r = await settle(api.catalog.get(refresh ? { session, refresh: true } : { session }));
    if (r.ok) {
      markCatalogReceived();
      store.update((s) => ({
        catalogs: { ...s.catalogs, [session]: r.value },
        status: { ...s.status, [session]: { kind: 'ready' } },
        progress: r.value.fromCache ? s.progress : without(s.progress, session),
      }));
      return;
    }
    store.update((s) => ({
      catalogs: withoutPending(s.catalogs, session),
      status: { ...s.status, [session]: { kind: 'error', code: r.code } },
      progress: without(s.progress, session),
    }));
    report(catalogFailure(r, session, () => load(session, refresh), Object.keys(store.get().catalogs).length > 0));
  };

  /** Loads the catalog of every signed-in session that has none yet (or failed before). */
  const loadMissing = (list: SessionView[]) => {
    for (const s of list) {
      const status = store.get().status[s.name];
      if (s.signedIn && (!status || status.kind === 'error')) void load(s.name);
    }
  };
  // Every signed-in session gets its catalog: whenever the list of sessions changes.
  let seen = sessions.store.get().list;
  sessions.store.subscribe(() => {
    const list = sessions.store.get().list;
    if (list === seen) return;
    seen = list;
    if (list) loadMissing(list);
  });

  return {
    store,
    load,
    /** Syncs every signed-in session again (`only`: just that one). */
    syncSignedIn(only?: string): void {
      for (const name of sessions.signedInNames(only)) void load(name, true);
    },
    /** A sync's list so far: shown and searchable at once; the sync's progress stays. */
    partial(catalog: CatalogView): void {
      markCatalogReceived();
      store.update((s) => ({
        catalogs: { ...s.catalogs, [catalog.session]: catalog },
        status: { ...s.status, [catalog.session]: { kind: 'ready' } },
      }));
    },
    /** The accounts on screen and matching the search: main lists their roles first. */
    prioritise(session: string, hints: { visible: string[]; matching: string[] }): void {
      void settle(api.catalog.prioritise({ session, ...hints }));
    },
    /** An account the person opened: its roles before anything else. */
    loadFirst(session: string, accountId: string): void {
      void settle(api.catalog.prioritise({ session, first: accountId }));
    },
    /** A catalog main pushed (a background sync finished). */
    received(catalog: CatalogView): void {
      markCatalogReceived();
      store.update((s) => ({
        catalogs: { ...s.catalogs, [catalog.session]: catalog },
        status: { ...s.status, [catalog.session]: { kind: 'ready' } },
        progress: without(s.progress, catalog.session),
      }));
    },
    progressed(progress: SyncProgressView): void {
      store.update((s) => ({ progress: { ...s.progress, [progress.session]: progress } }));
    },
    /** A session signed out: its roles leave the list. */
    forget(session: string): void {
      store.update((s) => ({ catalogs: without(s.catalogs, session), status: without(s.status, session) }));
    },
    async cancelSync(session: string): Promise<void> {
      const r = await settle(api.catalog.cancelSync({ session }));
      if (!r.ok) report(notice(r));
      store.update((s) => ({ catalogs: withoutPending(s.catalogs, session), progress: without(s.progress, session) }));
    },
  };
}

export type CatalogSlice = ReturnType<typeof createCatalog>;
