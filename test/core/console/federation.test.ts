import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildConsoleSigninUrl, federationEndpoint } from '../../../src/core/console/federation';
import { createContext, type CoreContext } from '../../../src/core/context';
import { LatchkeyError } from '../../../src/core/errors';
import { createLogger } from '../../../src/core/log';
import type { RoleCredentials } from '../../../src/core/types';
import { holdsPartOf, latchkeyErrorOf, latchkeyErrorThrownBy } from '../../helpers/errors';

const failure = latchkeyErrorOf;

// A small stand-in for signin.aws.amazon.com/federation that records what it was sent and
// enforces AWS's rule that chained-role credentials take no SessionDuration.

interface Received {
  params: URLSearchParams;
}

const SIGNIN_TOKEN = 'SigninTok-' + 'x'.repeat(40);
const chainedKeys = new Set<string>();
let received: Received[] = [];
let respond: ((req: http.IncomingMessage, res: http.ServerResponse) => void) | undefined;
let server: http.Server;
let endpoint: string;

function credentials(accessKeyId = 'ASIAEXAMPLE0000001'): RoleCredentials {
  return {
    accessKeyId,
    secretAccessKey: `secret/${accessKeyId}/wJalrXUtnFEMIK7MDENG`,
    sessionToken: `IQoJb3JpZ2luX2VjE+${accessKeyId}/token==`,
    expiration: Date.now() + 3_600_000,
  };
}

