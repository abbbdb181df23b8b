import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { LatchkeyApi } from '../../shared/api';
import type { IpcFailure, IpcResult } from '../../shared/errors';
import type { RoleTarget, SettingsPatch, SsoRoleTarget } from '../../shared/schemas';
import {
  DEFAULT_SETTINGS,
  type ActiveProfileView,
  type AppInfo,
  type CatalogView,
  type ConfigProfilesView,
  type ExportPreview,
  type KeychainView,
  type SessionView,
  type Settings,
  type SignInPromptView,
  type StateView,
  type SyncProgressView,
} from '../../shared/views';
import { isProfileEntry, type Entry, type RoleEntry } from './catalog/filter';

// The renderer's picture of the app: what main last told it, plus the actions that ask main
// for more. Everything arrives through window.latchkey (calls and pushed events); nothing
// here ever holds a token or a key.

export type Flow = 'pkce' | 'device';
/**
 * A failure to show. `mfa`: it came right after an MFA code was asked for (a wrong code, an
 * unknown device). `session`: the SSO session it is about, for "Sign in again". `retry`: runs
 * the same request again, for "Try again".
 */
export type Failure = (Pick<IpcFailure, 'code' | 'message' | 'hint'> | { code: string; message: string; hint?: string }) & {
  mfa?: boolean;
  session?: string;
  retry?: () => void;
};

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
  /** Profiles of ~/.aws/config; undefined until the first answer. */
  configProfiles?: ConfigProfilesView;
  banner?: Failure;
  announcement: { text: string; id: number };
  /** The last sign-in that succeeded (id counts them), so the view can move on whoever started it. */
  signedIn?: { session: string; id: number };
  actions: Actions;
}

export interface Actions {
  loadCatalog(session: string, refresh?: boolean): Promise<void>;
  login(session: string, flow: Flow): Promise<boolean>;
  addAndLogin(input: { startUrl: string; region: string; name?: string }, flow: Flow): Promise<boolean>;
  cancelLogin(): Promise<void>;
  /** `unuse`: the session's profiles leave the credentials file too. */
  logout(session: string, unuse?: boolean): Promise<boolean>;
  cancelSync(session: string): Promise<void>;
  toggleFavorite(role: RoleEntry): Promise<void>;
  openConsole(entry: Entry, options?: { region?: string; service?: string }): Promise<boolean>;
  /** `onFailure`: the caller shows the failure itself (in its open sheet) instead of the banner. */
  useProfile(entry: Entry, profile: string, onFailure?: (failure: Failure) => void): Promise<ActiveProfileView | undefined>;
  unuse(profile: string): Promise<void>;
  refreshProfile(profile: string): Promise<ActiveProfileView | undefined>;
  copyEnv(entry: Entry): Promise<number | undefined>;
  loadConfigProfiles(): Promise<void>;
  forgetMfaSession(profile: string): Promise<boolean>;
  keychainStatus(): Promise<KeychainView | undefined>;
  storeIamUser(user: { profile: string; accessKeyId: string; secretAccessKey: string; mfaSerial?: string; region?: string }): Promise<KeychainView | undefined>;
  deleteIamUser(profile: string): Promise<KeychainView | undefined>;
  /** The diff of ~/.aws/config for these roles; undefined (and a banner) on failure. */
  exportPreview(request: ExportRequest): Promise<ExportPreview | undefined>;
  /** Writes the previewed diff: 'written', or a fresh preview when the file changed meanwhile. */
  exportApply(request: ExportRequest, diff: string): Promise<{ written: ExportPreview } | { changed: ExportPreview } | undefined>;
  setSettings(patch: SettingsPatch): Promise<boolean>;
  openExternal(url: string): Promise<void>;
  submitMfa(requestId: string, code: string): Promise<boolean>;
  cancelMfa(requestId: string): Promise<void>;
  fail(failure: Failure): void;
  dismissBanner(): void;
  announce(text: string): void;
}

export interface ExportRequest {
  roles: SsoRoleTarget[];
  prefix?: string;
  region?: string;
}

/** The contract's target for a row: an Identity Center role or a config profile. */
export function targetOf(entry: Entry): RoleTarget {
  return isProfileEntry(entry) ? { kind: 'profile', profile: entry.profile } : { kind: 'sso', session: entry.session, accountId: entry.accountId, roleName: entry.roleName };
}

const ModelContext = createContext<Model | null>(null);

export function useModel(): Model {
  const model = useContext(ModelContext);
  if (!model) throw new Error('useModel outside ModelProvider');
  return model;
}

