import http from 'node:http';
import https from 'node:https';
import { GetRoleCredentialsCommand, ListAccountRolesCommand, ListAccountsCommand, LogoutCommand, SSOClient } from '@aws-sdk/client-sso';
import type { CoreContext } from '../context';
import { endpointFor } from '../context';
import { LatchkeyError, type ErrorCode } from '../errors';
import { redact, registerSecret } from '../redact';
import { SERVER_DATE_STEP, serverClock } from '../aws/server-clock';
import { logAwsCalls } from '../aws/sdk-call-log';
import type { Account, RoleCredentials } from '../types';

// The AWS access portal (portal.sso.{region}.amazonaws.com): accounts, roles and role
// credentials for a signed-in identity. Every AWS or network failure leaves here as a
// PortalError with a stable code and a `retryable` verdict, so callers decide about retries
// without looking at SDK internals.

export type TokenProvider = () => Promise<string>;

export interface PortalClientOptions {
  /** SDK-level attempts per call (default 3). The catalog sync uses 1 and retries itself. */
  maxAttempts?: number;
  /** Per-request timeout (default 15 s). */
  requestTimeoutMs?: number;
  /** Sockets kept per host; enough for the sync's concurrency (default 64). */
  maxSockets?: number;
}

/** Per-call options. */
export interface CallOptions {
  signal?: AbortSignal;
}

/** The page size AWS allows at most; fewer pages = fewer requests against the throttle. */
export const PORTAL_PAGE_SIZE = 100;

