import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  AccessDeniedException,
  AuthorizationPendingException,
  CreateTokenCommand,
  ExpiredTokenException,
  InvalidClientException,
  InvalidGrantException,
  InvalidRequestException,
  RegisterClientCommand,
  SlowDownException,
  StartDeviceAuthorizationCommand,
} from '@aws-sdk/client-sso-oidc';
import { browse, startFakeAws, type FakeAws } from '../../../devkit/fake-aws/index';
import { DEVICE_GRANT, oidcClient, registerDeviceClient, rejectionOf } from './sdk-clients';
import { signInWithDeviceCode } from '../../../devkit/sign-in';

let fake: FakeAws;
beforeEach(async () => {
  fake = await startFakeAws({ deviceInterval: 0.2 });
});
afterEach(async () => {
  await fake.close();
});

describe('client registration', () => {
  it('registers for about 90 days', async () => {
    const { registration } = await registerDeviceClient(fake);
    const now = Date.now() / 1000;
    expect(registration.clientIdIssuedAt).toBeGreaterThan(now - 5);
    expect(registration.clientSecretExpiresAt! - registration.clientIdIssuedAt!).toBe(90 * 24 * 3600);
    expect(fake.issuedSecrets()).toContain(registration.clientSecret);
    expect(fake.stats().registrations).toBe(1);
  });

  it('rejects an issuer URL other than the start URL', async () => {
    const err = await rejectionOf(
      oidcClient(fake).send(
        new RegisterClientCommand({
          clientName: 'x',
          clientType: 'public',
          issuerUrl: 'https://d-other.awsapps.com/start',
          grantTypes: ['authorization_code', 'refresh_token'],
          redirectUris: ['http://127.0.0.1/oauth/callback'],
        }),
      ),
    );
    expect(err).toBeInstanceOf(InvalidRequestException);
  });
});

