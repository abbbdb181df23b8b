import type { CoreContext } from '../context';
import type { ConsoleOpenOptions } from '../console/federation';
import { ConfigProfiles } from '../iam/config-profiles';
import type { PromptMfaCode } from '../iam/mfa-code';
import type { SecretStore } from '../iam/secret-store';
import { SsoAuth } from '../sso/sso-auth';
import { ActiveProfiles } from './active-profiles';
import { CatalogService, type ResolvedRole } from './catalog-service';
import { toggleFavorite } from './favorites';
import { LatchkeyEmitter } from './latchkey-events';
import { RefreshLoop, type RefreshTiming } from './refresh-loop';
import { RefreshWarnings } from './refresh-warnings';
import { consoleUrlForRole } from './role-console';
import { SignInSessions } from './sign-in-sessions';
import { StateStore, parseRoleKey, roleKey, type AppState } from './state-store';
import type { RoleRef } from '../../shared/role-key';

// What the app and the command drive, built once from a CoreContext: every outside thing comes
// in through ctx. Each member is one concern; they share one event emitter.

export interface LatchkeyOptions extends RefreshTiming {
  /** Where the app keeps IAM users' long-term keys (the OS keychain); none in the command. */
  secretStore?: SecretStore;
  /** Asks the person for an MFA code (the app's dialog). Background refreshes never call it. */
  promptMfaCode?: PromptMfaCode;
}

export interface Latchkey {
  /** Everything the core reports while it works (see LatchkeyEvents). */
  events: LatchkeyEmitter;
  /** SSO sessions and their sign-ins. */
  sessions: SignInSessions;
  /** Each session's role catalog, and its roles' credentials. */
  catalog: CatalogService;
  /** Profiles of the credentials file Latchkey writes and keeps fresh. */
  profiles: ActiveProfiles;
  /** The profiles of ~/.aws/config (chained roles, IAM users with MFA). */
  configProfiles: ConfigProfiles;
  /** Renews active profiles and sign-ins in the background (the app's). */
  refresh: RefreshLoop;
  /** Latchkey's own state: favorites, recents, active profiles. */
  state: {
    read(): Promise<AppState>;
    /** Adds or removes a favorite; returns the state as written. */
    toggleFavorite(role: RoleRef): Promise<AppState>;
  };
  /** A console sign-in URL for an Identity Center role. */
  consoleUrl(role: ResolvedRole, options?: ConsoleOpenOptions): Promise<string>;
  /** Where IAM users' keys are kept in the app (the OS keychain); absent in the command. */
  secretStore: SecretStore | undefined;
}

export function createLatchkey(ctx: CoreContext, options: LatchkeyOptions = {}): Latchkey {
  const events = new LatchkeyEmitter();
  const warnings = new RefreshWarnings();
  const auth = new SsoAuth(ctx);
  const store = new StateStore(ctx);
  const catalog = new CatalogService(ctx, auth, events, async (session) => {
    const state = await store.read();
    const keys = [...state.favorites, ...state.recents.map((r) => r.key)];
    return keys.map(parseRoleKey).flatMap((ref) => (ref?.session === session ? [ref.accountId] : []));
  });
  const configProfiles = new ConfigProfiles({
    ctx,
    ssoRoleCredentials: (role) => catalog.roleCredentials({ ...role, accountName: '' }),
    ...(options.secretStore ? { secretStore: options.secretStore } : {}),
    ...(options.promptMfaCode ? { promptMfaCode: options.promptMfaCode } : {}),
  });
  const profiles = new ActiveProfiles({ ctx, store, catalog, configProfiles, events, warnings });
  const refresh = new RefreshLoop({ ctx, auth, catalog, profiles, configProfiles, events, warnings }, options);
  const sessions = new SignInSessions({ ctx, auth, store, configProfiles, refresh, events });
  return {
    events,
    sessions,
    catalog,
    profiles,
    configProfiles,
    refresh,
    state: {
      read: () => store.read(),
      toggleFavorite: (role) => store.update((s) => toggleFavorite(s, roleKey(role))),
    },
    consoleUrl: (role, consoleOptions) => consoleUrlForRole({ ctx, catalog, store }, role, consoleOptions),
    secretStore: options.secretStore,
  };
}