export class PortalError extends LatchkeyError {
  /** True when the same request may succeed later (throttling, 5xx, network, garbled answer). */
  readonly retryable: boolean;
  /** HTTP status when AWS answered, else undefined. */
  readonly status: number | undefined;
  /** How long AWS asked us to wait (its Retry-After), when it said. */
  readonly retryAfterMs: number | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    options: { retryable: boolean; status?: number; retryAfterMs?: number; hint?: string; cliHint?: string; cause?: unknown },
  ) {
    super(code, message, options);
    this.name = 'PortalError';
    this.retryable = options.retryable;
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** At most this much longer than our own back-off is spent obeying a Retry-After. */
const RETRY_AFTER_MAX_EXTRA_MS = 5_000;

/**
 * The wait before retrying after `err`: our back-off, stretched towards the server's
 * Retry-After but by at most 5 s more — the rule of the AWS SDKs (the JS SDK's
 * StandardRetryStrategy in @smithy/core; botocore's ExponentialBackoff in
 * botocore/retries/standard.py), so one odd header cannot stall a command for minutes.
 */
export function retryDelayMs(backoffMs: number, err: unknown): number {
  const hint = err instanceof PortalError ? err.retryAfterMs : undefined;
  return hint === undefined ? backoffMs : Math.max(backoffMs, Math.min(hint, backoffMs + RETRY_AFTER_MAX_EXTRA_MS));
}

/** Whether a failed portal call may succeed if tried again. */
export function isRetryable(err: unknown): boolean {
  return err instanceof PortalError && err.retryable;
}

export class PortalClient {
  private readonly client: SSOClient;

  /** region = the Identity Center region; token from the session's SsoAuth.getAccessToken. */
  constructor(
    private readonly ctx: CoreContext,
    readonly region: string,
    private readonly getToken: TokenProvider,
    options: PortalClientOptions = {},
  ) {
    const agentOptions = { keepAlive: true, maxSockets: options.maxSockets ?? 64 };
    this.client = new SSOClient({
      region,
      endpoint: endpointFor(ctx, 'SSO'),
      maxAttempts: options.maxAttempts ?? 3,
      requestHandler: {
        requestTimeout: options.requestTimeoutMs ?? 15_000,
        throwOnRequestTimeout: true,
        connectionTimeout: 10_000,
        httpAgent: new http.Agent(agentOptions),
        httpsAgent: new https.Agent(agentOptions),
      },
    });
    logAwsCalls(this.client, ctx.logger);
  }

  async listAccountsPage(nextToken?: string, options: CallOptions = {}): Promise<{ accounts: Account[]; nextToken?: string }> {
    const out = await this.call('ListAccounts', options, (accessToken, abortSignal) =>
      this.client.send(new ListAccountsCommand({ accessToken, maxResults: PORTAL_PAGE_SIZE, nextToken }), { abortSignal }),
    );
    if (!Array.isArray(out.accountList)) throw malformed('ListAccounts');
    const accounts = out.accountList.map((a): Account => {
      if (!a.accountId) throw malformed('ListAccounts');
      const account: Account = { accountId: a.accountId, accountName: a.accountName || a.accountId };
      if (a.emailAddress) account.emailAddress = a.emailAddress;
      return account;
    });
    return withNextToken({ accounts }, out.nextToken);
  }

  async listAccounts(options: CallOptions = {}): Promise<Account[]> {
    const all: Account[] = [];
    let token: string | undefined;
    do {
      const page = await this.listAccountsPage(token, options);
      all.push(...page.accounts);
      token = page.nextToken;
    } while (token);
    return all;
  }

  async listRolesPage(accountId: string, nextToken?: string, options: CallOptions = {}): Promise<{ roles: string[]; nextToken?: string }> {
    const out = await this.call('ListAccountRoles', options, (accessToken, abortSignal) =>
      this.client.send(new ListAccountRolesCommand({ accessToken, accountId, maxResults: PORTAL_PAGE_SIZE, nextToken }), { abortSignal }),
    );
    if (!Array.isArray(out.roleList)) throw malformed('ListAccountRoles');
    const roles = out.roleList.map((r) => {
      if (!r.roleName) throw malformed('ListAccountRoles');
      return r.roleName;
    });
    return withNextToken({ roles }, out.nextToken);
  }

  async listRoles(accountId: string, options: CallOptions = {}): Promise<string[]> {
    const all: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.listRolesPage(accountId, token, options);
      all.push(...page.roles);
      token = page.nextToken;
    } while (token);
    return all;
  }

  /** Short-lived credentials for a role; `expiration` is epoch milliseconds, as the portal sends it. */
  async getRoleCredentials(accountId: string, roleName: string, options: CallOptions = {}): Promise<RoleCredentials> {
    let awsClock: ReturnType<typeof serverClock> | undefined;
    const out = await this.call('GetRoleCredentials', options, (accessToken, abortSignal) => {
      const command = new GetRoleCredentialsCommand({ accessToken, accountId, roleName });
      awsClock = serverClock(this.ctx.clock, this.ctx.logger);
      command.middlewareStack.add(awsClock.middleware, SERVER_DATE_STEP);
      return this.client.send(command, { abortSignal });
    });
    const c = out.roleCredentials;
    registerSecret(c?.secretAccessKey);
    registerSecret(c?.sessionToken);
    if (!c?.accessKeyId || !c.secretAccessKey || !c.sessionToken || typeof c.expiration !== 'number') throw malformed('GetRoleCredentials');
    const expiration = awsClock ? awsClock.toLocal(c.expiration) : c.expiration;
    return { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey, sessionToken: c.sessionToken, expiration };
  }

  /** Ends the sign-in session at AWS (its access and refresh tokens stop working). */
  async logout(options: CallOptions = {}): Promise<void> {
    await this.call('Logout', options, (accessToken, abortSignal) => this.client.send(new LogoutCommand({ accessToken }), { abortSignal }));
  }

  /** Sends one command with a fresh token, turning every failure into a PortalError. */
  private async call<Out>(operation: string, options: CallOptions, send: (accessToken: string, abortSignal?: AbortSignal) => Promise<Out>): Promise<Out> {
    try {
      const accessToken = await this.getToken();
      registerSecret(accessToken);
      return await send(accessToken, options.signal);
    } catch (err) {
      const error = toPortalError(operation, err, options.signal);
      this.ctx.logger.debug('portal call failed', { operation, code: error.code, status: error.status, retryable: error.retryable });
      throw error;
    }
  }

  /** Closes the kept-alive sockets (the CLI exits sooner). */
  destroy(): void {
    this.client.destroy();
  }
}

