import fs from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FakeAws } from '../../../../devkit/fake-aws/index';
import { signInWithDeviceCode } from '../../../../devkit/sign-in';
import { ManualClock } from '../../../../src/core/clock';
import { createContext } from '../../../../src/core/context';
import { SsoAuth } from '../../../../src/core/sso/sso-auth';
import { isoUtc, readCachedToken, tokenCachePath } from '../../../../src/core/sso/token-cache';
import { leakedSecrets, makeCtx, sessionFor, startFakeForTest, type TestCtx } from '../helpers';
import { latchkeyErrorOf } from '../../../helpers/errors';

let fake: FakeAws | undefined;
let t: TestCtx | undefined;

/** A signed-in session on a manual clock shared with the fake (so expiry is the same for both). */
async function signedIn() {
  const clock = new ManualClock(Date.now());
  fake = await startFakeForTest({ autoApprove: true, now: () => clock.now() });
  t = await makeCtx(fake, { clock });
  const auth = new SsoAuth(t.ctx);
  await auth.login(sessionFor(fake));
  const token = (await readCachedToken(t.ctx, 'work'))!;
  return { clock, fake, t, auth, token };
}

async function deadPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((r) => server.close(r));
  return port;
}

const errorOf = latchkeyErrorOf;

describe('access tokens and refresh', () => {
  it('returns the cached token while it is far from expiry, without a network call', async () => {
    const { auth, token, fake } = await signedIn();
    expect(await auth.getAccessToken(sessionFor(fake))).toBe(token.accessToken);
    expect(fake.stats().tokens.refreshToken).toBe(0);
  });

  it('refreshes within 5 minutes of expiry and writes the new token to the cache', async () => {
    const { auth, token, fake, clock, t } = await signedIn();
    await clock.advance(3600_000 - 4 * 60_000);
    const fresh = await auth.getAccessToken(sessionFor(fake));
    expect(fresh).not.toBe(token.accessToken);
    const cached = (await readCachedToken(t.ctx, 'work'))!;
    expect(cached.accessToken).toBe(fresh);
    expect(cached.expiresAt).toBe(isoUtc(clock.now() + 3600_000));
    expect(cached.refreshToken).toBeTruthy();
    expect(cached).toMatchObject({ clientId: token.clientId, clientSecret: token.clientSecret, registrationExpiresAt: token.registrationExpiresAt });
    expect(fake.stats().tokens.refreshToken).toBe(1);
    expect(fake.stats().signIns).toBe(1);
  });

  it('shares one refresh among concurrent callers', async () => {
    const { auth, fake, clock } = await signedIn();
    await clock.advance(3600_000 + 1000); // expired
    const tokens = await Promise.all(Array.from({ length: 10 }, () => auth.getAccessToken(sessionFor(fake))));
    expect(new Set(tokens).size).toBe(1);
    expect(fake.stats().tokens.refreshToken).toBe(1);
  });

  it('says NOT_SIGNED_IN once the refresh token is revoked, never loops and never starts a sign-in', async () => {
    const { auth, fake, clock, t } = await signedIn();
    fake.revokeAllTokens();
    await clock.advance(3600_000 + 1000);
    const first = await errorOf(auth.getAccessToken(sessionFor(fake)));
    expect(first.code).toBe('NOT_SIGNED_IN');
    expect(first.message).toMatch(/ended/);
    expect(first.cliHint).toBe('Run "latchkey login".');
    const second = await errorOf(auth.getAccessToken(sessionFor(fake)));
    expect(second.code).toBe('NOT_SIGNED_IN');
    // One failed refresh attempt in all: the dead refresh token was dropped from the cache, so
    // the second call asked nobody.
    expect(fake.stats().tokens.refreshToken).toBe(0);
    expect((await readCachedToken(t.ctx, 'work'))?.refreshToken).toBeUndefined();
    expect(t.lines.filter((l) => /can no longer be refreshed/.test(l))).toHaveLength(1);
    expect(fake.stats().signIns).toBe(1);
    expect(t.opened).toHaveLength(1);
    expect(await auth.status(sessionFor(fake))).toMatchObject({ signedIn: false, refreshable: false });
  });

  it('keeps using a still-valid token when the refresh endpoint cannot be reached', async () => {
    const { token, fake, clock, t } = await signedIn();
    const offline = createContext({ ...t.ctx, env: { AWS_ENDPOINT_URL_SSO_OIDC: `http://127.0.0.1:${await deadPort()}` } });
    const auth = new SsoAuth(offline);
    await clock.advance(3600_000 - 60_000);
    expect(await auth.getAccessToken(sessionFor(fake))).toBe(token.accessToken);
    expect(t.lines.join('\n')).toMatch(/refresh failed; using the still-valid token/);

    await clock.advance(120_000); // now expired: the network error is the honest answer
    const err = await errorOf(auth.getAccessToken(sessionFor(fake)));
    expect(err.code).toBe('NETWORK');
    expect(err.hint).toMatch(/connection or VPN/);
  });

  it('says NOT_SIGNED_IN with the login hint when there is no token', async () => {
    fake = await startFakeForTest();
    t = await makeCtx(fake);
    const err = await errorOf(new SsoAuth(t.ctx).getAccessToken(sessionFor(fake)));
    expect(err.code).toBe('NOT_SIGNED_IN');
    expect(err.cliHint).toBe('Run "latchkey login".');
    expect(fake.stats().registrations).toBe(0);
  });

  it('reports status', async () => {
    const { auth, fake, clock, token } = await signedIn();
    expect(await auth.status(sessionFor(fake))).toEqual({ signedIn: true, expiresAt: Date.parse(token.expiresAt), refreshable: true });
    await clock.advance(3600_000 + 1);
    expect(await auth.status(sessionFor(fake))).toMatchObject({ signedIn: true, refreshable: true });
    expect(await auth.status({ ...sessionFor(fake), name: 'other' })).toEqual({ signedIn: false, refreshable: false });
  });

  it('reuses the client registration across sign-ins', async () => {
    const { auth, fake } = await signedIn();
    await auth.login(sessionFor(fake));
    await auth.login(sessionFor(fake));
    expect(fake.stats()).toMatchObject({ registrations: 1, signIns: 3 });
  });

  it('uses and refreshes a token the AWS CLI wrote', async () => {
    fake = await startFakeForTest();
    t = await makeCtx(fake);
    const issued = await signInWithDeviceCode(fake);
    // botocore's format: seconds precision, and no refreshToken field order guarantees.
    const file = tokenCachePath(t.ctx, 'work');
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(
      file,
      JSON.stringify({
        startUrl: fake.startUrl,
        region: fake.region,
        accessToken: issued.accessToken,
        expiresAt: new Date(Date.now() + 60_000).toISOString().replace(/\.\d+Z$/, 'Z'),
        clientId: issued.clientId,
        clientSecret: issued.clientSecret,
        registrationExpiresAt: '2099-01-01T00:00:00Z',
        refreshToken: issued.refreshToken,
      }),
    );
    const auth = new SsoAuth(t.ctx);
    const fresh = await auth.getAccessToken(sessionFor(fake)); // within 5 min: refreshed with the CLI's client
    expect(fresh).not.toBe(issued.accessToken);
    expect(fake.stats().tokens.refreshToken).toBe(1);
    expect(await new SsoAuth(t.ctx, { refreshMarginMs: 0 }).getAccessToken(sessionFor(fake))).toBe(fresh);
  });

  it('ignores a cached token for another start URL', async () => {
    const { fake, t } = await signedIn();
    const other = { ...sessionFor(fake), startUrl: 'https://other.awsapps.com/start' };
    const err = await errorOf(new SsoAuth(t.ctx).getAccessToken(other));
    expect(err.code).toBe('NOT_SIGNED_IN');
  });

  it('logs out at the portal and removes the cached token', async () => {
    const { auth, fake, t } = await signedIn();
    await auth.logout(sessionFor(fake));
    expect(fake.stats().portal.byOperation.Logout).toBe(1);
    expect(await readCachedToken(t.ctx, 'work')).toBeUndefined();
    expect((await errorOf(auth.getAccessToken(sessionFor(fake)))).code).toBe('NOT_SIGNED_IN');
    // A second logout (nothing cached) is harmless.
    await auth.logout(sessionFor(fake));
    expect(leakedSecrets(fake, t.lines)).toEqual([]);
  });

  it('still removes the token when the portal cannot be reached', async () => {
    const { fake, t } = await signedIn();
    const offline = createContext({ ...t.ctx, env: { ...t.ctx.env, AWS_ENDPOINT_URL_SSO: `http://127.0.0.1:${await deadPort()}` } });
    await new SsoAuth(offline).logout(sessionFor(fake));
    expect(await readCachedToken(t.ctx, 'work')).toBeUndefined();
  });

  it('rejects a bad start URL or region before any network call', async () => {
    fake = await startFakeForTest();
    t = await makeCtx(fake);
    const auth = new SsoAuth(t.ctx);
    const http = await errorOf(auth.login({ name: 'x', startUrl: 'http://example.com/start', region: 'us-east-1' }));
    expect(http.code).toBe('BAD_INPUT');
    expect(http.hint).toMatch(/start URL/);
    const region = await errorOf(auth.login({ name: 'x', startUrl: fake.startUrl, region: 'Virginia' }));
    expect(region.code).toBe('BAD_INPUT');
    expect(fake.stats().registrations).toBe(0);
  });

  it('maps a start URL AWS does not know to BAD_INPUT', async () => {
    fake = await startFakeForTest();
    t = await makeCtx(fake);
    const unknown = { name: 'x', startUrl: 'https://nobody.awsapps.com/start', region: fake.region };
    const device = await errorOf(new SsoAuth(t.ctx).login(unknown, { flow: 'device' }));
    expect(device.code).toBe('BAD_INPUT');
    expect(device.hint).toMatch(/start URL/);
    const pkce = await errorOf(new SsoAuth(t.ctx).login(unknown)); // rejected at registration (issuerUrl)
    expect(pkce.code).toBe('BAD_INPUT');
    expect(t.opened).toEqual([]);
  });

  it('maps an unreachable endpoint to NETWORK', async () => {
    fake = await startFakeForTest();
    t = await makeCtx(fake);
    const offline = createContext({ ...t.ctx, env: { AWS_ENDPOINT_URL_SSO_OIDC: `http://127.0.0.1:${await deadPort()}` } });
    const err = await errorOf(new SsoAuth(offline).login(sessionFor(fake)));
    expect(err.code).toBe('NETWORK');
    expect(err.hint).toMatch(/connection or VPN/);
  });
});

