import { describe, expect, it } from 'vitest';
import {
  GetRoleCredentialsCommand,
  ListAccountRolesCommand,
  ListAccountsCommand,
  LogoutCommand,
  TooManyRequestsException,
  UnauthorizedException,
  paginateListAccounts,
} from '@aws-sdk/client-sso';
import { CreateTokenCommand } from '@aws-sdk/client-sso-oidc';
import { startFakeAws, type FakeAws, type FakeAwsOptions } from '../../../devkit/fake-aws/index';
import { oidcClient, rejectionOf, ssoClient } from './sdk-clients';
import { signInWithDeviceCode } from '../../../devkit/sign-in';
import { startFakeForTest } from '../../helpers/per-test';

let fake: FakeAws | undefined;
async function signedIn(options: FakeAwsOptions = {}) {
  fake = await startFakeForTest(options);
  const session = await signInWithDeviceCode(fake);
  return { fake, session, sso: ssoClient(fake), accessToken: session.accessToken };
}

describe('organisation', () => {
  it('is generated deterministically with readable names first', async () => {
    const a = await startFakeAws({ accounts: 5, rolesPerAccount: 3 });
    const b = await startFakeAws({ accounts: 5, rolesPerAccount: 3 });
    try {
      expect(a.accounts).toEqual(b.accounts);
      expect(a.accounts.map((x) => x.accountName)).toEqual(['production', 'staging', 'sandbox', 'acct-0004', 'acct-0005']);
      expect(a.accounts[0]!.roles).toEqual(['AdministratorAccess', 'ReadOnlyAccess', 'PowerUserAccess']);
      expect(new Set(a.accounts.map((x) => x.accountId)).size).toBe(5);
      for (const acct of a.accounts) {
        expect(acct.accountId).toMatch(/^\d{12}$/);
        expect(acct.emailAddress).toMatch(/@example\.com$/);
      }
      const other = await startFakeAws({ accounts: 5, seed: 99 });
      expect(other.accounts[0]!.accountId).not.toBe(a.accounts[0]!.accountId);
      await other.close();
    } finally {
      await a.close();
      await b.close();
    }
  });
});