describe('device code flow', () => {
  async function start(scopes?: string[]) {
    const oidc = oidcClient(fake);
    const client = await registerDeviceClient(fake, scopes);
    const device = await oidc.send(new StartDeviceAuthorizationCommand({ ...client, startUrl: fake.startUrl }));
    const poll = () => oidc.send(new CreateTokenCommand({ ...client, grantType: DEVICE_GRANT, deviceCode: device.deviceCode }));
    return { device, poll };
  }
  const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

  it('is pending until approved, then issues tokens', async () => {
    const { device, poll } = await start();
    expect(device.userCode).toMatch(/^[A-Z]{4}-[A-Z]{4}$/);
    expect(device.verificationUri).toBe(`${fake.url}/device`);
    expect(device.verificationUriComplete).toBe(`${fake.url}/device?user_code=${device.userCode}`);
    expect(device.expiresIn).toBe(600);
    expect(device.interval).toBe(0.2);
    const pending = await rejectionOf(poll());
    expect(pending).toBeInstanceOf(AuthorizationPendingException);
    expect(pending.error).toBe('authorization_pending');
    expect(fake.pendingUserCodes()).toEqual([device.userCode]);
    fake.approveDevice(device.userCode!);
    const token = await poll();
    expect(token).toMatchObject({ tokenType: 'Bearer', expiresIn: 3600 });
    expect(token.accessToken).toBeTruthy();
    expect(token.refreshToken).toBeTruthy();
    expect(fake.stats()).toMatchObject({ deviceAuthorizations: 1, signIns: 1, tokens: { deviceCode: 1 } });
    // A device code is good for one token only.
    expect(await rejectionOf(poll())).toBeInstanceOf(InvalidGrantException);
  });

  it('returns no refresh token when the client registered without sso:account:access', async () => {
    const { device, poll } = await start([]);
    fake.approveDevice(device.userCode!);
    expect((await poll()).refreshToken).toBeUndefined();
  });

  it('says slow down when polled faster than the interval', async () => {
    fake.configure({ deviceInterval: 5 });
    const { device, poll } = await start();
    expect(device.interval).toBe(5);
    expect(await rejectionOf(poll())).toBeInstanceOf(AuthorizationPendingException);
    expect(await rejectionOf(poll())).toBeInstanceOf(SlowDownException);
    fake.configure({ deviceInterval: 0.2 });
    await pause(250);
    expect(await rejectionOf(poll())).toBeInstanceOf(AuthorizationPendingException);
  });

  it('reports a denial', async () => {
    const { device, poll } = await start();
    fake.denyDevice(device.userCode!);
    expect(await rejectionOf(poll())).toBeInstanceOf(AccessDeniedException);
    expect(fake.stats().signIns).toBe(0);
  });

  it('reports an expired device code (on the injected clock)', async () => {
    await fake.close();
    let offset = 0;
    fake = await startFakeAws({ deviceInterval: 0.2, deviceCodeTtlSeconds: 300, now: () => Date.now() + offset });
    const { device, poll } = await start();
    expect(device.expiresIn).toBe(300);
    offset = 301_000;
    expect(await rejectionOf(poll())).toBeInstanceOf(ExpiredTokenException);
    expect(() => fake.approveDevice(device.userCode!)).toThrow(/no pending/);
  });

  it('expireDeviceCodes ends pending authorizations at once', async () => {
    const { poll } = await start();
    fake.expireDeviceCodes();
    expect(fake.pendingUserCodes()).toEqual([]);
    expect(await rejectionOf(poll())).toBeInstanceOf(ExpiredTokenException);
  });

  it('rejects a bad client and an unknown start URL', async () => {
    const oidc = oidcClient(fake);
    const client = await registerDeviceClient(fake);
    const badClient = await rejectionOf(
      oidc.send(new StartDeviceAuthorizationCommand({ clientId: client.clientId, clientSecret: 'nope', startUrl: fake.startUrl })),
    );
    expect(badClient).toBeInstanceOf(InvalidClientException);
    expect(badClient.$metadata?.httpStatusCode).toBe(401);
    const badUrl = await rejectionOf(oidc.send(new StartDeviceAuthorizationCommand({ ...client, startUrl: 'https://d-nope.awsapps.com/start' })));
    expect(badUrl).toBeInstanceOf(InvalidRequestException);
    // Trailing slashes and "#/" are the same start URL.
    await oidc.send(new StartDeviceAuthorizationCommand({ ...client, startUrl: `${fake.startUrl}/#/` }));
  });

  it('rejects expired registrations', async () => {
    const client = await registerDeviceClient(fake);
    fake.expireClientRegistrations();
    const err = await rejectionOf(oidcClient(fake).send(new StartDeviceAuthorizationCommand({ ...client, startUrl: fake.startUrl })));
    expect(err).toBeInstanceOf(InvalidClientException);
  });

  it('is approved through the verification page', async () => {
    const { device, poll } = await start();
    const page = await browse(device.verificationUriComplete!, 'none');
    expect(page.body).toContain(device.userCode);
    expect(page.body).toContain('data-decision="approve"');
    const result = await browse(device.verificationUriComplete!, 'approve');
    expect(result).toMatchObject({ status: 200, submitted: true });
    expect(result.body).toContain('approved');
    expect((await poll()).accessToken).toBeTruthy();
  });

  it('is denied through the verification page', async () => {
    const { device, poll } = await start();
    await browse(device.verificationUriComplete!, 'deny');
    expect(await rejectionOf(poll())).toBeInstanceOf(AccessDeniedException);
  });

  it('autoApprove approves on visiting the page', async () => {
    fake.configure({ autoApprove: true });
    const { device, poll } = await start();
    await fetch(device.verificationUriComplete!);
    expect((await poll()).accessToken).toBeTruthy();
    expect(fake.stats().signIns).toBe(1);
  });
});