function context(lines: string[] = []): CoreContext {
  return createContext({
    env: { LATCHKEY_FEDERATION_ENDPOINT: endpoint },
    logger: createLogger((line) => lines.push(line), 'debug'),
  });
}

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    received.push({ params: url.searchParams });
    if (respond) return respond(req, res);
    if (url.pathname !== '/federation' || url.searchParams.get('Action') !== 'getSigninToken') {
      res.writeHead(400).end('bad action');
      return;
    }
    const session = JSON.parse(url.searchParams.get('Session') ?? '{}') as { sessionId: string };
    if (url.searchParams.has('SessionDuration') && chainedKeys.has(session.sessionId)) {
      res.writeHead(400, { 'content-type': 'text/plain' }).end('SessionDuration is not allowed for role chaining');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ SigninToken: SIGNIN_TOKEN }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/federation`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

afterEach(() => {
  received = [];
  respond = undefined;
});

describe('buildConsoleSigninUrl', () => {
  it('exchanges the credentials for a sign-in token and builds the login URL', async () => {
    const creds = credentials();
    const url = await buildConsoleSigninUrl(context(), {
      credentials: creds,
      kind: 'sso-role',
      region: 'eu-west-1',
      service: 'ec2',
      sessionDurationSeconds: 43_200,
    });

    expect(received).toHaveLength(1);
    const sent = received[0]!.params;
    expect(sent.get('Action')).toBe('getSigninToken');
    expect(sent.get('SessionDuration')).toBe('43200');
    expect(JSON.parse(sent.get('Session')!)).toEqual({
      sessionId: creds.accessKeyId,
      sessionKey: creds.secretAccessKey,
      sessionToken: creds.sessionToken,
    });

    const login = new URL(url);
    expect(`${login.origin}${login.pathname}`).toBe(endpoint);
    expect([...login.searchParams.keys()]).toEqual(['Action', 'Issuer', 'Destination', 'SigninToken']);
    expect(login.searchParams.get('Action')).toBe('login');
    expect(login.searchParams.get('Issuer')).toBe('Latchkey');
    expect(login.searchParams.get('Destination')).toBe('https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1');
    expect(login.searchParams.get('SigninToken')).toBe(SIGNIN_TOKEN);
  });

  it('sends no SessionDuration for chained roles, which AWS would refuse', async () => {
    const creds = credentials('ASIACHAINED0000001');
    chainedKeys.add(creds.accessKeyId);
    const url = await buildConsoleSigninUrl(context(), { credentials: creds, kind: 'chained-role', region: 'us-east-1', sessionDurationSeconds: 3600 });
    expect(received[0]!.params.has('SessionDuration')).toBe(false);
    expect(new URL(url).searchParams.get('SigninToken')).toBe(SIGNIN_TOKEN);
  });

  it('sends no SessionDuration for GetFederationToken credentials', async () => {
    await buildConsoleSigninUrl(context(), { credentials: credentials(), kind: 'federation-token', region: 'us-east-1', sessionDurationSeconds: 3600 });
    expect(received[0]!.params.has('SessionDuration')).toBe(false);
  });

  it('sends no SessionDuration unless asked', async () => {
    await buildConsoleSigninUrl(context(), { credentials: credentials(), kind: 'assumed-role', region: 'us-east-1' });
    expect(received[0]!.params.has('SessionDuration')).toBe(false);
  });

  it('refuses GetSessionToken credentials without a request', async () => {
    const err = await failure(buildConsoleSigninUrl(context(), { credentials: credentials(), kind: 'session-token', region: 'us-east-1' }));
    expect(err.code).toBe('UNSUPPORTED');
    expect(err.message).toMatch(/AWS does not allow console sign-in with GetSessionToken credentials/);
    expect(received).toHaveLength(0);
  });

  it('refuses a session duration AWS would not accept, before any request', async () => {
    for (const seconds of [899, 43_201, 1.5]) {
      const err = await failure(
        buildConsoleSigninUrl(context(), { credentials: credentials(), kind: 'sso-role', region: 'us-east-1', sessionDurationSeconds: seconds }),
      );
      expect(err.code).toBe('BAD_INPUT');
    }
    expect(received).toHaveLength(0);
  });

  it('encodes the issuer and a destination with its own query and fragment', async () => {
    const url = await buildConsoleSigninUrl(context(), {
      credentials: credentials(),
      kind: 'sso-role',
      region: 'us-east-1',
      service: 'logs',
      issuer: 'https://sso.example.com/start?a=1&b=2 #x',
    });
    expect(url).toContain('&Issuer=https%3A%2F%2Fsso.example.com%2Fstart%3Fa%3D1%26b%3D2%20%23x&');
    expect(url).toContain(`&Destination=${encodeURIComponent('https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#logsV2:log-groups')}&`);
    const login = new URL(url);
    expect(login.searchParams.get('Issuer')).toBe('https://sso.example.com/start?a=1&b=2 #x');
    expect(login.searchParams.get('Destination')).toBe('https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#logsV2:log-groups');
    expect(login.hash).toBe('');
  });

  it('reports a refused token request as AWS_ERROR without leaking secrets', async () => {
    const creds = credentials();
    // A server that echoes the secrets back, as a misbehaving proxy might.
    respond = (_req, res) => res.writeHead(400).end(`<html><body>Bad session ${creds.secretAccessKey} ${creds.sessionToken}</body></html>`);
    const lines: string[] = [];
    const err = await failure(
      buildConsoleSigninUrl(context(lines), { credentials: creds, kind: 'sso-role', region: 'us-east-1', sessionDurationSeconds: 7200 }),
    );
    expect(err.code).toBe('AWS_ERROR');
    expect(err.message).toMatch(/^AWS refused the console sign-in: HTTP 400: Bad session/);
    expect(err.hint).toMatch(/expired|revoked/);
    expect(err.hint).toMatch(/session duration/);
    for (const text of [err.message, err.hint ?? '', ...lines]) {
      expect(text).not.toContain(creds.secretAccessKey);
      expect(text).not.toContain(creds.sessionToken);
    }
  });

  it('masks an echoed secret before cutting the body short, even where the cut falls inside it', async () => {
    const creds = credentials();
    const unregistered = 'AnotherSecretKeyNobodyRegistered0123456789';
    // The 200-character cut of the quoted body falls inside the registered secret key, and in
    // the second answer inside a JSON secret field that nothing registered.
    for (const body of [
      `<html><body>Bad session: ${'x'.repeat(175)} ${creds.secretAccessKey} ${creds.sessionToken}</body></html>`,
      `{"message":"${'m'.repeat(160)}","SecretAccessKey":"${unregistered}"}`,
    ]) {
      respond = (_req, res) => res.writeHead(400).end(body);
      const lines: string[] = [];
      const err = await failure(buildConsoleSigninUrl(context(lines), { credentials: creds, kind: 'sso-role', region: 'us-east-1' }));
      expect(err.message).toMatch(/^AWS refused the console sign-in: HTTP 400: .*\[RED/);
      for (const text of [err.message, ...lines]) {
        for (const secret of [creds.secretAccessKey, creds.sessionToken, unregistered]) expect(holdsPartOf(text, secret), text).toBe(false);
      }
    }
  });

  it('explains the one-hour cap when a chained role is refused', async () => {
    respond = (_req, res) => res.writeHead(400).end('');
    const err = await failure(buildConsoleSigninUrl(context(), { credentials: credentials(), kind: 'chained-role', region: 'us-east-1' }));
    expect(err.code).toBe('AWS_ERROR');
    expect(err.message).toBe('AWS refused the console sign-in: HTTP 400.');
    expect(err.hint).toMatch(/one hour/);
  });

  it('reports throttling and server failures', async () => {
    respond = (_req, res) => res.writeHead(429).end('Rate exceeded');
    expect((await failure(buildConsoleSigninUrl(context(), { credentials: credentials(), kind: 'sso-role', region: 'us-east-1' }))).code).toBe('THROTTLED');
    respond = (_req, res) => res.writeHead(503).end('Service Unavailable');
    const err = await failure(buildConsoleSigninUrl(context(), { credentials: credentials(), kind: 'sso-role', region: 'us-east-1' }));
    expect(err.code).toBe('AWS_ERROR');
    expect(err.message).toMatch(/HTTP 503/);
  });

  it('treats an answer without a token as an AWS error', async () => {
    respond = (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"Nope":1}');
    const err = await failure(buildConsoleSigninUrl(context(), { credentials: credentials(), kind: 'sso-role', region: 'us-east-1' }));
    expect(err.code).toBe('AWS_ERROR');
    expect(err.message).toMatch(/without a sign-in token/);
  });

  it('times out a silent endpoint as a network error', async () => {
    respond = () => {}; // never answers
    const err = await failure(buildConsoleSigninUrl(context(), { credentials: credentials(), kind: 'sso-role', region: 'us-east-1', timeoutMs: 200 }));
    expect(err.code).toBe('NETWORK');
    expect(err.message).toMatch(/did not answer/);
  });

  it('reports an unreachable endpoint as a network error naming only the host', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const creds = credentials();
    const ctx = createContext({ env: { LATCHKEY_FEDERATION_ENDPOINT: `http://127.0.0.1:${port}/federation` } });
    const err = await failure(buildConsoleSigninUrl(ctx, { credentials: creds, kind: 'sso-role', region: 'us-east-1' }));
    expect(err.code).toBe('NETWORK');
    expect(err.message).toContain(`127.0.0.1:${port}`);
    expect(err.message).not.toContain('Session=');
    expect(err.message).not.toContain(creds.secretAccessKey);
  });

  it('never logs the sign-in token, the credentials or the URL', async () => {
    const creds = credentials();
    const lines: string[] = [];
    const url = await buildConsoleSigninUrl(context(lines), { credentials: creds, kind: 'sso-role', region: 'us-east-1', service: 'iam' });
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      for (const secret of [SIGNIN_TOKEN, encodeURIComponent(SIGNIN_TOKEN), creds.secretAccessKey, creds.sessionToken, url]) {
        expect(line).not.toContain(secret);
      }
    }
  });
});

