// What an active profile records, one shape per source of its credentials.

interface ActiveProfileBase {
  profile: string;
  accountId: string;
  roleName: string;
  /** Epoch milliseconds. */
  expiration: number;
  /** Epoch milliseconds. */
  activatedAt: number;
  /** The credentials file the profile was written to (AWS_SHARED_CREDENTIALS_FILE can differ
   * between the app and a shell); absent in state written before it was recorded. */
  credentialsFile?: string;
  /** Set when its session was signed out (epoch ms): the profile is no longer renewed and
   * keeps its credentials until `expiration`. Using a role again starts afresh. */
  signedOutAt?: number;
}

/** A profile holding an Identity Center role's credentials. */
export interface SsoActiveProfile extends ActiveProfileBase {
  source: 'sso';
  session: string;
}

/** A profile holding a ~/.aws/config profile's credentials (a chained role, an IAM user's MFA
 * session): refresh resolves that profile again. */
export interface ConfigActiveProfile extends ActiveProfileBase {
  source: 'config-profile';
  profileName: string;
  /** When its chain starts at an Identity Center role: that role's session. */
  ssoSession?: string;
}

export type ActiveProfile = SsoActiveProfile | ConfigActiveProfile;

export { signInSessionOf } from '../../shared/views';

/** What the credentials come from: the SSO session's name, or the config profile's. */
export function sourceName(p: ActiveProfile): string {
  return p.source === 'sso' ? p.session : p.profileName;
}

// Active profiles as read from state.json, whichever Latchkey wrote them. Records without a
// `source` come from versions where `session` held either an SSO session's name or, with
// `configProfile` set, the config profile's own name; they are read as the union they mean.
// Only known fields are kept, so nothing unexpected is written back.

export function migrateActiveProfile(raw: unknown): ActiveProfile | undefined {
  if (!isRecord(raw)) return undefined;
  if (!['profile', 'accountId', 'roleName'].every((f) => nonEmpty(raw[f])) || !Number.isFinite(raw.expiration) || !Number.isFinite(raw.activatedAt)) {
    return undefined;
  }
  const base = {
    profile: raw.profile as string,
    accountId: raw.accountId as string,
    roleName: raw.roleName as string,
    expiration: raw.expiration as number,
    activatedAt: raw.activatedAt as number,
    ...(typeof raw.credentialsFile === 'string' ? { credentialsFile: raw.credentialsFile } : {}),
    ...(Number.isFinite(raw.signedOutAt) ? { signedOutAt: raw.signedOutAt as number } : {}),
  };
  const source = raw.source ?? (nonEmpty(raw.configProfile) ? 'config-profile' : 'sso');
  if (source === 'sso') {
    return nonEmpty(raw.session) ? { source: 'sso', ...base, session: raw.session } : undefined;
  }
  if (source !== 'config-profile') return undefined;
  const profileName = raw.source === undefined ? raw.configProfile : raw.profileName;
  if (!nonEmpty(profileName)) return undefined;
  return { source: 'config-profile', ...base, profileName, ...(nonEmpty(raw.ssoSession) ? { ssoSession: raw.ssoSession } : {}) };
}

function nonEmpty(value: unknown): value is string {
  return typeof value === 'string' && value !== '';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
