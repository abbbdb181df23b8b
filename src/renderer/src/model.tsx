import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { LatchkeyApi } from '../../shared/api';
import type { IpcFailure, IpcResult } from '../../shared/errors';
import type { SettingsPatch } from '../../shared/schemas';
import {
  DEFAULT_SETTINGS,
  type ActiveProfileView,
  type AppInfo,
  type CatalogView,
  type SessionView,
  type Settings,
  type SignInPromptView,
  type StateView,
  type SyncProgressView,
} from '../../shared/views';
import type { RoleEntry } from './catalog/filter';

// The renderer's picture of the app: what main last told it, plus the actions that ask main
// for more. Everything arrives through window.latchkey (calls and pushed events); nothing
// here ever holds a token or a key.

export type Flow = 'pkce' | 'device';
export type Failure = Pick<IpcFailure, 'code' | 'message' | 'hint'> | { code: string; message: string; hint?: string };

export interface LoginState {
  session: string;
  flow: Flow;
  prompt?: SignInPromptView;
}

export interface MfaRequest {
  requestId: string;
  profile: string;
  serial: string;
}

export type CatalogStatus = { kind: 'loading' } | { kind: 'ready' } | { kind: 'error'; code: string };

export interface Model {
  api: LatchkeyApi;
  info?: AppInfo;
  settings: Settings;
  /** undefined until the first answer. */
  sessions?: SessionView[];
  catalogs: Record<string, CatalogView>;
  catalogStatus: Record<string, CatalogStatus>;
  progress: Record<string, SyncProgressView>;
  state: StateView;
  profiles: ActiveProfileView[];
  login?: LoginState;
  needsSignIn: string[];
  /** MFA codes the core is waiting for, oldest first. */
  mfa: MfaRequest[];
  banner?: Failure;
  announcement: { text: string; id: number };
  actions: Actions;
}

export interface Actions {
  loadCatalog(session: string, refresh?: boolean): Promise<void>;
  login(session: string, flow: Flow): Promise<boolean>;
  addAndLogin(input: { startUrl: string; region: string; name?: string }, flow: Flow): Promise<boolean>;
  cancelLogin(): Promise<void>;
  logout(session: string): Promise<boolean>;
  cancelSync(session: string): Promise<void>;
  toggleFavorite(role: RoleEntry): Promise<void>;
  openConsole(role: RoleEntry, options?: { region?: string; service?: string }): Promise<boolean>;
  useProfile(role: RoleEntry, profile: string): Promise<ActiveProfileView | undefined>;
  unuse(profile: string): Promise<void>;
  refreshProfile(profile: string): Promise<ActiveProfileView | undefined>;
  copyEnv(role: RoleEntry): Promise<number | undefined>;
  setSettings(patch: SettingsPatch): Promise<boolean>;
  openExternal(url: string): Promise<void>;
  submitMfa(requestId: string, code: string): Promise<boolean>;
  cancelMfa(requestId: string): Promise<void>;
  fail(failure: Failure): void;
  dismissBanner(): void;
  announce(text: string): void;
}

const ModelContext = createContext<Model | null>(null);

export function useModel(): Model {
  const model = useContext(ModelContext);
  if (!model) throw new Error('useModel outside ModelProvider');
  return model;
}

/** Codes the list's empty state explains as "can't reach AWS". */
export const UNREACHABLE = new Set(['NETWORK', 'THROTTLED', 'TIMEOUT']);

const EMPTY_STATE: StateView = { favorites: [], recents: [] };

/** A call that may also reject (a broken transport) becomes one IpcResult. */
async function settle<T>(promise: Promise<IpcResult<T>>): Promise<IpcResult<T>> {
  try {
    const result = await promise;
    if (result && typeof result === 'object' && 'ok' in result) return result;
    return { ok: false, code: 'AWS_ERROR', message: 'Unexpected answer from the background process.' };
  } catch (err) {
    return { ok: false, code: 'NETWORK', message: err instanceof Error ? err.message : String(err) };
  }
}