/** Codes the list's empty state explains as "can't reach AWS". */
export const UNREACHABLE = new Set(['NETWORK', 'THROTTLED', 'TIMEOUT']);

/** Codes where the same request may well work a moment later: the failure offers "Try again". */
const RETRYABLE = new Set([...UNREACHABLE, 'AWS_ERROR', 'SIGN_IN_DENIED']);

/** A failure with its "Try again", when trying again can help (a wrong MFA code: a new code). */
function withRetry<F extends Failure>(failure: F, retry: () => unknown): F {
  return failure.mfa || RETRYABLE.has(failure.code) ? { ...failure, retry: () => void retry() } : failure;
}

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

/** A ref that always holds the value of the latest render. */
function useLatest<T>(value: T) {
  const ref = useRef(value);
  ref.current = value;
  return ref;
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
  const [configProfiles, setConfigProfiles] = useState<ConfigProfilesView>();
  // Counts MFA questions, so a failure right after one can be told apart (a wrong code).
  const mfaAsked = useRef(0);
  const [banner, setBanner] = useState<Failure>();
  const [announcement, setAnnouncement] = useState({ text: '', id: 0 });
  const [signedIn, setSignedIn] = useState<{ session: string; id: number }>();

  // Event handlers and actions read the latest values through refs, so subscriptions are
  // made once and never see stale state.
  const catalogsRef = useLatest(catalogs);
  const statusRef = useLatest(catalogStatus);
  const loginRef = useLatest(login);
  const infoRef = useLatest(info);
  const profilesRef = useLatest(profiles);
  const sessionsRef = useLatest(sessions);

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
      else if (!(UNREACHABLE.has(result.code) && Object.keys(catalogsRef.current).length === 0)) fail(withRetry({ ...result, session }, () => loadCatalog(session, refresh)));
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
      api.on('mfa-needed', (request) => {
        mfaAsked.current++;
        setMfa((queue) => [...queue.filter((m) => m.requestId !== request.requestId), request]);
      }),
      // Pushed from background work (a sync, a refresh): "Try again" syncs every signed-in session.
      api.on('error', (e) =>
        fail(
          withRetry(e, () =>
            sessionsRef.current
              ?.filter((s) => s.signedIn && (e.session === undefined || s.name === e.session))
              .forEach((s) => void loadCatalog(s.name, true)),
          ),
        ),
      ),
    ];
    let live = true;
    void (async () => {
      const [infoR, settingsR, stateR, profilesR, configR, sessionsR] = await Promise.all([
        settle(api.app.info()),
        settle(api.settings.get()),
        settle(api.state.get()),
        settle(api.profiles.list()),
        settle(api.configProfiles.list()),
        settle(api.sessions.list()),
      ]);
      if (!live) return;
      // A config file that can't be read must not keep the app from opening: it shows no profiles.
      setConfigProfiles(configR.ok ? configR.value : { profiles: [], problems: [] });
      if (!configR.ok) fail(configR);
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
  }, [api, applySessions, fail, markNeedsSignIn, loadCatalog]);

  // ~/.aws/config may be edited by hand while the popup is hidden: read it again when shown.
  useEffect(() => {
    const reload = () => {
      if (document.visibilityState === 'visible') void settle(api.configProfiles.list()).then((r) => r.ok && setConfigProfiles(r.value));
    };
    window.addEventListener('focus', reload);
    document.addEventListener('visibilitychange', reload);
    return () => {
      window.removeEventListener('focus', reload);
      document.removeEventListener('visibilitychange', reload);
    };
  }, [api]);

  const actions = useMemo<Actions>(() => {
    const loadConfigProfiles = async () => {
      const r = await settle(api.configProfiles.list());
      if (r.ok) setConfigProfiles(r.value);
      else fail(r);
    };
    /** Runs a call for a row; a config profile's MFA session may have changed, so its list is re-read. */
    const forEntry = async <T,>(entry: Entry, call: () => Promise<IpcResult<T>>): Promise<IpcResult<T> & { mfa?: boolean }> => {
      const asked = mfaAsked.current;
      const r = await settle(call());
      if (!isProfileEntry(entry)) return r;
      void loadConfigProfiles();
      return !r.ok && mfaAsked.current !== asked && r.code !== 'CANCELLED' ? { ...r, mfa: true } : r;
    };
    /** Reports a row's failure (to `report`, else the banner) with what to do next. */
    const failFor = (entry: Entry, r: IpcFailure & { mfa?: boolean }, retry: () => unknown, report: (f: Failure) => void = fail) => {
      const sso = !isProfileEntry(entry);
      if (r.code === 'NOT_SIGNED_IN' && sso) {
        markNeedsSignIn(entry.session);
        if (report !== fail) report({ ...r, session: entry.session });
      }
      // A cancelled MFA dialog is the person's own choice: nothing to report.
      else if (!(r.code === 'CANCELLED' && !sso)) report(withRetry(sso ? { ...r, session: entry.session } : r, retry));
    };
    /** The value of a call, or undefined after putting its failure in the banner. */
    const valueOr = <T,>(r: IpcResult<T>): T | undefined => {
      if (r.ok) return r.value;
      fail(r);
      return undefined;
    };
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
        if (r.code !== 'CANCELLED') fail(withRetry({ ...r, session }, () => doLogin(session, flow)));
        return false;
      }
      setNeedsSignIn((names) => names.filter((n) => n !== session));
      await refreshSessions();
      void loadCatalog(session);
      setSignedIn((last) => ({ session, id: (last?.id ?? 0) + 1 }));
      return true;
    };
    const openConsole: Actions['openConsole'] = async (entry, options = {}) => {
      const request: { target: RoleTarget; region?: string; service?: string } = { target: targetOf(entry) };
      if (options.region) request.region = options.region;
      if (options.service) request.service = options.service;
      const r = await forEntry(entry, () => api.console.open(request));
      if (!r.ok) failFor(entry, r, () => openConsole(entry, options));
      return r.ok;
    };
    const useProfile: Actions['useProfile'] = async (entry, profile, onFailure) => {
      const r = await forEntry(entry, () => api.profiles.use({ target: targetOf(entry), profile }));
      if (!r.ok) {
        failFor(entry, r, () => useProfile(entry, profile, onFailure), onFailure);
        return undefined;
      }
      setProfiles((list) => [...list.filter((p) => p.profile !== r.value.profile), r.value]);
      return r.value;
    };
    const refreshProfile: Actions['refreshProfile'] = async (profile) => {
      const r = await settle(api.profiles.refresh({ profile }));
      if (!r.ok) {
        const session = profilesRef.current.find((p) => p.profile === profile)?.session;
        fail(withRetry({ ...r, ...(session ? { session } : {}) }, () => refreshProfile(profile)));
        return undefined;
      }
      setProfiles((list) => list.map((p) => (p.profile === profile ? r.value : p)));
      return r.value;
    };
    const copyEnv: Actions['copyEnv'] = async (entry) => {
      const r = await forEntry(entry, () => api.credentials.copyEnv({ target: targetOf(entry), shell: shellFor(infoRef.current?.platform) }));
      if (!r.ok) failFor(entry, r, () => copyEnv(entry));
      return r.ok ? r.value.expiration : undefined;
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
      async logout(session, unuse) {
        const r = await settle(api.sessions.logout(unuse ? { session, unuse } : { session }));
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
      openConsole,
      useProfile,
      async unuse(profile) {
        const r = await settle(api.profiles.unuse({ profile }));
        if (!r.ok) return fail(r);
        setProfiles((list) => list.filter((p) => p.profile !== profile));
      },
      refreshProfile,
      copyEnv,
      loadConfigProfiles,
      async forgetMfaSession(profile) {
        const r = await settle(api.configProfiles.forgetMfaSession({ profile }));
        if (!r.ok) fail(r);
        await loadConfigProfiles();
        return r.ok;
      },
      async keychainStatus() {
        return valueOr(await settle(api.keychain.status()));
      },
      async storeIamUser(user) {
        const stored = valueOr(await settle(api.keychain.storeIamUser(user)));
        if (stored) await loadConfigProfiles();
        return stored;
      },
      async deleteIamUser(profile) {
        const after = valueOr(await settle(api.keychain.deleteIamUser({ profile })));
        if (after) await loadConfigProfiles();
        return after;
      },
      async exportPreview(request) {
        return valueOr(await settle(api.export.preview(request)));
      },
      async exportApply(request, diff) {
        const r = await settle(api.export.apply({ ...request, diff }));
        if (!r.ok) {
          fail(r);
          return undefined;
        }
        // The file changed after the preview: nothing was written; show what would change now.
        if (!r.value.applied) return { changed: r.value };
        void loadConfigProfiles();
        return { written: r.value };
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
    ...(configProfiles ? { configProfiles } : {}),
    actions,
    ...(info ? { info } : {}),
    ...(sessions ? { sessions } : {}),
    ...(login ? { login } : {}),
    ...(banner ? { banner } : {}),
    ...(signedIn ? { signedIn } : {}),
  };
  return <ModelContext.Provider value={model}>{children}</ModelContext.Provider>;
}
