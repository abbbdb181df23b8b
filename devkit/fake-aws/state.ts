import type { ConsoleBrowser } from './console';
import type {
  FakeAccount,
  FakeAwsOptions,
  FakeIamUser,
  FakeStats,
  FaultKind,
  FaultTarget,
  PortalFault,
  PortalOperation,
  PortalOperationLimits,
  RetryAfterMode,
} from './types';
import { PORTAL_OPERATIONS } from './types';
import { generateOrganisation } from './organisation';
import { PortalThrottle } from './throttle';
import { RandomFaultPicker } from './faults';
import { randomSecretKey, randomToken, randomUpper, seededRandom } from './random';

export const DEFAULT_START_URL = 'https://d-9067c0ffee.awsapps.com/start';

export interface FakeConfig {
  portalRateLimit: number | undefined;
  latencyMs: number;
  portalFailureRate: number;
  autoApprove: boolean;
  accessTokenTtlSeconds: number;
  roleCredentialsTtlSeconds: number;
  deviceInterval: number;
  deviceCodeTtlSeconds: number;
  clientRegistrationTtlSeconds: number;
  strictRefreshRotation: boolean;
  portalBurst: number | undefined;
  portalOperationLimits: PortalOperationLimits | undefined;
  portalRetryAfter: RetryAfterMode;
}

export interface ClientRecord {
  clientId: string;
  clientSecret: string;
  scopes: string[];
  grantTypes: string[];
  redirectUris: string[];
  pkce: boolean;
  expiresAt: number; // epoch ms
}

export interface DeviceRecord {
  deviceCode: string;
  userCode: string;
  clientId: string;
  expiresAt: number;
  status: 'pending' | 'approved' | 'denied' | 'consumed';
  lastPollAt?: number;
}

export interface AuthRequest {
  id: string;
  clientId: string;
  redirectUri: string;
  state: string;
  codeChallenge: string;
  scopes: string[];
}

export interface AuthCode extends AuthRequest {
  code: string;
  expiresAt: number;
  used: boolean;
}

export interface AccessTokenRecord {
  token: string;
  clientId: string;
  sessionId: string;
  expiresAt: number;
  invalid: boolean; // revoked or forcibly expired
  /** The scopes granted to the sign-in (see grantedScopes in oidc.ts). */
  scopes: string[];
}

export interface RefreshTokenRecord {
  token: string;
  clientId: string;
  sessionId: string;
  invalid: boolean;
  scopes: string[];
}

/** How a set of AWS credentials came to be; decides what STS and the console allow with them. */
export type CredentialKind = 'iam-user' | 'sso-role' | 'assumed-role' | 'session-token' | 'federation-token';

export interface IssuedCredentials {
  kind: CredentialKind;
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string; // absent for long-term IAM user keys
  expiration?: number; // epoch ms; absent for long-term keys
  accountId: string;
  arn: string;
  userId: string;
  /** Role credentials obtained with role credentials (AWS caps these at one hour). */
  chained: boolean;
  mfaAuthenticated: boolean;
  user?: FakeIamUser; // the IAM user behind it, if any
}

export interface SigninTokenRecord {
  token: string;
  createdAt: number;
  accountId: string;
  arn: string;
}

export function emptyStats(): FakeStats {
  return {
    registrations: 0,
    deviceAuthorizations: 0,
    signIns: 0,
    tokens: { deviceCode: 0, authorizationCode: 0, refreshToken: 0 },
    portal: { total: 0, throttled: 0, failed: 0, byOperation: {}, throttledByOperation: {}, retryAfterSent: 0 },
    federation: { signinTokens: 0, logins: [], logouts: 0 },
    sts: {},
    faults: {},
    tokenCalls: 0,
    scopeRequests: { register: [], authorize: [], token: [] },
  };
}

/** Everything the fake knows. Route modules read and mutate it; nothing else holds state. */
export class FakeState {
  readonly config: FakeConfig;
  stats: FakeStats = emptyStats();
  readonly now: () => number;
  readonly startUrl: string;
  readonly region: string;
  readonly accounts: FakeAccount[];
  readonly iamUsers: FakeIamUser[];
  readonly assumableRoleArns: string[] | undefined;
  readonly rolesRequiringMfa: string[];
  readonly roleExternalIds: Record<string, string>;
  url = ''; // set once the server listens

  readonly clients = new Map<string, ClientRecord>();
  readonly devices = new Map<string, DeviceRecord>(); // by device code
  readonly authRequests = new Map<string, AuthRequest>();
  readonly authCodes = new Map<string, AuthCode>();
  readonly accessTokens = new Map<string, AccessTokenRecord>();
  readonly refreshTokens = new Map<string, RefreshTokenRecord>();
  readonly credentials = new Map<string, IssuedCredentials>(); // by access key id
  readonly signinTokens = new Map<string, SigninTokenRecord>();
  /** The console's session per browser (by its cookie). */
  readonly consoleBrowsers = new Map<string, ConsoleBrowser>();
  readonly throttle = new PortalThrottle();
  /** 429s answered so far: 'alternate' puts Retry-After on every other one. */
  throttledCount = 0;
  readonly failureRandom: () => number;
  /** Queued by failNextPortalCalls; a fault with an operation waits for a call of that operation. */
  pendingFaults: { fault: PortalFault; operation?: PortalOperation }[] = [];
  readonly randomFaults: RandomFaultPicker;
  private readonly secrets = new Set<string>();

