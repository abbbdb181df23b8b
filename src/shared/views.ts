// What the renderer may see: display data only, never a token, key or sign-in URL with a
// token in it.

export interface SessionView {
  name: string;
  startUrl: string;
  region: string;
  signedIn: boolean;
  /** Epoch ms when the sign-in ends (access token expiry). */
  expiresAt?: number;
  /** True when a refresh token can renew the sign-in without the browser. */
  refreshable: boolean;
}

export interface AccountView {
  accountId: string;
  accountName: string;
  emailAddress?: string;
  roles: string[];
}

export interface CatalogView {
  session: string;
  accounts: AccountView[];
  /** Epoch ms. */
  syncedAt: number;
  fromCache: boolean;
  /** Set while a sync is still filling it in: the accounts whose roles are not known yet. */
  pending?: string[];
}

export interface SyncProgressView {
  session: string;
  phase: 'accounts' | 'roles' | 'done';
  accountsTotal: number;
  accountsDone: number;
  rolesFound: number;
  throttled: number;
}

interface ActiveProfileViewBase {
  profile: string;
  accountId: string;
  roleName: string;
  /** Epoch ms. */
  expiration: number;
  activatedAt: number;
}

/** A profile the terminal uses: an Identity Center role's credentials, or those of a profile
 * in ~/.aws/config (chained role, IAM user). */
export type ActiveProfileView =
  | (ActiveProfileViewBase & { source: 'sso'; session: string })
  | (ActiveProfileViewBase & {
      source: 'config-profile';
      profileName: string;
      /** When the profile's chain starts at an Identity Center role: that role's session. */
      ssoSession?: string;
    });

/** The SSO session whose sign-in an active profile's credentials come from, when known. */
export function signInSessionOf(p: { source: 'sso'; session: string } | { source: 'config-profile'; ssoSession?: string }): string | undefined {
  return p.source === 'sso' ? p.session : p.ssoSession;
}

export interface StateView {
  /** Role keys "session/accountId/roleName". */
  favorites: string[];
  /** Most recent first. */
  recents: { key: string; usedAt: number }[];
}

export type Theme = 'system' | 'light' | 'dark';
export type Language = 'system' | 'en' | 'ja';

export interface Settings {
  defaultRegion: string;
  refreshMarginMinutes: number;
  notifications: boolean;
  launchAtLogin: boolean;
  language: Language;
  theme: Theme;
  /** How to sign in: 'auto' picks the browser where one can finish, else a device code. */
  signInFlow: SignInFlowSetting;
  /** How the console opens over another account's session; 'ask' until the person chose. */
  consoleMode: ConsoleModeSetting;
  /** Console session length in minutes (15..720); 0 leaves it to AWS. */
  consoleSessionMinutes: number;
  /** Serves each active profile to local programs as a container-credentials endpoint. */
  credentialServer: boolean;
  /** Where that server listens; anything but 127.0.0.1 is the person's explicit choice. */
  credentialServerAddress: string;
  /** The console's browser for the profile and container modes (a name or a path); '' picks one. */
  consoleBrowser: string;
  /** The Firefox add-on that opens containers. */
  consoleContainerAddon: 'granted' | 'open-url-in-container';
  /** Checks for a new version on start and every few hours (a check by hand works either way). */
  autoUpdateChecks: boolean;
}

/** Where the app's own update stands. 'unsupported': this build cannot update itself (a
 * development build, the web harness); 'failed' is told only here, never in a dialog. */
export type UpdateState = 'unsupported' | 'idle' | 'checking' | 'up-to-date' | 'downloading' | 'ready' | 'failed';

export interface UpdateStatusView {
  state: UpdateState;
  /** The new version, once one is found. */
  version?: string;
}

export interface ConsoleBrowsersView {
  browsers: {
    id: 'chrome' | 'chromium' | 'brave' | 'edge' | 'vivaldi' | 'firefox';
    name: string;
    family: 'chromium' | 'firefox';
    /** The person's own profiles (from the browser's Local State); [] for Firefox. */
    profiles: { directory: string; name: string }[];
  }[];
}

export type ConsoleModeSetting = 'ask' | 'multi-session' | 'sign-out' | 'profile' | 'container';

export type SignInFlowSetting = 'auto' | 'pkce' | 'device';

export const DEFAULT_SETTINGS: Settings = {
  defaultRegion: 'us-east-1',
  refreshMarginMinutes: 10,
  notifications: true,
  launchAtLogin: false,
  language: 'system',
  theme: 'system',
  signInFlow: 'auto',
  consoleMode: 'ask',
  consoleSessionMinutes: 0,
  credentialServer: false,
  credentialServerAddress: '127.0.0.1',
  consoleBrowser: '',
  consoleContainerAddon: 'granted',
  autoUpdateChecks: true,
};

export interface AppInfo {
  version: string;
  platform: string;
  /** Where Latchkey writes credentials (AWS_SHARED_CREDENTIALS_FILE or ~/.aws/credentials). */
  credentialsFile: string;
  configFile: string;
  /** The OS locale, e.g. "ja-JP", used when the language setting is "system". */
  locale: string;
}

export type SignInPromptView =
  | { session: string; kind: 'browser'; url: string }
  | {
      session: string;
      kind: 'device';
      userCode: string;
      verificationUri: string;
      verificationUriComplete: string;
      expiresAt: number;
      /** Why the device code is used though nobody asked for it. */
      reason?: DeviceCodeReasonView;
    };

/** No browser can finish a sign-in here: an SSH session, a container, WSL without wslview, no
 * display; or the browser failed to open. */
export type DeviceCodeReasonView = 'ssh' | 'container' | 'wsl' | 'no-display' | 'browser-failed';

/** A profile in ~/.aws/config (or an IAM user in the keychain) that Latchkey resolves itself. */
export interface ConfigProfileView {
  profile: string;
  kind: 'sso-profile' | 'iam-user' | 'assumed-role' | 'chained-role' | 'session-credentials';
  region?: string;
  accountId?: string;
  roleName?: string;
  userName?: string;
  sourceProfile?: string;
  /** Getting credentials may ask for an MFA code. */
  mfa: boolean;
  /** A cached MFA session serves the profile until then (epoch ms): no code is asked before. */
  mfaSessionExpiresAt?: number;
  /** The profiles the credentials come through: this one first, then its source_profile chain. */
  chain: string[];
}

/** A profile of ~/.aws/config Latchkey cannot use, and why (a loop in source_profile, an
 * unsupported source). The core lists them in this shape. */
export interface ProfileProblem {
  profile: string;
  code: string;
  message: string;
}

export interface ConfigProfilesView {
  profiles: ConfigProfileView[];
  problems: ProfileProblem[];
}

export interface KeychainView {
  /** False where the OS offers no safe keychain (Linux without a keyring): `reason` says why. */
  available: boolean;
  reason?: string;
  /** Profiles whose IAM keys are kept in the keychain (names only). */
  users: string[];
}

export interface ExportPreview {
  configFile: string;
  /** Unified diff of ~/.aws/config; empty when nothing would change. */
  diff: string;
  profiles: string[];
}
