import type { LatchkeyApi } from '../../../../shared/api';
import type { IpcResult } from '../../../../shared/errors';
import type { RequestOf } from '../../../../shared/contract';
import type { ActiveProfileView, ConsoleBrowsersView } from '../../../../shared/views';
import { targetOf } from '../../catalog/entries';
import { isProfileEntry, type Entry } from '../../catalog/filter';
import { afterMfa, entryFailure, settle, type Failure, type Report } from '../failure-policy';
import type { ActiveProfilesSlice } from './active-profiles';
import type { AppInfoSlice } from './app-info';
import type { ConfigProfilesSlice } from './config-profiles';
import type { MfaSlice } from './mfa';

// What a row of the list does with its role or config profile: open the console, use it in
// the terminal, copy its credentials as environment variables.

/** How one console open differs from the defaults: region, service, "Open in…" mode or own profile. */
export type ConsoleOpenChoice = Partial<Pick<RequestOf<'console.open'>, 'region' | 'service' | 'mode' | 'ownProfile'>>;

interface Needs {
  app: Pick<AppInfoSlice, 'shell'>;
  mfa: Pick<MfaSlice, 'asked'>;
  configProfiles: Pick<ConfigProfilesSlice, 'load'>;
  profiles: Pick<ActiveProfilesSlice, 'added'>;
}

export function createEntries(api: LatchkeyApi, report: Report, { app, mfa, configProfiles, profiles }: Needs) {
  /** Runs a call for a row; a config profile's MFA session may have changed, so its list is re-read. */
  const forEntry = async <T>(entry: Entry, call: () => Promise<IpcResult<T>>): Promise<IpcResult<T> & { mfa?: boolean }> => {
    const before = mfa.asked();
    const r = await settle(call());
    if (!isProfileEntry(entry)) return r;
    void configProfiles.load();
    return afterMfa(r, mfa.asked() !== before);
  };
  const sessionOf = (entry: Entry) => (isProfileEntry(entry) ? undefined : entry.session);

  const openConsole = async (entry: Entry, options: ConsoleOpenChoice = {}): Promise<boolean> => {
    const request: RequestOf<'console.open'> = { target: targetOf(entry) };
    if (options.region) request.region = options.region;
    if (options.service) request.service = options.service;
    if (options.mode) request.mode = options.mode;
    if (options.ownProfile) request.ownProfile = options.ownProfile;
    const r = await forEntry(entry, () => api.console.open(request));
    if (!r.ok) report(entryFailure(r, sessionOf(entry), () => openConsole(entry, options)));
    return r.ok;
  };
  /** `onFailure`: the caller shows the failure itself (in its open sheet) instead of the banner. */
  const use = async (entry: Entry, profile: string, onFailure?: (failure: Failure) => void): Promise<ActiveProfileView | undefined> => {
    const r = await forEntry(entry, () => api.profiles.use({ target: targetOf(entry), profile }));
    if (!r.ok) {
      report(
        entryFailure(r, sessionOf(entry), () => use(entry, profile, onFailure)),
        onFailure,
      );
      return undefined;
    }
    profiles.added(r.value);
    return r.value;
  };
  /** The credentials' expiry, once they are on the clipboard. */
  const copyEnv = async (entry: Entry): Promise<number | undefined> => {
    const r = await forEntry(entry, () => api.credentials.copyEnv({ target: targetOf(entry), shell: app.shell() }));
    if (!r.ok) report(entryFailure(r, sessionOf(entry), () => copyEnv(entry)));
    return r.ok ? r.value.expiration : undefined;
  };
  /** The browsers and own profiles "Open in…" offers; none when they cannot be listed. */
  const consoleBrowsers = async (): Promise<ConsoleBrowsersView['browsers']> => {
    const r = await api.console.browsers();
    return r.ok ? r.value.browsers : [];
  };
  return { openConsole, use, copyEnv, consoleBrowsers };
}

export type EntriesSlice = ReturnType<typeof createEntries>;
