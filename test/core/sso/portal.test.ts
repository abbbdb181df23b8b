import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createContext } from '../../../src/core/context';
import { isLatchkeyError, LatchkeyError } from '../../../src/core/errors';
import { redact } from '../../../src/core/redact';
import { isRetryable, PortalClient, PortalError, retryAfterFrom, retryDelayMs } from '../../../src/core/sso/portal';
import { startFakeAws, type FakeAws } from '../../../devkit/fake-aws/index';
import { signInWithDeviceCode } from '../../../devkit/sign-in';
import { latchkeyErrorOf } from '../../helpers/errors';

const failureOf = (p: Promise<unknown>) => latchkeyErrorOf(p, PortalError);

let fake: FakeAws;
let token: string;

function portalFor(options: { maxAttempts?: number; getToken?: () => Promise<string> } = {}): PortalClient {
  const ctx = createContext({ env: fake.env, homedir: '/nonexistent' });
  return new PortalClient(ctx, fake.region, options.getToken ?? (async () => token), { maxAttempts: options.maxAttempts ?? 1 });
}

function expectNoSecretIn(err: Error): void {
  const text = `${err.message} ${(err as LatchkeyError).hint ?? ''} ${JSON.stringify(err)}`;
  for (const secret of fake.issuedSecrets()) expect(text).not.toContain(secret);
}

beforeAll(async () => {
  fake = await startFakeAws({ accounts: 250, rolesPerAccount: 3 });
});
afterAll(() => fake.close());
beforeEach(async () => {
  fake.configure({ portalRateLimit: undefined, portalBurst: undefined, portalRetryAfter: 'never', latencyMs: 0, portalFailureRate: 0 });
  token = (await signInWithDeviceCode(fake)).accessToken;
  fake.resetStats();
});