/** For the UI bench: the first catalog to arrive (bench/ui.ts reads these marks). */
let catalogMarked = false;
function markCatalogReceived(): void {
  if (catalogMarked || typeof performance === 'undefined') return;
  catalogMarked = true;
  performance.mark('latchkey:catalog-received');
}

function shellFor(platform: string | undefined): 'posix' | 'powershell' {
  return platform === 'win32' ? 'powershell' : 'posix';
}

export function ModelProvider({ api, children }: { api: LatchkeyApi; children: ReactNode }) {
  const [info, setInfo] = useState<AppInfo>();
  const [settings, setSettingsState] = useState<Settings>(DEFAULT_SETTINGS);
  const [sessions, setSessions] = useState<SessionView[]>();
  const [catalogs, setCatalogs] = useState<Record<string, CatalogView>>({});
  const [catalogStatus, setCatalogStatus] = useState<Record<string, CatalogStatus>>({});
  const [progress, setProgress] = useState<Record<string, SyncProgressView>>({});
  const [state, setState] = useState<StateView>(EMPTY_STATE);
  const [profiles, setProfiles] = useState<ActiveProfileView[]>([]);
  const [login, setLogin] = useState<LoginState>();
  const [needsSignIn, setNeedsSignIn] = useState<string[]>([]);
  const [mfa, setMfa] = useState<MfaRequest[]>([]);
  const [banner, setBanner] = useState<Failure>();
  const [announcement, setAnnouncement] = useState({ text: '', id: 0 });

  // Event handlers and actions read the latest values through refs, so subscriptions are
  // made once and never see stale state.
  const catalogsRef = useRef(catalogs);
  catalogsRef.current = catalogs;
  const statusRef = useRef(catalogStatus);
  statusRef.current = catalogStatus;
  const loginRef = useRef(login);
  loginRef.current = login;
  const infoRef = useRef(info);
  infoRef.current = info;

  const fail = useCallback((failure: Failure) => setBanner(failure), []);
  const announce = useCallback((text: string) => setAnnouncement((a) => ({ text, id: a.id + 1 })), []);

  const markNeedsSignIn = useCallback((session: string) => {
    setNeedsSignIn((list) => (list.includes(session) ? list : [...list, session]));
  }, []);

  const loadCatalog = useCallback(
    async (session: string, refresh = false) => {
      setCatalogStatus((s) => ({ ...s, [session]: { kind: 'loading' } }));
      const result = await settle(api.catalog.get(refresh ? { session, refresh: true } : { session }));
      if (result.ok) {
        markCatalogReceived();
        setCatalogs((c) => ({ ...c, [session]: result.value }));
        setCatalogStatus((s) => ({ ...s, [session]: { kind: 'ready' } }));
        if (!result.value.fromCache) setProgress(({ [session]: _done, ...rest }) => rest);
        return;
      }
      setCatalogStatus((s) => ({ ...s, [session]: { kind: 'error', code: result.code } }));
      setProgress(({ [session]: _failed, ...rest }) => rest);
      if (result.code === 'NOT_SIGNED_IN') markNeedsSignIn(session);
      else if (result.code === 'CANCELLED') return;
      // With no list at all, the empty state already says "offline, try again"; no second banner.
      else if (!(UNREACHABLE.has(result.code) && Object.keys(catalogsRef.current).length === 0)) fail(result);
    },
    [api, fail, markNeedsSignIn],
  );

  /** Loads the catalog of every signed-in session that has none yet (or failed before). */
  const loadMissingCatalogs = useCallback(
    (list: SessionView[]) => {
      for (const s of list) {
        const status = statusRef.current[s.name];
        if (s.signedIn && (!status || status.kind === 'error')) void loadCatalog(s.name);
      }
    },
    [loadCatalog],
  );

  const applySessions = useCallback(
    (list: SessionView[]) => {
      setSessions(list);
      setNeedsSignIn((names) => names.filter((n) => list.some((s) => s.name === n && !s.signedIn)));
      loadMissingCatalogs(list);
    },
    [loadMissingCatalogs],
  );

  // First load, then live updates.
  useEffect(() => {
    const off = [
      api.on('sessions-changed', applySessions),
      api.on('sync-progress', (p) => setProgress((all) => ({ ...all, [p.session]: p }))),
      api.on('catalog-updated', (c) => {
        markCatalogReceived();
        setCatalogs((all) => ({ ...all, [c.session]: c }));
        setCatalogStatus((s) => ({ ...s, [c.session]: { kind: 'ready' } }));
        setProgress(({ [c.session]: _done, ...rest }) => rest);
      }),
      api.on('profiles-changed', setProfiles),
      api.on('state-changed', setState),
      api.on('sign-in-prompt', (prompt) => {
        setLogin((current) => (current && current.session === prompt.session ? { ...current, prompt } : current));
      }),
      api.on('sign-in-needed', ({ session }) => markNeedsSignIn(session)),
      api.on('settings-changed', setSettingsState),
      api.on('mfa-needed', (request) => setMfa((queue) => [...queue.filter((m) => m.requestId !== request.requestId), request])),
      api.on('error', (e) => fail(e)),
    ];
    let live = true;
    void (async () => {
      const [infoR, settingsR, stateR, profilesR, sessionsR] = await Promise.all([
        settle(api.app.info()),
        settle(api.settings.get()),
        settle(api.state.get()),
        settle(api.profiles.list()),
        settle(api.sessions.list()),
      ]);
      if (!live) return;
      if (infoR.ok) setInfo(infoR.value);
      if (settingsR.ok) setSettingsState(settingsR.value);
      if (stateR.ok) setState(stateR.value);
      if (profilesR.ok) setProfiles(profilesR.value);
      if (sessionsR.ok) applySessions(sessionsR.value);
      else {
        setSessions([]);
        fail(sessionsR);
      }
      for (const r of [infoR, settingsR, stateR, profilesR]) if (!r.ok) fail(r);
    })();
    return () => {
      live = false;
      for (const unsubscribe of off) unsubscribe();
    };
  }, [api, applySessions, fail, markNeedsSignIn]);

  const actions = useMemo<Actions>(() => {
    const refreshSessions = async () => {
      const r = await settle(api.sessions.list());
      if (r.ok) applySessions(r.value);
    };
    const doLogin = async (session: string, flow: Flow) => {
      setLogin({ session, flow });
      setBanner(undefined);
      const r = await settle(api.sessions.login({ session, flow }));
      // A newer attempt (or a cancel) owns the state now.
      if (loginRef.current?.session === session) setLogin(undefined);
      if (!r.ok) {
        if (r.code !== 'CANCELLED') fail(r);
        return false;
      }
      setNeedsSignIn((names) => names.filter((n) => n !== session));
      await refreshSessions();
      void loadCatalog(session);
      return true;
    };
    return {
      loadCatalog,
      login: doLogin,
      async addAndLogin(input, flow) {
        const r = await settle(api.sessions.add(input.name ? input : { startUrl: input.startUrl, region: input.region }));
        if (!r.ok) {
          fail(r);
          return false;
        }
        await refreshSessions();
        return doLogin(r.value.name, flow);
      },
      async cancelLogin() {
        const current = loginRef.current;
        if (!current) return;
        setLogin(undefined);
        const r = await settle(api.sessions.cancelLogin({ session: current.session }));
        if (!r.ok) fail(r);
      },
      async logout(session) {
        const r = await settle(api.sessions.logout({ session }));
        if (!r.ok) {
          fail(r);
          return false;
        }
        setCatalogs(({ [session]: _gone, ...rest }) => rest);
        setCatalogStatus(({ [session]: _gone, ...rest }) => rest);
        await refreshSessions();
        return true;
      },
      async cancelSync(session) {
        const r = await settle(api.catalog.cancelSync({ session }));
        if (!r.ok) fail(r);
        setProgress(({ [session]: _cancelled, ...rest }) => rest);
      },
      async toggleFavorite(role) {
        const target = { kind: 'sso' as const, session: role.session, accountId: role.accountId, roleName: role.roleName };
        // Optimistic: the star flips at once; the answer (or the event) settles it.
        setState((s) => ({ ...s, favorites: s.favorites.includes(role.key) ? s.favorites.filter((k) => k !== role.key) : [...s.favorites, role.key] }));
        const r = await settle(api.state.toggleFavorite(target));
        if (r.ok) setState(r.value);
        else {
          fail(r);
          const again = await settle(api.state.get());
          if (again.ok) setState(again.value);
        }
      },
      async openConsole(role, options = {}) {
        const target = { kind: 'sso' as const, session: role.session, accountId: role.accountId, roleName: role.roleName };
        const request: { target: typeof target; region?: string; service?: string } = { target };
        if (options.region) request.region = options.region;
        if (options.service) request.service = options.service;
        const r = await settle(api.console.open(request));
        if (!r.ok) {
          if (r.code === 'NOT_SIGNED_IN') markNeedsSignIn(role.session);
          else fail(r);
          return false;
        }
        return true;
      },
      async useProfile(role, profile) {
        const target = { kind: 'sso' as const, session: role.session, accountId: role.accountId, roleName: role.roleName };
        const r = await settle(api.profiles.use({ target, profile }));
        if (!r.ok) {
          if (r.code === 'NOT_SIGNED_IN') markNeedsSignIn(role.session);
          else fail(r);
          return undefined;
        }
        setProfiles((list) => [...list.filter((p) => p.profile !== r.value.profile), r.value]);
        return r.value;
      },
      async unuse(profile) {
        const r = await settle(api.profiles.unuse({ profile }));
        if (!r.ok) return fail(r);
        setProfiles((list) => list.filter((p) => p.profile !== profile));
      },
      async refreshProfile(profile) {
        const r = await settle(api.profiles.refresh({ profile }));
        if (!r.ok) {
          fail(r);
          return undefined;
        }
        setProfiles((list) => list.map((p) => (p.profile === profile ? r.value : p)));
        return r.value;
      },
      async copyEnv(role) {
        const target = { kind: 'sso' as const, session: role.session, accountId: role.accountId, roleName: role.roleName };
        const r = await settle(api.credentials.copyEnv({ target, shell: shellFor(infoRef.current?.platform) }));
        if (!r.ok) {
          if (r.code === 'NOT_SIGNED_IN') markNeedsSignIn(role.session);
          else fail(r);
          return undefined;
        }
        return r.value.expiration;
      },
      async setSettings(patch) {
        setSettingsState((s) => ({ ...s, ...patch }));
        const r = await settle(api.settings.set(patch));
        if (r.ok) {
          setSettingsState(r.value);
          return true;
        }
        fail(r);
        const again = await settle(api.settings.get());
        if (again.ok) setSettingsState(again.value);
        return false;
      },
      async openExternal(url) {
        const r = await settle(api.app.openExternal({ url })); // eng-disable OPEN_EXTERNAL_JS_CHECK -- IPC to main, which opens only allow-listed https URLs
        if (!r.ok) fail(r);
      },
      async submitMfa(requestId, code) {
        const r = await settle(api.mfa.submit({ requestId, code }));
        // Answered or gone (timed out in main): either way this question is over.
        setMfa((queue) => queue.filter((m) => m.requestId !== requestId));
        if (!r.ok) fail(r);
        return r.ok;
      },
      async cancelMfa(requestId) {
        setMfa((queue) => queue.filter((m) => m.requestId !== requestId));
        const r = await settle(api.mfa.cancel({ requestId }));
        if (!r.ok && r.code !== 'NOT_FOUND') fail(r);
      },
      fail,
      dismissBanner: () => setBanner(undefined),
      announce,
    };
  }, [api, applySessions, fail, announce, loadCatalog, markNeedsSignIn]);

  const model: Model = {
    api,
    settings,
    catalogs,
    catalogStatus,
    progress,
    state,
    profiles,
    needsSignIn,
    mfa,
    announcement,
    actions,
    ...(info ? { info } : {}),
    ...(sessions ? { sessions } : {}),
    ...(login ? { login } : {}),
    ...(banner ? { banner } : {}),
  };
  return <ModelContext.Provider value={model}>{children}</ModelContext.Provider>;
}
