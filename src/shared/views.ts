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
}

export interface SyncProgressView {
  session: string;
  phase: 'accounts' | 'roles' | 'done';
  accountsTotal: number;
  accountsDone: number;
  rolesFound: number;
  throttled: number;
}

export interface ActiveProfileView {
  profile: string;
  /** The SSO session, or for a config profile the profile it resolves (see `target`). */
  session: string;
  accountId: string;
  roleName: string;
  /** Epoch ms. */
  expiration: number;
  activatedAt: number;
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
}

export const DEFAULT_SETTINGS: Settings = {
  defaultRegion: 'us-east-1',
  refreshMarginMinutes: 10,
  notifications: true,
  launchAtLogin: false,
  language: 'system',
  theme: 'system',
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
  | { session: string; kind: 'device'; userCode: string; verificationUri: string; verificationUriComplete: string; expiresAt: number };
