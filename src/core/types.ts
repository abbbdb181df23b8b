// Domain types shared across the core's modules.

/** An `[sso-session NAME]` from ~/.aws/config (or one Latchkey added there). */
export interface SsoSessionRef {
  name: string;
  startUrl: string;
  /** The Identity Center region (sso_region). */
  region: string;
  /** sso_registration_scopes of the sso-session, when it names any; else sso:account:access. */
  scopes?: readonly string[];
}

/** Short-lived credentials for a role, as AWS issues them. */
export interface RoleCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  /** Epoch milliseconds. */
  expiration: number;
}

export interface Account {
  accountId: string;
  accountName: string;
  emailAddress?: string;
}

/** An account with the roles this identity may assume in it. */
export interface CatalogAccount extends Account {
  roles: string[];
}

/** One role in one account, reached through one SSO session. */
export interface RoleRef {
  session: string;
  accountId: string;
  roleName: string;
}

/** A session's role catalog as the core hands it out: from the cache, or just synced. */
export interface CatalogView {
  session: string;
  accounts: CatalogAccount[];
  syncedAt: number;
  fromCache: boolean;
  /** Set while a sync is still filling it in: the accounts whose roles are not known yet. */
  pending?: string[];
}