describe('federationEndpoint', () => {
  it('uses the partition’s sign-in host', () => {
    const ctx = createContext({ env: {} });
    expect(federationEndpoint(ctx, 'aws')).toBe('https://signin.aws.amazon.com/federation');
    expect(federationEndpoint(ctx, 'aws-us-gov')).toBe('https://signin.amazonaws-us-gov.com/federation');
    expect(federationEndpoint(ctx, 'aws-cn')).toBe('https://signin.amazonaws.cn/federation');
  });

  it('honours LATCHKEY_FEDERATION_ENDPOINT', () => {
    const ctx = createContext({ env: { LATCHKEY_FEDERATION_ENDPOINT: 'http://127.0.0.1:9999/federation/' } });
    expect(federationEndpoint(ctx, 'aws-cn')).toBe('http://127.0.0.1:9999/federation');
  });

  it('takes plain http only to this machine: 127.0.0.0/8, ::1 or localhost', () => {
    for (const [given, endpoint] of [
      ['http://127.0.0.1:4566/federation', 'http://127.0.0.1:4566/federation'],
      ['http://127.8.9.10/federation', 'http://127.8.9.10/federation'],
      ['http://127.1:4566/federation', 'http://127.0.0.1:4566/federation'],
      ['http://[::1]:4566/federation', 'http://[::1]:4566/federation'],
      ['http://LOCALHOST:4566/federation', 'http://localhost:4566/federation'],
      ['https://federation-proxy.example.com/federation', 'https://federation-proxy.example.com/federation'],
    ]) {
      expect(federationEndpoint(createContext({ env: { LATCHKEY_FEDERATION_ENDPOINT: given! } }), 'aws')).toBe(endpoint);
    }
    for (const bad of [
      'http://signin.example.com/federation',
      'http://10.0.0.5:4566/federation',
      'http://[::2]/federation',
      'http://[::ffff:10.0.0.1]/federation',
      'http://127.0.0.1.evil.example/federation',
      'http://localhost.evil.example/federation',
      'http://0.0.0.0:4566/federation',
    ]) {
      const err = latchkeyErrorThrownBy(() => federationEndpoint(createContext({ env: { LATCHKEY_FEDERATION_ENDPOINT: bad } }), 'aws'));
      expect(err.code, bad).toBe('BAD_INPUT');
      expect(err.message).toMatch(/LATCHKEY_FEDERATION_ENDPOINT \(http:\/\/[^)]+\) uses plain http to a host that is not this machine/);
      expect(err.hint).toMatch(/https/);
    }
  });

  it('refuses such an endpoint before sending it the credentials (a bad setting, not a network failure)', async () => {
    const ctx = createContext({ env: { LATCHKEY_FEDERATION_ENDPOINT: 'http://signin.example.com/federation' } });
    const err = await failure(buildConsoleSigninUrl(ctx, { credentials: credentials(), kind: 'sso-role', region: 'us-east-1' }));
    expect(err.code).toBe('BAD_INPUT');
  });

  it('refuses an override that is not a federation URL', () => {
    for (const bad of ['not a url', 'ftp://x/federation', 'http://127.0.0.1:9999/', 'http://x/federation?Action=login']) {
      const ctx = createContext({ env: { LATCHKEY_FEDERATION_ENDPOINT: bad } });
      expect(() => federationEndpoint(ctx, 'aws')).toThrow(LatchkeyError);
    }
  });
});