describe('PKCE authorization code flow', () => {
  let callback: http.Server;
  let callbackUrl: string;
  let received: URLSearchParams[];

  beforeEach(async () => {
    received = [];
    callback = http.createServer((req, res) => {
      received.push(new URL(req.url!, 'http://127.0.0.1').searchParams);
      res.end('signed in');
    });
    await new Promise<void>((r) => callback.listen(0, '127.0.0.1', r));
    callbackUrl = `http://127.0.0.1:${(callback.address() as AddressInfo).port}/oauth/callback`;
  });
  afterEach(async () => {
    await new Promise((r) => callback.close(r));
  });

  async function registerPkce(scopes = ['sso:account:access']) {
    const reg = await oidcClient(fake).send(
      new RegisterClientCommand({
        clientName: 'latchkey',
        clientType: 'public',
        scopes,
        grantTypes: ['authorization_code', 'refresh_token'],
        redirectUris: ['http://127.0.0.1/oauth/callback'],
        issuerUrl: fake.startUrl,
      }),
    );
    return { clientId: reg.clientId!, clientSecret: reg.clientSecret! };
  }

  function authorizeUrl(clientId: string, verifier: string, state = 'st-123', redirectUri = callbackUrl, scopes = 'sso:account:access'): string {
    const q = new URLSearchParams({
      response_type: 'code',
      client_id: clientId,
      redirect_uri: redirectUri,
      state,
      code_challenge_method: 'S256',
      scopes,
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    });
    return `${fake.url}/authorize?${q}`;
  }

  it('approves through the page, redirects with code and state, exchanges the code', async () => {
    const client = await registerPkce();
    const verifier = randomBytes(32).toString('base64url');
    const page = await browse(authorizeUrl(client.clientId, verifier), 'none');
    expect(page.body).toContain('Approve');
    expect(page.body).toContain('Deny');
    const result = await browse(authorizeUrl(client.clientId, verifier), 'approve');
    expect(result).toMatchObject({ status: 200, body: 'signed in' });
    const q = received.at(-1)!;
    expect(q.get('state')).toBe('st-123');
    const code = q.get('code')!;
    const oidc = oidcClient(fake);
    const exchange = (codeVerifier: string, redirectUri = callbackUrl) =>
      oidc.send(new CreateTokenCommand({ ...client, grantType: 'authorization_code', code, codeVerifier, redirectUri }));
    expect(await rejectionOf(exchange('wrong-verifier-wrong-verifier-wrong-verifier'))).toBeInstanceOf(InvalidGrantException);
    expect(await rejectionOf(exchange(verifier, 'http://127.0.0.1:1/oauth/callback'))).toBeInstanceOf(InvalidGrantException);
    const token = await exchange(verifier);
    expect(token.accessToken).toBeTruthy();
    expect(token.refreshToken).toBeTruthy();
    expect(await rejectionOf(exchange(verifier))).toBeInstanceOf(InvalidGrantException); // single use
    expect(fake.stats()).toMatchObject({ signIns: 1, tokens: { authorizationCode: 1 } });
  });

  it('redirects with access_denied when denied', async () => {
    const client = await registerPkce();
    await browse(authorizeUrl(client.clientId, 'v'.repeat(43)), 'deny');
    const q = received.at(-1)!;
    expect(q.get('error')).toBe('access_denied');
    expect(q.get('state')).toBe('st-123');
    expect(q.get('code')).toBeNull();
    expect(fake.stats().signIns).toBe(0);
  });

  it('autoApprove redirects straight away (a plain fetch follows it)', async () => {
    fake.configure({ autoApprove: true });
    const client = await registerPkce();
    const res = await fetch(authorizeUrl(client.clientId, 'x'.repeat(43)));
    expect(await res.text()).toBe('signed in');
    expect(received.at(-1)!.get('code')).toBeTruthy();
  });

  it('refuses device clients, foreign redirect URIs and plain challenges', async () => {
    const device = await registerDeviceClient(fake);
    expect((await fetch(authorizeUrl(device.clientId, 'v'.repeat(43)))).status).toBe(400);
    const client = await registerPkce();
    expect((await fetch(authorizeUrl(client.clientId, 'v'.repeat(43), 's', 'http://evil.example/oauth/callback'))).status).toBe(400);
    expect((await fetch(authorizeUrl(client.clientId, 'v'.repeat(43), 's', 'http://127.0.0.1:9/other'))).status).toBe(400);
    const plain = authorizeUrl(client.clientId, 'v'.repeat(43)).replace('code_challenge_method=S256', 'code_challenge_method=plain');
    expect((await fetch(plain)).status).toBe(400);
  });
});