function withNextToken<T extends object>(value: T, nextToken: string | undefined): T & { nextToken?: string } {
  return nextToken ? { ...value, nextToken } : value;
}

// What to do after a failure that is AWS's or the network's and usually passes by itself.
const TRY_AGAIN = 'Try again in a moment.';

function malformed(operation: string): PortalError {
  return new PortalError('AWS_ERROR', `The AWS access portal sent an unreadable answer to ${operation}.`, { retryable: true, hint: TRY_AGAIN });
}

const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ECONNABORTED',
  'UND_ERR_SOCKET',
]);

interface SdkErrorShape {
  name?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
  $response?: { headers?: Record<string, string | undefined> };
}

/** `Retry-After` (seconds, or an HTTP date) or `x-amz-retry-after` (milliseconds), as the SDKs read them. */
export function retryAfterFrom(headers: Record<string, string | undefined> | undefined, now = Date.now()): number | undefined {
  const amz = headers?.['x-amz-retry-after'];
  if (amz !== undefined && /^\d+$/.test(amz.trim())) return Number(amz);
  const value = headers?.['retry-after']?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Maps an SDK or network failure to a stable code. Messages are redacted: no token leaks. */
export function toPortalError(operation: string, err: unknown, signal?: AbortSignal): PortalError {
  if (err instanceof PortalError) return err;
  if (err instanceof LatchkeyError) {
    // From the token provider (e.g. NOT_SIGNED_IN): keep its code, never retry it here.
    return new PortalError(err.code, err.message, { retryable: false, hint: err.hint, cliHint: err.cliHint, cause: err });
  }
  const e = (err ?? {}) as SdkErrorShape;
  const name = e.name ?? '';
  const status = e.$metadata?.httpStatusCode;
  const detail = redact(e.message ?? String(err));
  const retryAfterMs = retryAfterFrom(e.$response?.headers);
  const opts = (retryable: boolean, hint?: string) => ({ retryable, status, hint, cause: err, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) });

  if (signal?.aborted || name === 'AbortError') {
    return new PortalError('CANCELLED', `${operation} was cancelled.`, opts(false));
  }
  if (name === 'UnauthorizedException' || status === 401) {
    return new PortalError('NOT_SIGNED_IN', 'The AWS access portal no longer accepts this sign-in.', opts(false, 'Sign in again.'));
  }
  if (name === 'TooManyRequestsException' || status === 429) {
    return new PortalError('THROTTLED', `AWS is throttling requests to the access portal (${operation}).`, opts(true, 'Wait a moment, then try again.'));
  }
  if (name === 'ForbiddenException' || status === 403) {
    return new PortalError('ACCESS_DENIED', `AWS refused ${operation} for this identity: ${detail}`, opts(false));
  }
  if (name === 'ResourceNotFoundException' || status === 404) {
    return new PortalError('NOT_FOUND', `AWS found no such resource for ${operation}: ${detail}`, opts(false));
  }
  if (status !== undefined && status >= 500) {
    return new PortalError('AWS_ERROR', `The AWS access portal failed (${status} ${name || 'error'}) on ${operation}.`, opts(true, TRY_AGAIN));
  }
  if (status !== undefined && status >= 400) {
    return new PortalError('AWS_ERROR', `AWS rejected ${operation} (${status} ${name}): ${detail}`, opts(false));
  }
  if (isNetworkError(e)) {
    return new PortalError(
      'NETWORK',
      `Could not reach the AWS access portal (${e.code ?? name}) for ${operation}.`,
      opts(true, 'Check the network connection, then try again.'),
    );
  }
  // A 2xx the SDK could not parse (truncated or garbled body) is worth another try.
  return new PortalError('AWS_ERROR', `The AWS access portal sent an unreadable answer to ${operation} (${detail.split('\n')[0]}).`, opts(true, TRY_AGAIN));
}

function isNetworkError(e: SdkErrorShape): boolean {
  if (e.code && NETWORK_CODES.has(e.code)) return true;
  if (e.name === 'TimeoutError' || e.name === 'RequestTimeout') return true;
  return /socket hang up|ECONNRESET|ECONNREFUSED|network/i.test(e.message ?? '');
}
