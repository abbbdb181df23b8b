import type { ServerResponse } from 'node:http';
import { type RouteContext, sendJson, sleep } from './http-util';
import type { AccessTokenRecord, FakeState } from './state';
import { slowDown } from './faults';
import type { PortalOperation } from './types';

// The SSO portal (restJson1, unsigned, bearer token in x-amz-sso_bearer_token). Every call
// passes the same gate — rate limit (shared or per operation, a rolling window or a token
// bucket, 429s with or without Retry-After), injected faults, random failures, latency — so
// tests and benchmarks see the behaviours that make real syncs slow or fail.

export type { PortalOperation } from './types';

const DEFAULT_PAGE = 20; // the SDK sends no max_result unless asked; a small default forces paging
const MAX_PAGE = 100;

function portalError(res: ServerResponse, status: number, name: string, message: string, headers: Record<string, string> = {}): void {
  sendJson(res, status, { message }, { 'x-amzn-errortype': name, ...headers });
}

/** `Retry-After` for this 429 per `portalRetryAfter`: whole seconds (HTTP's delay-seconds),
 * rounded up so a client that honours it is never early; undefined = no header. */
function retryAfterHeader(state: FakeState, waitMs: number): string | undefined {
  const mode = state.config.portalRetryAfter;
  const nth = state.throttledCount++;
  if (mode === 'never' || (mode === 'alternate' && nth % 2 === 1)) return undefined;
  return String(Math.max(1, Math.ceil(waitMs / 1000)));
}

