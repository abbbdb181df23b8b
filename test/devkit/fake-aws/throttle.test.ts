import { describe, expect, it } from 'vitest';
import { GetRoleCredentialsCommand, ListAccountsCommand, TooManyRequestsException } from '@aws-sdk/client-sso';
import { startFakeAws, type FakeAws, type FakeAwsOptions } from '../../../devkit/fake-aws/index';
import { TokenBucket } from '../../../devkit/fake-aws/throttle';
import { rejectionOf, ssoClient } from './sdk-clients';
import { signInWithDeviceCode } from '../../../devkit/sign-in';
import { startFakeForTest } from '../../helpers/per-test';

// The portal throttles the way AWS front ends do: a token bucket with small bursts, budgets per
// operation, and 429s that sometimes say when to come back.

let fake: FakeAws | undefined;
async function signedIn(options: FakeAwsOptions) {
  fake = await startFakeForTest(options);
  const { accessToken } = await signInWithDeviceCode(fake);
  return { fake, sso: ssoClient(fake), accessToken };
}

/** Raw HTTP, so a test sees the headers the SDK would read. */
async function listAccountsRaw(f: FakeAws, accessToken: string): Promise<Response> {
  const res = await fetch(`${f.url}/assignment/accounts`, { headers: { 'x-amz-sso_bearer_token': accessToken } });
  await res.arrayBuffer();
  return res;
}

describe('TokenBucket', () => {
  it('starts full, lets a burst of its size through, then one request per 1/rate seconds; refusals cost nothing', () => {
    let t = 0;
    const bucket = new TokenBucket(() => t);
    const burst = (n: number) => Array.from({ length: n }, () => bucket.decide(10, 3).allowed).filter(Boolean).length;
    expect(burst(8)).toBe(3);
    const refused = bucket.decide(10, 3);
    expect(refused).toEqual({ allowed: false, retryAfterMs: 100 });
    t = 100;
    expect(burst(5)).toBe(1);
    t = 60_000; // a long quiet spell refills it only to its size
    expect(burst(8)).toBe(3);
  });
});

describe('the portal throttle', () => {
  it('refuses all but a burst of requests sent together, with TooManyRequestsException', async () => {
    const { fake, sso, accessToken } = await signedIn({ portalRateLimit: 1, portalBurst: 3 });
    const started = performance.now();
    const results = await Promise.allSettled(Array.from({ length: 8 }, () => sso.send(new ListAccountsCommand({ accessToken }))));
    const ok = results.filter((r) => r.status === 'fulfilled').length;
    // Exactly the burst when the eight arrive within a second; a loaded machine may refill one.
    if (performance.now() - started < 900) expect(ok).toBe(3);
    expect(ok).toBeGreaterThanOrEqual(3);
    expect(ok).toBeLessThan(8);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(TooManyRequestsException);
    expect(fake.stats().portal).toMatchObject({ total: 8, throttled: 8 - ok, throttledByOperation: { ListAccounts: 8 - ok } });
  });

  it('meters GetRoleCredentials on its own budget, apart from the listings', async () => {
    const { fake, sso, accessToken } = await signedIn({
      portalRateLimit: 0.5,
      portalBurst: 1,
      portalOperationLimits: { GetRoleCredentials: { rate: 0.5, burst: 3 } },
    });
    await sso.send(new ListAccountsCommand({ accessToken }));
    expect(await rejectionOf(sso.send(new ListAccountsCommand({ accessToken })))).toBeInstanceOf(TooManyRequestsException);
    // The listings' budget is spent; the credentials' is whole.
    const account = fake.accounts[0]!;
    const get = () => sso.send(new GetRoleCredentialsCommand({ accessToken, accountId: account.accountId, roleName: account.roles[0]! }));
    const creds = await Promise.all([get(), get(), get()]);
    for (const c of creds) expect(c.roleCredentials?.accessKeyId).toMatch(/^ASIA/);
    expect(await rejectionOf(get())).toBeInstanceOf(TooManyRequestsException);
    expect(fake.stats().portal.throttledByOperation).toEqual({ ListAccounts: 1, GetRoleCredentials: 1 });
  });

  it('answers 429 with Retry-After (whole seconds until the budget has room), without, or every other time', async () => {
    const { fake, accessToken } = await signedIn({ portalRateLimit: 0.25, portalBurst: 1, portalRetryAfter: 'always' });
    expect((await listAccountsRaw(fake, accessToken)).status).toBe(200);
    const always = await Promise.all([listAccountsRaw(fake, accessToken), listAccountsRaw(fake, accessToken)]);
    for (const res of always) {
      expect(res.status).toBe(429);
      expect(res.headers.get('x-amzn-errortype')).toBe('TooManyRequestsException');
      // One token per 4 s: the next one is 3 to 4 s away, rounded up.
      expect(['3', '4']).toContain(res.headers.get('retry-after'));
    }
    fake.configure({ portalRetryAfter: 'never' });
    const never = await listAccountsRaw(fake, accessToken);
    expect([never.status, never.headers.get('retry-after')]).toEqual([429, null]);
    fake.configure({ portalRetryAfter: 'alternate' });
    const alternate = [];
    for (let i = 0; i < 4; i++) alternate.push((await listAccountsRaw(fake, accessToken)).headers.get('retry-after') !== null);
    expect(alternate.filter(Boolean)).toHaveLength(2);
    expect(alternate[0]).not.toBe(alternate[1]);
    expect(fake.stats().portal.retryAfterSent).toBe(4);
  });

  it('refuses a throttle shape it cannot apply, over HTTP too, and changes nothing then', async () => {
    fake = await startFakeForTest({ portalRateLimit: 5 });
    expect(() => fake!.configure({ portalBurst: 0 })).toThrow(/portalBurst/);
    expect(() => fake!.configure({ portalOperationLimits: { GetRoleCredentials: { rate: -1 } } })).toThrow(/GetRoleCredentials/);
    expect(() => fake!.configure({ portalOperationLimits: { ListRoles: { rate: 1 } } as never })).toThrow(/ListRoles/);
    expect(() => fake!.configure({ portalRetryAfter: 'sometimes' as never })).toThrow(/portalRetryAfter/);
    await expect(startFakeAws({ portalBurst: 0.5 })).rejects.toThrow(/portalBurst/);
    const res = await fetch(`${fake.url}/_fake/config`, { method: 'POST', body: JSON.stringify({ portalRateLimit: 1, portalBurst: -3 }) });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toMatch(/portalBurst/);
    // Still 5 a second, not 1: five calls at once all pass the throttle (and meet the sign-in check).
    const statuses = await Promise.all(Array.from({ length: 5 }, () => listAccountsRaw(fake!, 'no-token').then((r) => r.status)));
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    const ok = await fetch(`${fake.url}/_fake/config`, {
      method: 'POST',
      body: JSON.stringify({ portalBurst: 2, portalOperationLimits: { GetRoleCredentials: { rate: 3, burst: 1 } }, portalRetryAfter: 'alternate' }),
    });
    expect(ok.status).toBe(200);
  });
});
