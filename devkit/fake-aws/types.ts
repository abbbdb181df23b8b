// The public shapes of the fake. Other engineers code against these: add, never rename.

export interface FakeAwsOptions {
  port?: number; // 0/undefined = random
  accounts?: number; // default 3
  rolesPerAccount?: number; // default 2
  startUrl?: string; // default 'https://d-9067c0ffee.awsapps.com/start'
  region?: string; // default 'us-east-1'
  portalRateLimit?: number; // portal requests/s; undefined = unlimited
  latencyMs?: number; // added to portal responses; default 0
  portalFailureRate?: number; // 0..1, default 0
  deviceInterval?: number; // seconds (fractions allowed), default 1
  accessTokenTtlSeconds?: number; // default 3600
  roleCredentialsTtlSeconds?: number; // default 3600
  autoApprove?: boolean; // default false
  iamUsers?: FakeIamUser[];
  seed?: number;
  // --- additions ---
  /** Device codes live this long (AWS: 600). */
  deviceCodeTtlSeconds?: number;
  /** Client registrations live this long (AWS: about 90 days). */
  clientRegistrationTtlSeconds?: number;
  /** When true a refresh token stops working once it has been exchanged (default false). */
  strictRefreshRotation?: boolean;
  /** Role ARNs AssumeRole accepts; undefined = any well-formed role ARN. */
  assumableRoleArns?: string[];
  /** Role ARNs whose AssumeRole needs MFA (SerialNumber+TokenCode, or MFA session creds). */
  rolesRequiringMfa?: string[];
  /** Role ARN → the ExternalId its trust policy demands (AccessDenied without it). */
  roleExternalIds?: Record<string, string>;
  /** The fake's notion of "now" (epoch ms) for expiries and device polling; default Date.now.
   * Rate limiting always uses real time. */
  now?: () => number;
  /** The seeded mixed-fault mode (see README): a fraction of portal and/or OIDC token calls
   * fail with a mix of 500, 429, dropped connections, slow answers and truncated JSON. */
  randomFaults?: RandomFaults;
  /** Token-bucket size of `portalRateLimit`: at most this many portal calls at once, refilled
   * at the rate. Undefined = a rolling one-second window (a burst as large as the rate). */
  portalBurst?: number;
  /** Operations with a budget of their own (e.g. GetRoleCredentials apart from the listings);
   * the others share `portalRateLimit`. */
  portalOperationLimits?: PortalOperationLimits;
  /** Whether a 429 carries `Retry-After` (whole seconds until the budget has room): 'never'
   * (default), 'always', or 'alternate' (every other 429), since AWS's answers vary. */
  portalRetryAfter?: RetryAfterMode;
}

export const PORTAL_OPERATIONS = ['ListAccounts', 'ListAccountRoles', 'GetRoleCredentials', 'Logout'] as const;
export type PortalOperation = (typeof PORTAL_OPERATIONS)[number];
/** `rate` per second; with `burst`, a token bucket of that size, else a rolling one-second window. */
export interface PortalLimit {
  rate: number;
  burst?: number;
}
export type PortalOperationLimits = Partial<Record<PortalOperation, PortalLimit>>;
export type RetryAfterMode = 'never' | 'always' | 'alternate';

/** What can go wrong with one call in the mixed-fault mode. 'slow' answers correctly, late. */
export type FaultKind = 500 | 429 | 'drop' | 'slow' | 'malformed';
/** 'portal' = every portal operation; 'token' = POST /token (every grant: refresh, device, PKCE). */
export type FaultTarget = 'portal' | 'token';

export interface RandomFaults {
  /** 0..1: the fraction of calls to the targets that get a fault. */
  rate: number;
  /** The mix, drawn uniformly; default all five. */
  kinds?: FaultKind[];
  /** Default both. */
  targets?: FaultTarget[];
  /** How late a 'slow' answer comes (real time), default 300 ms. */
  slowMs?: number;
  /** Seed of the fault sequence; default the fake's seed. */
  seed?: number;
}

export interface FakeIamUser {
  userName: string;
  accessKeyId: string;
  secretAccessKey: string;
  mfaSerial?: string;
  mfaCode?: string; // default '123456' when mfaSerial is set
  /** The account the user lives in; default the first organisation account. */
  accountId?: string;
}

export interface FakeStats {
  registrations: number;
  deviceAuthorizations: number;
  signIns: number; // approvals completed (device or PKCE)
  tokens: { deviceCode: number; authorizationCode: number; refreshToken: number };
  portal: {
    total: number;
    throttled: number;
    failed: number;
    byOperation: Record<string, number>;
    /** 429s by operation (rate limit and injected 429s alike). */
    throttledByOperation: Record<string, number>;
    /** 429s that carried a Retry-After header. */
    retryAfterSent: number;
  };
  federation: { signinTokens: number; logins: string[] /* destinations */; logouts: number };
  sts: Record<string, number>; // by action
  /** Mixed-fault mode: faults injected, by `target:kind` (e.g. 'token:drop', 'portal:500'). */
  faults: Record<string, number>;
  /** Every POST /token, whatever the grant and whatever the answer (refused ones too). */
  tokenCalls: number;
  /** The scopes each RegisterClient, /authorize and CreateToken asked for, in order; a
   * CreateToken without `scope` is recorded as null. */
  scopeRequests: { register: string[][]; authorize: string[][]; token: (string[] | null)[] };
}

export interface FakeAccount {
  accountId: string;
  accountName: string;
  emailAddress: string;
  roles: string[];
}

export type PortalFault = 500 | 429 | 'drop' | 'malformed';

export type FakeConfigUpdate = Partial<
  Pick<
    FakeAwsOptions,
    | 'portalRateLimit'
    | 'latencyMs'
    | 'portalFailureRate'
    | 'autoApprove'
    | 'accessTokenTtlSeconds'
    | 'roleCredentialsTtlSeconds'
    | 'deviceInterval'
    | 'deviceCodeTtlSeconds'
    | 'strictRefreshRotation'
    | 'randomFaults'
    | 'portalBurst'
    | 'portalOperationLimits'
    | 'portalRetryAfter'
  >
>;

export interface FakeAws {
  url: string; // http://127.0.0.1:PORT
  port: number;
  startUrl: string;
  region: string;
  env: Record<string, string>; // AWS_ENDPOINT_URL_SSO_OIDC, AWS_ENDPOINT_URL_SSO, AWS_ENDPOINT_URL_STS, LATCHKEY_FEDERATION_ENDPOINT
  accounts: FakeAccount[];
  stats(): FakeStats;
  resetStats(): void;
  configure(options: FakeConfigUpdate): void;
  pendingUserCodes(): string[]; // device codes waiting for approval
  approveDevice(userCode: string): void;
  denyDevice(userCode: string): void;
  /** Queues n faults for the next portal calls (of `operation` only, when given); n = 0 clears the queue. */
  failNextPortalCalls(n: number, status?: PortalFault, operation?: PortalOperation): void;
  revokeAllTokens(): void; // access + refresh tokens invalid from now on
  expireAccessTokens(): void; // access tokens invalid, refresh tokens still good
  issuedSecrets(): string[]; // every secret it issued — for leak tests
  close(): Promise<void>;
  // --- additions ---
  /** Device codes still waiting expire now (the next poll gets ExpiredTokenException). */
  expireDeviceCodes(): void;
  /** Client registrations expire now (InvalidClientException until the client registers again). */
  expireClientRegistrations(): void;
  /** The scopes granted to an access token it issued (undefined for one it did not issue). */
  scopesOf(accessToken: string): string[] | undefined;
}
