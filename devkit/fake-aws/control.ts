import { PORTAL_OPERATIONS, type FakeAws, type FakeConfigUpdate, type PortalFault, type PortalOperation } from './types';
import { type RouteContext, jsonBody, sendJson } from './http-util';

// /_fake/… : the same controls as the TypeScript API, over HTTP, for child processes (a CLI
// test's fake browser, shell scripts). JSON in, JSON out.

const CONFIG_KEYS: (keyof FakeConfigUpdate)[] = [
  'portalRateLimit',
  'latencyMs',
  'portalFailureRate',
  'autoApprove',
  'accessTokenTtlSeconds',
  'roleCredentialsTtlSeconds',
  'deviceInterval',
  'deviceCodeTtlSeconds',
  'strictRefreshRotation',
  'randomFaults',
  'portalBurst',
  'portalOperationLimits',
  'portalRetryAfter',
];

export async function control(ctx: RouteContext, fake: FakeAws): Promise<void> {
  const { res, req, body } = ctx;
  const route = `${req.method} ${ctx.url.pathname.slice('/_fake'.length)}`;
  const input = jsonBody(body);
  const ok = (extra: Record<string, unknown> = {}) => sendJson(res, 200, { ok: true, ...extra });
  const fail = (status: number, message: string) => sendJson(res, status, { ok: false, message });
  switch (route) {
    case 'GET /stats':
      return sendJson(res, 200, fake.stats());
    case 'POST /reset-stats':
      fake.resetStats();
      return ok();
    case 'GET /info':
      return sendJson(res, 200, { url: fake.url, port: fake.port, startUrl: fake.startUrl, region: fake.region, env: fake.env, accounts: fake.accounts });
    case 'GET /pending':
      return sendJson(res, 200, { userCodes: fake.pendingUserCodes() });
    case 'GET /secrets':
      return sendJson(res, 200, { secrets: fake.issuedSecrets() });
    case 'POST /approve':
    case 'POST /deny': {
      const approve = route === 'POST /approve';
      // Without a userCode, every pending code is decided (a script need not parse output).
      const codes = typeof input.userCode === 'string' ? [input.userCode] : fake.pendingUserCodes();
      try {
        for (const code of codes) (approve ? fake.approveDevice : fake.denyDevice)(code);
      } catch (err) {
        return fail(404, (err as Error).message);
      }
      return ok({ userCodes: codes });
    }
    case 'POST /config': {
      const update: Record<string, unknown> = {};
      for (const key of CONFIG_KEYS) if (key in input) update[key] = input[key] ?? undefined;
      const unknown = Object.keys(input).filter((k) => !CONFIG_KEYS.includes(k as keyof FakeConfigUpdate));
      if (unknown.length) return fail(400, `unknown config keys: ${unknown.join(', ')}`);
      try {
        fake.configure(update as FakeConfigUpdate);
      } catch (err) {
        return fail(400, (err as Error).message);
      }
      return ok();
    }
    case 'POST /revoke':
      fake.revokeAllTokens();
      return ok();
    case 'POST /expire-access-tokens':
      fake.expireAccessTokens();
      return ok();
    case 'POST /expire-device-codes':
      fake.expireDeviceCodes();
      return ok();
    case 'POST /fail-next': {
      const n = typeof input.n === 'number' ? input.n : 1;
      const operation = input.operation as PortalOperation | undefined;
      if (operation !== undefined && !PORTAL_OPERATIONS.includes(operation)) return fail(400, `unknown portal operation ${String(operation)}`);
      fake.failNextPortalCalls(n, (input.status as PortalFault | undefined) ?? 500, operation);
      return ok();
    }
    default:
      return fail(404, `no control endpoint ${route}`);
  }
}