describe('portal', () => {
  it('pages through 250 accounts (default page 20, max_result up to 100, a larger one refused)', async () => {
    const { fake, sso, accessToken } = await signedIn({ accounts: 250 });
    const pages: number[] = [];
    const ids: string[] = [];
    for await (const page of paginateListAccounts({ client: sso, pageSize: 100 }, { accessToken })) {
      pages.push(page.accountList!.length);
      ids.push(...page.accountList!.map((a) => a.accountId!));
    }
    expect(pages).toEqual([100, 100, 50]);
    expect(ids).toEqual(fake.accounts.map((a) => a.accountId));
    const first = await sso.send(new ListAccountsCommand({ accessToken }));
    expect(first.accountList).toHaveLength(20);
    expect(first.nextToken).toBeTruthy();
    // AWS refuses a page above 100 (since May 2026) instead of capping it.
    const tooBig = await rejectionOf(sso.send(new ListAccountsCommand({ accessToken, maxResults: 101 })));
    expect([tooBig.name, tooBig.$metadata?.httpStatusCode]).toEqual(['InvalidRequestException', 400]);
    expect(tooBig.message).toMatch(/less than or equal to 100/);
    expect((await sso.send(new ListAccountsCommand({ accessToken, maxResults: 100 }))).accountList).toHaveLength(100);
    expect(first.accountList![0]).toEqual({ accountId: fake.accounts[0]!.accountId, accountName: 'production', emailAddress: fake.accounts[0]!.emailAddress });
    expect(fake.stats().portal.byOperation.ListAccounts).toBe(6);
  });

  it('lists roles and issues role credentials with an expiration in epoch milliseconds', async () => {
    const { fake, sso, accessToken } = await signedIn({ rolesPerAccount: 3, roleCredentialsTtlSeconds: 900 });
    const account = fake.accounts[1]!;
    const roles = await sso.send(new ListAccountRolesCommand({ accessToken, accountId: account.accountId }));
    expect(roles.roleList).toEqual(account.roles.map((roleName) => ({ roleName, accountId: account.accountId })));
    const before = Date.now();
    const { roleCredentials } = await sso.send(new GetRoleCredentialsCommand({ accessToken, accountId: account.accountId, roleName: 'ReadOnlyAccess' }));
    expect(roleCredentials!.accessKeyId).toMatch(/^ASIA[A-Z0-9]{16}$/);
    expect(roleCredentials!.secretAccessKey).toHaveLength(40);
    expect(roleCredentials!.expiration).toBeGreaterThanOrEqual(before + 900_000 - 1000);
    expect(roleCredentials!.expiration).toBeLessThan(before + 900_000 + 5000);
    expect(fake.issuedSecrets()).toEqual(expect.arrayContaining([roleCredentials!.secretAccessKey, roleCredentials!.sessionToken, accessToken]));
  });

  it('answers 403 ForbiddenException for a role or account it does not know', async () => {
    const { fake, sso, accessToken } = await signedIn();
    const err = await rejectionOf(sso.send(new GetRoleCredentialsCommand({ accessToken, accountId: fake.accounts[0]!.accountId, roleName: 'Nope' })));
    expect(err.name).toBe('ForbiddenException');
    expect(err.$metadata?.httpStatusCode).toBe(403);
    const roles = await rejectionOf(sso.send(new ListAccountRolesCommand({ accessToken, accountId: '000000000000' })));
    expect(roles.name).toBe('ForbiddenException');
  });

  it('answers 401 UnauthorizedException for unknown, revoked and expired tokens', async () => {
    const { fake, sso, accessToken, session } = await signedIn();
    expect(await rejectionOf(sso.send(new ListAccountsCommand({ accessToken: 'nope' })))).toBeInstanceOf(UnauthorizedException);
    fake.expireAccessTokens();
    expect(await rejectionOf(sso.send(new ListAccountsCommand({ accessToken })))).toBeInstanceOf(UnauthorizedException);
    // …but the refresh token still works after an access-token expiry.
    const refreshed = await oidcClient(fake).send(
      new CreateTokenCommand({
        clientId: session.clientId,
        clientSecret: session.clientSecret,
        grantType: 'refresh_token',
        refreshToken: session.refreshToken,
      }),
    );
    await sso.send(new ListAccountsCommand({ accessToken: refreshed.accessToken }));
    fake.revokeAllTokens();
    const err = await rejectionOf(sso.send(new ListAccountsCommand({ accessToken: refreshed.accessToken })));
    expect(err).toBeInstanceOf(UnauthorizedException);
    expect(err.$metadata?.httpStatusCode).toBe(401);
  });

  it('honours the access token lifetime (on the injected clock)', async () => {
    let offset = 0;
    const { sso, accessToken, session } = await signedIn({ accessTokenTtlSeconds: 600, now: () => Date.now() + offset });
    expect(session.expiresIn).toBe(600);
    await sso.send(new ListAccountsCommand({ accessToken }));
    offset = 601_000;
    expect(await rejectionOf(sso.send(new ListAccountsCommand({ accessToken })))).toBeInstanceOf(UnauthorizedException);
  });

  it('logout revokes the session', async () => {
    const { fake, sso, accessToken, session } = await signedIn();
    await sso.send(new LogoutCommand({ accessToken }));
    expect(await rejectionOf(sso.send(new ListAccountsCommand({ accessToken })))).toBeInstanceOf(UnauthorizedException);
    const refresh = oidcClient(fake).send(
      new CreateTokenCommand({
        clientId: session.clientId,
        clientSecret: session.clientSecret,
        grantType: 'refresh_token',
        refreshToken: session.refreshToken,
      }),
    );
    expect((await rejectionOf(refresh)).name).toBe('InvalidGrantException');
  });

  it('throttles above the rate limit with TooManyRequestsException, without charging rejected calls', async () => {
    const { fake, sso, accessToken } = await signedIn({ portalRateLimit: 5 });
    const started = performance.now();
    const results = await Promise.allSettled(Array.from({ length: 12 }, () => sso.send(new ListAccountsCommand({ accessToken }))));
    const ok = results.filter((r) => r.status === 'fulfilled');
    const throttled = results.filter((r) => r.status === 'rejected');
    // Exactly the rate when the burst fits in one second; a loaded machine may spread it out.
    if (performance.now() - started < 900) expect(ok).toHaveLength(5);
    expect(ok.length).toBeGreaterThanOrEqual(5);
    expect(throttled.length).toBeGreaterThanOrEqual(2);
    for (const r of throttled) {
      const reason = (r as PromiseRejectedResult).reason as TooManyRequestsException;
      expect(reason).toBeInstanceOf(TooManyRequestsException);
      expect(reason.$metadata.httpStatusCode).toBe(429);
    }
    expect(fake.stats().portal).toMatchObject({ total: 12, throttled: throttled.length });
    await new Promise((r) => setTimeout(r, 1050));
    await Promise.all(Array.from({ length: 5 }, () => sso.send(new ListAccountsCommand({ accessToken }))));
    fake.configure({ portalRateLimit: undefined });
    await Promise.all(Array.from({ length: 20 }, () => sso.send(new ListAccountsCommand({ accessToken }))));
  });

  it('injects faults into the next calls', async () => {
    const { fake, sso, accessToken } = await signedIn();
    const list = () => sso.send(new ListAccountsCommand({ accessToken }));
    fake.failNextPortalCalls(1);
    const e500 = await rejectionOf(list());
    expect(e500.name).toBe('InternalServerException');
    expect(e500.$metadata?.httpStatusCode).toBe(500);
    fake.failNextPortalCalls(1, 429);
    expect(await rejectionOf(list())).toBeInstanceOf(TooManyRequestsException);
    fake.failNextPortalCalls(1, 'drop');
    expect(await rejectionOf(list())).toBeInstanceOf(Error);
    fake.failNextPortalCalls(1, 'malformed');
    expect(await rejectionOf(list())).toBeInstanceOf(Error);
    await list();
    expect(fake.stats().portal).toMatchObject({ total: 5, failed: 3, throttled: 1 });
    // The SDK's own retries get past a single transient failure.
    fake.failNextPortalCalls(1);
    await ssoClient(fake, 3).send(new ListAccountsCommand({ accessToken }));
  });

  it('fails a seeded, reproducible fraction of calls', async () => {
    const failures = async (seed: number) => {
      const { fake: f, sso, accessToken } = await signedIn({ portalFailureRate: 0.5, seed });
      const results = await Promise.allSettled(Array.from({ length: 40 }, () => sso.send(new ListAccountsCommand({ accessToken }))));
      const failedAt = results.flatMap((r, i) => (r.status === 'rejected' ? [i] : []));
      expect(f.stats().portal.failed).toBe(failedAt.length);
      await f.close();
      fake = undefined;
      return failedAt.length;
    };
    const a = await failures(7);
    expect(a).toBeGreaterThan(8);
    expect(a).toBeLessThan(32);
    expect(await failures(7)).toBe(a);
  });

  it('adds latency to portal responses', async () => {
    const { sso, accessToken } = await signedIn({ latencyMs: 150 });
    const started = performance.now();
    await sso.send(new ListAccountsCommand({ accessToken }));
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });
});

describe('RollingWindowLimiter', () => {
  it('allows at most the rate in any one-second window and does not charge refusals', async () => {
    const { RollingWindowLimiter } = await import('../../../devkit/fake-aws/throttle');
    let t = 0;
    const limiter = new RollingWindowLimiter(() => t);
    const burst = () => Array.from({ length: 10 }, () => limiter.tryAcquire(4)).filter(Boolean).length;
    expect(burst()).toBe(4);
    t = 999;
    expect(burst()).toBe(0); // still inside the window of the first four
    t = 1000;
    expect(burst()).toBe(4); // refusals at t=999 did not push the window out
    expect(limiter.tryAcquire(undefined)).toBe(true);
    t = 5000;
    expect(Array.from({ length: 10 }, () => limiter.tryAcquire(0.5)).filter(Boolean).length).toBe(1); // one per 2 s
  });
});