describe('PortalClient', () => {
  it('pages through 250 accounts, 100 at a time, and lists the roles of each', async () => {
    const portal = portalFor();
    const first = await portal.listAccountsPage();
    expect(first.accounts).toHaveLength(100);
    expect(first.nextToken).toBeTruthy();
    const accounts = await portal.listAccounts();
    expect(accounts.map((a) => a.accountId)).toEqual(fake.accounts.map((a) => a.accountId));
    expect(accounts[0]).toEqual({
      accountId: fake.accounts[0]!.accountId,
      accountName: fake.accounts[0]!.accountName,
      emailAddress: fake.accounts[0]!.emailAddress,
    });
    expect(fake.stats().portal.byOperation.ListAccounts).toBe(4); // 1 + 3 pages of 100/100/50
    for (const account of fake.accounts.slice(0, 5)) expect(await portal.listRoles(account.accountId)).toEqual(account.roles);
  });

  it('follows role pages', async () => {
    const many = await startFakeAws({ accounts: 1, rolesPerAccount: 130 });
    try {
      const t = (await signInWithDeviceCode(many)).accessToken;
      const portal = new PortalClient(createContext({ env: many.env }), many.region, async () => t, { maxAttempts: 1 });
      const page = await portal.listRolesPage(many.accounts[0]!.accountId);
      expect(page.roles).toHaveLength(100);
      expect(await portal.listRoles(many.accounts[0]!.accountId)).toEqual(many.accounts[0]!.roles);
    } finally {
      await many.close();
    }
  });

  it('returns role credentials with the expiration in epoch milliseconds, registered as secrets', async () => {
    fake.configure({ roleCredentialsTtlSeconds: 3600 });
    const account = fake.accounts[1]!;
    const before = Date.now();
    const creds = await portalFor().getRoleCredentials(account.accountId, account.roles[0]!);
    expect(creds.accessKeyId).toMatch(/^ASIA/);
    expect(creds.expiration).toBeGreaterThan(before + 3500_000);
    expect(creds.expiration).toBeLessThan(before + 3700_000);
    expect(redact(`key ${creds.secretAccessKey} token ${creds.sessionToken}`)).not.toContain(creds.secretAccessKey);
    expect(redact(creds.sessionToken)).not.toContain(creds.sessionToken);
  });

  it('keeps the wait AWS asks for in a 429’s Retry-After, and none when it asks for none', async () => {
    fake.configure({ portalRateLimit: 0.25, portalBurst: 1, portalRetryAfter: 'always' });
    const portal = portalFor();
    await portal.listAccountsPage();
    const asked = await failureOf(portal.listAccountsPage());
    expect(asked.code).toBe('THROTTLED');
    expect([3000, 4000]).toContain(asked.retryAfterMs); // one call per 4 s, in whole seconds
    fake.configure({ portalRetryAfter: 'never' });
    const silent = await failureOf(portal.listAccountsPage());
    expect([silent.code, silent.retryAfterMs]).toEqual(['THROTTLED', undefined]);
  });

  it('reads Retry-After as the AWS SDKs do, and waits for it at most 5 s beyond its own back-off', () => {
    const now = Date.UTC(2026, 10, 23, 12, 0, 0);
    expect(retryAfterFrom({ 'retry-after': '3' }, now)).toBe(3000);
    expect(retryAfterFrom({ 'retry-after': '0.5' }, now)).toBe(500);
    expect(retryAfterFrom({ 'retry-after': 'Mon, 23 Nov 2026 12:00:07 GMT' }, now)).toBe(7000);
    expect(retryAfterFrom({ 'x-amz-retry-after': '1500' }, now)).toBe(1500);
    expect(retryAfterFrom({ 'retry-after': 'soon' }, now)).toBeUndefined();
    expect(retryAfterFrom({}, now)).toBeUndefined();
    const told = (ms: number) => new PortalError('THROTTLED', 'throttled', { retryable: true, retryAfterMs: ms });
    expect(retryDelayMs(800, told(3000))).toBe(3000); // longer than our back-off: wait as told
    expect(retryDelayMs(800, told(100))).toBe(800); // shorter: our back-off stands
    expect(retryDelayMs(800, told(60_000))).toBe(5800); // far longer: at most 5 s more
    expect(retryDelayMs(800, new Error('no hint'))).toBe(800);
  });

  it('maps AWS answers to stable codes', async () => {
    const portal = portalFor();
    fake.failNextPortalCalls(1, 429);
    const throttled = await failureOf(portal.listAccountsPage());
    expect([throttled.code, isRetryable(throttled)]).toEqual(['THROTTLED', true]);

    fake.failNextPortalCalls(1, 500);
    const serverError = await failureOf(portal.listAccountsPage());
    expect([serverError.code, isRetryable(serverError), serverError.status]).toEqual(['AWS_ERROR', true, 500]);
    expect(serverError.cause).toBeDefined();

    fake.failNextPortalCalls(1, 'drop');
    const dropped = await failureOf(portal.listAccountsPage());
    expect([dropped.code, isRetryable(dropped)]).toEqual(['NETWORK', true]);

    fake.failNextPortalCalls(1, 'malformed');
    const garbled = await failureOf(portal.listAccountsPage());
    expect([garbled.code, isRetryable(garbled)]).toEqual(['AWS_ERROR', true]);

    const denied = await failureOf(portal.listRoles('000000000000'));
    expect([denied.code, isRetryable(denied)]).toEqual(['ACCESS_DENIED', false]);
    const noRole = await failureOf(portal.getRoleCredentials(fake.accounts[0]!.accountId, 'NoSuchRole'));
    expect(noRole.code).toBe('ACCESS_DENIED');

    for (const err of [throttled, serverError, dropped, garbled, denied]) expectNoSecretIn(err);
  });

  it('says NOT_SIGNED_IN for a revoked token, without leaking it', async () => {
    fake.revokeAllTokens();
    const err = await failureOf(portalFor().listAccountsPage());
    expect([err.code, isRetryable(err)]).toEqual(['NOT_SIGNED_IN', false]);
    expect(isLatchkeyError(err, 'NOT_SIGNED_IN')).toBe(true);
    expectNoSecretIn(err);
  });

  it('keeps the code of a token provider failure', async () => {
    const portal = portalFor({ getToken: async () => Promise.reject(new LatchkeyError('NOT_SIGNED_IN', 'No sign-in.')) });
    const err = await failureOf(portal.listAccounts());
    expect([err.code, isRetryable(err)]).toEqual(['NOT_SIGNED_IN', false]);
    expect(fake.stats().portal.total).toBe(0);
  });

  it('says NETWORK when the portal cannot be reached', async () => {
    const ctx = createContext({ env: { AWS_ENDPOINT_URL_SSO: 'http://127.0.0.1:9' } });
    const err = await failureOf(new PortalClient(ctx, 'us-east-1', async () => token, { maxAttempts: 1 }).listAccounts());
    expect([err.code, isRetryable(err)]).toEqual(['NETWORK', true]);
  });

  it('stops at once when the call is aborted', async () => {
    fake.configure({ latencyMs: 5000 });
    const controller = new AbortController();
    const started = Date.now();
    const pending = portalFor().listAccountsPage(undefined, { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    const err = await failureOf(pending);
    expect(err.code).toBe('CANCELLED');
    // Well before the 5 s answer would have come: the abort ended it, not the response.
    expect(Date.now() - started).toBeLessThan(4000);
  });

  it('logs out: the token stops working', async () => {
    const portal = portalFor();
    await portal.logout();
    expect((await failureOf(portal.listAccountsPage())).code).toBe('NOT_SIGNED_IN');
  });
});