/** Runs the gate; true when the operation may proceed (the response is otherwise sent). */
async function gate({ res, state }: RouteContext, op: PortalOperation): Promise<boolean> {
  const { stats, config } = state;
  stats.portal.total++;
  state.bump(stats.portal.byOperation, op);
  // Decide at arrival (that is when load counts), answer after the latency.
  const shared =
    config.portalRateLimit === undefined
      ? undefined
      : { rate: config.portalRateLimit, ...(config.portalBurst === undefined ? {} : { burst: config.portalBurst }) };
  const verdict = state.throttle.decide(op, shared, config.portalOperationLimits);
  const allowed = verdict.allowed;
  const queuedAt = allowed ? state.pendingFaults.findIndex((f) => f.operation === undefined || f.operation === op) : -1;
  const queued = queuedAt >= 0 ? state.pendingFaults.splice(queuedAt, 1)[0]!.fault : undefined;
  // The mixed-fault mode draws only when nothing was queued: queued faults stay exact.
  const mixed = allowed && queued === undefined ? state.randomFault('portal') : undefined;
  if (mixed === 'slow') await slowDown(state.randomFaults.current);
  const fault = queued ?? (mixed === 'slow' ? undefined : mixed);
  const randomFailure = allowed && fault === undefined && config.portalFailureRate > 0 && state.failureRandom() < config.portalFailureRate;
  if (config.latencyMs > 0) await sleep(config.latencyMs);
  if (!allowed || fault === 429) {
    stats.portal.throttled++;
    state.bump(stats.portal.throttledByOperation, op);
    const retryAfter = retryAfterHeader(state, verdict.allowed ? 1000 : verdict.retryAfterMs);
    if (retryAfter) stats.portal.retryAfterSent++;
    portalError(res, 429, 'TooManyRequestsException', 'Rate exceeded', retryAfter ? { 'retry-after': retryAfter } : {});
    return false;
  }
  if (fault === 'drop') {
    stats.portal.failed++;
    res.socket?.destroy();
    return false;
  }
  if (fault === 'malformed') {
    stats.portal.failed++;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"accountList": [ {"accountId": ');
    return false;
  }
  if (fault === 500 || randomFailure) {
    stats.portal.failed++;
    portalError(res, 500, 'InternalServerException', 'An internal error occurred');
    return false;
  }
  return true;
}

function bearer(ctx: RouteContext): AccessTokenRecord | undefined {
  const header = ctx.req.headers['x-amz-sso_bearer_token'];
  const token = ctx.state.accessTokens.get(typeof header === 'string' ? header : '');
  if (!token || token.invalid || token.expiresAt <= ctx.state.now()) {
    portalError(ctx.res, 401, 'UnauthorizedException', 'Session token not found or invalid');
    return undefined;
  }
  return token;
}

/** Offset-based paging behind an opaque token, validated like AWS does (a bad token is a 400). */
function page<T>(ctx: RouteContext, items: T[]): { items: T[]; nextToken?: string } | undefined {
  const q = ctx.url.searchParams;
  const max = q.get('max_result');
  const size = max === null ? DEFAULT_PAGE : Number(max);
  if (!Number.isInteger(size) || size < 1) {
    portalError(ctx.res, 400, 'InvalidRequestException', 'max_result must be a positive integer');
    return undefined;
  }
  // AWS refuses a larger page outright (since May 2026) rather than capping it.
  if (size > MAX_PAGE) {
    portalError(
      ctx.res,
      400,
      'InvalidRequestException',
      `Value '${size}' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to ${MAX_PAGE}`,
    );
    return undefined;
  }
  let offset = 0;
  const next = q.get('next_token');
  if (next !== null) {
    const decoded = /^p(\d+)$/.exec(Buffer.from(next, 'base64url').toString('utf8'));
    if (!decoded) {
      portalError(ctx.res, 400, 'InvalidRequestException', 'Invalid next_token');
      return undefined;
    }
    offset = Number(decoded[1]);
  }
  const end = offset + size;
  const out: { items: T[]; nextToken?: string } = { items: items.slice(offset, end) };
  if (end < items.length) out.nextToken = Buffer.from(`p${end}`).toString('base64url');
  return out;
}

function noAccess(res: ServerResponse): void {
  // What AWS answers for an account or role this identity cannot use (not a modeled error).
  portalError(res, 403, 'ForbiddenException', 'No access');
}

export async function portal(ctx: RouteContext, op: PortalOperation): Promise<void> {
  if (!(await gate(ctx, op))) return;
  const token = bearer(ctx);
  if (!token) return;
  const { state, res, url } = ctx;
  const q = url.searchParams;
  switch (op) {
    case 'ListAccounts': {
      const result = page(ctx, state.accounts);
      if (!result) return;
      const accountList = result.items.map(({ accountId, accountName, emailAddress }) => ({ accountId, accountName, emailAddress }));
      return sendJson(res, 200, { accountList, ...(result.nextToken ? { nextToken: result.nextToken } : {}) });
    }
    case 'ListAccountRoles': {
      const account = state.accounts.find((a) => a.accountId === q.get('account_id'));
      if (!q.get('account_id')) return portalError(res, 400, 'InvalidRequestException', 'account_id is required');
      if (!account) return noAccess(res);
      const result = page(ctx, account.roles);
      if (!result) return;
      const roleList = result.items.map((roleName) => ({ roleName, accountId: account.accountId }));
      return sendJson(res, 200, { roleList, ...(result.nextToken ? { nextToken: result.nextToken } : {}) });
    }
    case 'GetRoleCredentials': {
      const accountId = q.get('account_id');
      const roleName = q.get('role_name');
      if (!accountId || !roleName) return portalError(res, 400, 'InvalidRequestException', 'account_id and role_name are required');
      const account = state.accounts.find((a) => a.accountId === accountId);
      if (!account || !account.roles.includes(roleName)) return noAccess(res);
      const creds = state.issueCredentials({
        kind: 'sso-role',
        expiration: state.now() + state.config.roleCredentialsTtlSeconds * 1000,
        accountId,
        arn: `arn:aws:sts::${accountId}:assumed-role/AWSReservedSSO_${roleName}_0123456789abcdef/fake.user@example.com`,
        userId: `AROA${accountId}:fake.user@example.com`,
        chained: false,
        mfaAuthenticated: true,
      });
      return sendJson(res, 200, {
        roleCredentials: {
          accessKeyId: creds.accessKeyId,
          secretAccessKey: creds.secretAccessKey,
          sessionToken: creds.sessionToken,
          expiration: creds.expiration, // epoch milliseconds, as the portal does
        },
      });
    }
    case 'Logout': {
      // Logout ends the whole sign-in session: its access and refresh tokens.
      revokeSession(state, token.sessionId);
      res.writeHead(200, { 'content-length': 0 });
      return void res.end();
    }
  }
}

export function revokeSession(state: FakeState, sessionId: string): void {
  for (const t of state.accessTokens.values()) if (t.sessionId === sessionId) t.invalid = true;
  for (const t of state.refreshTokens.values()) if (t.sessionId === sessionId) t.invalid = true;
}