  constructor(options: FakeAwsOptions) {
    this.now = options.now ?? Date.now;
    this.startUrl = options.startUrl ?? DEFAULT_START_URL;
    this.region = options.region ?? 'us-east-1';
    const seed = options.seed ?? 1;
    this.failureRandom = seededRandom(seed);
    this.randomFaults = new RandomFaultPicker(seed);
    this.randomFaults.configure(options.randomFaults);
    this.accounts = generateOrganisation(options.accounts ?? 3, options.rolesPerAccount ?? 2, seed);
    this.assumableRoleArns = options.assumableRoleArns;
    this.rolesRequiringMfa = options.rolesRequiringMfa ?? [];
    this.roleExternalIds = options.roleExternalIds ?? {};
    this.config = {
      portalRateLimit: options.portalRateLimit,
      latencyMs: options.latencyMs ?? 0,
      portalFailureRate: options.portalFailureRate ?? 0,
      autoApprove: options.autoApprove ?? false,
      accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 3600,
      roleCredentialsTtlSeconds: options.roleCredentialsTtlSeconds ?? 3600,
      deviceInterval: options.deviceInterval ?? 1,
      deviceCodeTtlSeconds: options.deviceCodeTtlSeconds ?? 600,
      clientRegistrationTtlSeconds: options.clientRegistrationTtlSeconds ?? 90 * 24 * 3600,
      strictRefreshRotation: options.strictRefreshRotation ?? false,
      portalBurst: options.portalBurst,
      portalOperationLimits: options.portalOperationLimits,
      portalRetryAfter: options.portalRetryAfter ?? 'never',
    };
    validateThrottleConfig(this.config);
    const defaultAccount = this.accounts[0]?.accountId ?? '111111111111';
    this.iamUsers = (options.iamUsers ?? []).map((u) => ({
      ...u,
      accountId: u.accountId ?? defaultAccount,
      mfaCode: u.mfaSerial ? (u.mfaCode ?? '123456') : u.mfaCode,
    }));
    for (const user of this.iamUsers) {
      this.secrets.add(user.secretAccessKey);
      this.credentials.set(user.accessKeyId, {
        kind: 'iam-user',
        accessKeyId: user.accessKeyId,
        secretAccessKey: user.secretAccessKey,
        accountId: user.accountId!,
        arn: `arn:aws:iam::${user.accountId}:user/${user.userName}`,
        userId: `AIDA${randomUpper(17)}`,
        chained: false,
        mfaAuthenticated: false,
        user,
      });
    }
  }

  /** A fresh random secret, remembered for `issuedSecrets()`. */
  secret(prefix: string, bytes: number): string {
    const value = prefix + randomToken(bytes);
    this.secrets.add(value);
    return value;
  }

  remember(value: string): string {
    this.secrets.add(value);
    return value;
  }

  issuedSecrets(): string[] {
    return [...this.secrets];
  }

  /** Issues temporary AWS credentials and records how they were obtained. */
  issueCredentials(fields: Omit<IssuedCredentials, 'accessKeyId' | 'secretAccessKey' | 'sessionToken'>): IssuedCredentials {
    const creds: IssuedCredentials = {
      ...fields,
      accessKeyId: `ASIA${randomUpper(16)}`,
      secretAccessKey: this.remember(randomSecretKey()),
      // Real session tokens are a few hundred characters; length matters for header/INI tests.
      sessionToken: this.secret('IQoJb3JpZ2luX2VjE', 240),
    };
    this.credentials.set(creds.accessKeyId, creds);
    return creds;
  }

  /** The mixed-fault mode's verdict for one call, counted in stats.faults. */
  randomFault(target: FaultTarget): FaultKind | undefined {
    const kind = this.randomFaults.pick(target);
    if (kind !== undefined) this.bump(this.stats.faults, `${target}:${kind}`);
    return kind;
  }

  bump(record: Record<string, number>, key: string): void {
    record[key] = (record[key] ?? 0) + 1;
  }
}

const RETRY_AFTER_MODES: RetryAfterMode[] = ['never', 'always', 'alternate'];

/** A typo in a throttle shape must fail loudly, not quietly throttle nothing. */
export function validateThrottleConfig(config: Pick<FakeConfig, 'portalBurst' | 'portalOperationLimits' | 'portalRetryAfter'>): void {
  const positive = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v > 0;
  if (config.portalBurst !== undefined && !(positive(config.portalBurst) && config.portalBurst >= 1))
    throw new Error('fake-aws: portalBurst must be at least 1');
  for (const [op, limit] of Object.entries(config.portalOperationLimits ?? {})) {
    if (!(PORTAL_OPERATIONS as readonly string[]).includes(op)) throw new Error(`fake-aws: portalOperationLimits names no portal operation "${op}"`);
    if (!limit || !positive(limit.rate) || (limit.burst !== undefined && !(positive(limit.burst) && limit.burst >= 1))) {
      throw new Error(`fake-aws: portalOperationLimits.${op} needs a positive rate and a burst of at least 1`);
    }
  }
  if (!RETRY_AFTER_MODES.includes(config.portalRetryAfter)) throw new Error(`fake-aws: portalRetryAfter must be one of ${RETRY_AFTER_MODES.join(', ')}`);
}

/** Start URLs compare without a trailing slash or `#/` (both appear in the wild). */
export function normaliseStartUrl(url: string): string {
  return url
    .trim()
    .replace(/\/?#\/?$/, '')
    .replace(/\/+$/, '');
}