describe('a token AWS rejected before its expiry', () => {
  it('is refreshed on the next call after invalidateAccessToken', async () => {
    const { auth, fake, token } = await signedIn();
    fake.expireAccessTokens(); // the portal would now answer 401
    await auth.invalidateAccessToken(sessionFor(fake), token.accessToken);
    const fresh = await auth.getAccessToken(sessionFor(fake));
    expect(fresh).not.toBe(token.accessToken);
    expect(fake.stats().tokens.refreshToken).toBe(1);
    // A stale report about the old token does not touch the new one.
    await auth.invalidateAccessToken(sessionFor(fake), token.accessToken);
    expect(await auth.getAccessToken(sessionFor(fake))).toBe(fresh);
  });

  it('becomes NOT_SIGNED_IN when it cannot be refreshed either', async () => {
    const { auth, fake, token } = await signedIn();
    fake.revokeAllTokens();
    await auth.invalidateAccessToken(sessionFor(fake), token.accessToken);
    expect((await errorOf(auth.getAccessToken(sessionFor(fake)))).code).toBe('NOT_SIGNED_IN');
  });

  it('forgets the client registration when AWS no longer knows the client', async () => {
    const { auth, fake, t, clock } = await signedIn();
    fake.expireClientRegistrations();
    await clock.advance(3600_000 + 1000);
    expect((await errorOf(auth.getAccessToken(sessionFor(fake)))).code).toBe('NOT_SIGNED_IN');
    await auth.login(sessionFor(fake)); // registers again instead of browsing with a dead client
    expect(fake.stats().registrations).toBe(2);
    expect(t.opened).toHaveLength(2);
  });
});