describe('scopes', () => {
  const BROAD = ['sso:account:access', 'codewhisperer:completions'];

  it('records what registration, authorize and token asked for, and grants the token those scopes', async () => {
    fake.configure({ autoApprove: true });
    const reg = await oidcClient(fake).send(
      new RegisterClientCommand({
        clientName: 'x',
        clientType: 'public',
        scopes: BROAD,
        grantTypes: ['authorization_code', 'refresh_token'],
        redirectUris: ['http://127.0.0.1/oauth/callback'],
        issuerUrl: fake.startUrl,
      }),
    );
    const received: URLSearchParams[] = [];
    const server = http.createServer((req, res) => {
      received.push(new URL(req.url!, 'http://127.0.0.1').searchParams);
      res.end('ok');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const callback = `http://127.0.0.1:${(server.address() as AddressInfo).port}/oauth/callback`;
    try {
      const verifier = 'v'.repeat(43);
      const q = new URLSearchParams({
        response_type: 'code',
        client_id: reg.clientId!,
        redirect_uri: callback,
        state: 's',
        code_challenge_method: 'S256',
        scopes: BROAD.join(' '),
        code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      });
      await fetch(`${fake.url}/authorize?${q}`);
      const code = received.at(-1)!.get('code')!;
      const oidc = oidcClient(fake);
      const exchange = (scope?: string[]) =>
        oidc.send(
          new CreateTokenCommand({
            clientId: reg.clientId,
            clientSecret: reg.clientSecret,
            grantType: 'authorization_code',
            code,
            codeVerifier: verifier,
            redirectUri: callback,
            ...(scope ? { scope } : {}),
          }),
        );
      expect(await rejectionOf(exchange(['sso:account:access', 'other:scope']))).toMatchObject({ name: 'InvalidScopeException' });
      const token = await exchange(BROAD);
      expect(fake.scopesOf(token.accessToken!)).toEqual(BROAD);
      // A refresh keeps the grant, or narrows it when asked; it never widens it.
      const refresh = (scope?: string[]) =>
        oidc.send(
          new CreateTokenCommand({
            clientId: reg.clientId,
            clientSecret: reg.clientSecret,
            grantType: 'refresh_token',
            refreshToken: token.refreshToken,
            ...(scope ? { scope } : {}),
          }),
        );
      expect(fake.scopesOf((await refresh()).accessToken!)).toEqual(BROAD);
      expect(fake.scopesOf((await refresh(['sso:account:access'])).accessToken!)).toEqual(['sso:account:access']);
      expect(await rejectionOf(refresh([...BROAD, 'more:scope']))).toMatchObject({ name: 'InvalidScopeException' });
      expect(fake.stats().scopeRequests).toMatchObject({
        register: [BROAD],
        authorize: [BROAD],
        token: [['sso:account:access', 'other:scope'], BROAD, null, ['sso:account:access'], [...BROAD, 'more:scope']],
      });
      expect(fake.scopesOf('aoa-not-issued')).toBeUndefined();
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  it('sends invalid_scope back to the redirect when authorize asks for scopes the client did not register', async () => {
    fake.configure({ autoApprove: true });
    const reg = await oidcClient(fake).send(
      new RegisterClientCommand({
        clientName: 'x',
        clientType: 'public',
        scopes: ['sso:account:access'],
        grantTypes: ['authorization_code', 'refresh_token'],
        redirectUris: ['http://127.0.0.1/oauth/callback'],
        issuerUrl: fake.startUrl,
      }),
    );
    const q = new URLSearchParams({
      response_type: 'code',
      client_id: reg.clientId!,
      redirect_uri: 'http://127.0.0.1:9/oauth/callback',
      state: 's',
      code_challenge_method: 'S256',
      scopes: BROAD.join(' '),
      code_challenge: 'c'.repeat(43),
    });
    const res = await fetch(`${fake.url}/authorize?${q}`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get('location')!);
    expect(location.searchParams.get('error')).toBe('invalid_scope');
    expect(location.searchParams.get('code')).toBeNull();
  });
});

describe('refresh tokens', () => {
  it('issue a new access token and a rotated refresh token', async () => {
    const s = await signInWithDeviceCode(fake);
    const oidc = oidcClient(fake);
    const refreshed = await oidc.send(
      new CreateTokenCommand({ clientId: s.clientId, clientSecret: s.clientSecret, grantType: 'refresh_token', refreshToken: s.refreshToken }),
    );
    expect(refreshed.accessToken).not.toBe(s.accessToken);
    expect(refreshed.refreshToken).toBeTruthy();
    expect(refreshed.refreshToken).not.toBe(s.refreshToken);
    expect(fake.stats().tokens.refreshToken).toBe(1);
  });

  it('strict rotation makes a used refresh token invalid', async () => {
    fake.configure({ strictRefreshRotation: true });
    const s = await signInWithDeviceCode(fake);
    const oidc = oidcClient(fake);
    const refresh = (refreshToken: string) =>
      oidc.send(new CreateTokenCommand({ clientId: s.clientId, clientSecret: s.clientSecret, grantType: 'refresh_token', refreshToken }));
    const next = await refresh(s.refreshToken);
    expect(await rejectionOf(refresh(s.refreshToken))).toBeInstanceOf(InvalidGrantException);
    await refresh(next.refreshToken!);
  });

  it('are rejected after revocation and when unknown', async () => {
    const s = await signInWithDeviceCode(fake);
    const oidc = oidcClient(fake);
    const refresh = (refreshToken: string) =>
      oidc.send(new CreateTokenCommand({ clientId: s.clientId, clientSecret: s.clientSecret, grantType: 'refresh_token', refreshToken }));
    expect(await rejectionOf(refresh('aor-unknown'))).toBeInstanceOf(InvalidGrantException);
    fake.revokeAllTokens();
    expect(await rejectionOf(refresh(s.refreshToken))).toBeInstanceOf(InvalidGrantException);
  });
});
