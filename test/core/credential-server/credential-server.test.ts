import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/core/clock';
import { startCredentialServer, type CredentialServer, type Endpoint } from '../../../src/core/credential-server/credential-server';
import { RenewingCredentials, renewalMargin } from '../../../src/core/credential-server/renewing-credentials';
import { createLogger } from '../../../src/core/log';
import type { RoleCredentials } from '../../../src/core/types';

// The endpoint hands out a role's keys to whoever asks right: every way a web page or another
// local user could ask wrong gets a refusal that holds nothing of the credentials.

const CREDS: RoleCredentials = {
  accessKeyId: 'ASIASERVEDKEY0000001',
  secretAccessKey: 'served-secret-key-never-in-a-refusal',
  sessionToken: 'served-session-token-never-in-a-refusal',
  expiration: Date.parse('2030-01-01T12:00:00Z'),
};

let server: CredentialServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const logLines: string[] = [];
async function start(rate?: { perSecond: number; burst: number }): Promise<Endpoint & { port: number }> {
  logLines.length = 0;
  server = await startCredentialServer({ logger: createLogger((line) => logLines.push(line), 'debug'), ...(rate ? { rate } : {}) });
  const endpoint = server.add({ label: 'test/Role', current: () => Promise.resolve(CREDS) });
  return { ...endpoint, port: server.port };
}

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A raw request, so the Host and any header can be what an attacker would send. */
function request(url: string, headers: Record<string, string>, options: { method?: string; body?: string } = {}): Promise<Answer> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: u.port, path: u.pathname, method: options.method ?? 'GET', headers, setHost: false }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

function expectNothingServed(answer: Answer): void {
  expect(answer.status).toBeGreaterThanOrEqual(400);
  for (const secret of [CREDS.accessKeyId, CREDS.secretAccessKey, CREDS.sessionToken]) expect(answer.body).not.toContain(secret);
  expect(Object.keys(answer.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
}

describe('the credential server', () => {
  it('serves the container-credentials JSON to a request with its token and its own Host', async () => {
    const ep = await start();
    expect(ep.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/latchkey\/[0-9a-f]{32}$/);
    for (const host of [`127.0.0.1:${ep.port}`, `localhost:${ep.port}`]) {
      const answer = await request(ep.url, { Host: host, Authorization: ep.token });
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body)).toEqual({
        AccessKeyId: CREDS.accessKeyId,
        SecretAccessKey: CREDS.secretAccessKey,
        Token: CREDS.sessionToken,
        Expiration: '2030-01-01T12:00:00Z',
      });
      expect(answer.headers['cache-control']).toBe('no-store');
      expect(Object.keys(answer.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
    }
  });

  it('gives nothing without the token or with a wrong one (same length or not)', async () => {
    const ep = await start();
    const host = { Host: `127.0.0.1:${ep.port}` };
    const flipped = (ep.token[0] === 'A' ? 'B' : 'A') + ep.token.slice(1);
    for (const headers of [
      host,
      { ...host, Authorization: '' },
      { ...host, Authorization: flipped },
      { ...host, Authorization: ep.token + 'x' },
      { ...host, Authorization: `Bearer ${ep.token}` },
    ]) {
      const answer = await request(ep.url, headers);
      expect(answer.status).toBe(401);
      expectNothingServed(answer);
    }
  });

  it('gives nothing to a request addressed to another host (DNS rebinding) or another port', async () => {
    const ep = await start();
    for (const host of [`evil.example:${ep.port}`, 'evil.example', `127.0.0.1:${ep.port + 1}`, `localhost.evil.example:${ep.port}`, `[::1]:${ep.port}`, '']) {
      const answer = await request(ep.url, { Host: host, Authorization: ep.token });
      expect(answer.status).toBe(403);
      expectNothingServed(answer);
    }
  });

  it('gives nothing to a web page: any Origin, or a browser fetch marker', async () => {
    const ep = await start();
    const own = { Host: `127.0.0.1:${ep.port}`, Authorization: ep.token };
    const extras: Record<string, string>[] = [
      { Origin: 'https://evil.example' },
      { Origin: 'null' },
      { Origin: `http://127.0.0.1:${ep.port}` },
      { 'Sec-Fetch-Site': 'cross-site' },
    ];
    for (const extra of extras) {
      const answer = await request(ep.url, { ...own, ...extra });
      expect(answer.status).toBe(403);
      expectNothingServed(answer);
    }
    // A CORS preflight learns nothing either.
    const preflight = await request(ep.url, { Host: own.Host, Origin: 'https://evil.example', 'Access-Control-Request-Method': 'GET' }, { method: 'OPTIONS' });
    expectNothingServed(preflight);
  });

  it('refuses other methods, a body, oversized headers and an unknown path', async () => {
    const ep = await start();
    const own = { Host: `127.0.0.1:${ep.port}`, Authorization: ep.token };
    expectNothingServed(await request(ep.url, { ...own, 'Content-Type': 'application/json' }, { method: 'POST', body: '{}' }));
    const withBody = await request(ep.url, { ...own, 'Content-Length': '5' }, { body: 'hello' });
    expect(withBody.status).toBe(413);
    expectNothingServed(withBody);
    const huge = await request(ep.url, { ...own, 'X-Padding': 'x'.repeat(20_000) });
    expect(huge.status).toBe(431);
    expectNothingServed(huge);
    const other = await request(ep.url.replace(/[0-9a-f]{32}$/, '0'.repeat(32)), own);
    expect(other.status).toBe(404);
    expectNothingServed(other);
  });

  it('limits the request rate', async () => {
    const ep = await start({ perSecond: 1, burst: 5 });
    const own = { Host: `127.0.0.1:${ep.port}`, Authorization: ep.token };
    const answers = [];
    for (let i = 0; i < 12; i++) answers.push(await request(ep.url, own));
    expect(answers.slice(0, 5).map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    const refused = answers.filter((a) => a.status === 429);
    expect(refused.length).toBeGreaterThanOrEqual(6);
    for (const a of refused) expectNothingServed(a);
  });

  it('never logs the token or the keys', async () => {
    const ep = await start();
    await request(ep.url, { Host: `127.0.0.1:${ep.port}`, Authorization: ep.token });
    await request(ep.url, { Host: 'evil.example', Authorization: ep.token });
    await request(ep.url, { Host: `127.0.0.1:${ep.port}`, Authorization: ep.token.slice(1) });
    expect(logLines.length).toBeGreaterThanOrEqual(3);
    const log = logLines.join('\n');
    for (const secret of [ep.token, ep.token.slice(1), ep.url.split('/').pop()!, CREDS.secretAccessKey, CREDS.sessionToken]) expect(log).not.toContain(secret);
  });

  it('stops serving a removed endpoint and keeps serving the others', async () => {
    const ep = await start();
    const other = server!.add({ label: 'test/Other', current: () => Promise.resolve(CREDS) });
    server!.remove(ep);
    const host = { Host: `127.0.0.1:${ep.port}` };
    expect((await request(ep.url, { ...host, Authorization: ep.token })).status).toBe(404);
    expect((await request(other.url, { ...host, Authorization: other.token })).status).toBe(200);
  });

  it('listening on every interface, answers a container addressing the machine by IP, still refusing DNS names, an Origin or no token', async () => {
    server = await startCredentialServer({ bind: '0.0.0.0' });
    const ep = server.add({ label: 'test/Role', current: () => Promise.resolve(CREDS) });
    expect(ep.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
    const port = server.port;
    for (const host of [`172.17.0.1:${port}`, `host.docker.internal:${port}`, `127.0.0.1:${port}`]) {
      expect((await request(ep.url, { Host: host, Authorization: ep.token })).status).toBe(200);
    }
    expectNothingServed(await request(ep.url, { Host: `attacker.example:${port}`, Authorization: ep.token }));
    expectNothingServed(await request(ep.url, { Host: `172.17.0.1:${port + 1}`, Authorization: ep.token }));
    expectNothingServed(await request(ep.url, { Host: `172.17.0.1:${port}`, Authorization: ep.token, Origin: 'http://172.17.0.1' }));
    expectNothingServed(await request(ep.url, { Host: `172.17.0.1:${port}` }));
  });

  it('listening on one chosen address, answers requests addressed to it and refuses other IPs', async () => {
    // 127.0.0.2 is loopback on Linux only; elsewhere this address cannot be listened on.
    server = await startCredentialServer({ bind: '127.0.0.2' }).catch(() => undefined);
    if (!server) return;
    const ep = server.add({ label: 'test/Role', current: () => Promise.resolve(CREDS) });
    expect(ep.url).toMatch(/^http:\/\/127\.0\.0\.2:/);
    const u = new URL(ep.url);
    const ask = (host: string) =>
      new Promise<number>((resolve, reject) => {
        const req = http.request(
          { host: '127.0.0.2', port: u.port, path: u.pathname, headers: { Host: host, Authorization: ep.token }, setHost: false },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        );
        req.on('error', reject);
        req.end();
      });
    expect(await ask(`127.0.0.2:${u.port}`)).toBe(200);
    expect(await ask(`10.0.0.9:${u.port}`)).toBe(403);
  });

  it('says plainly that an address is not this machine’s', async () => {
    await expect(startCredentialServer({ bind: '203.0.113.7' })).rejects.toThrow('This machine has no address 203.0.113.7 to listen on.');
  });
});

describe('renewing credentials', () => {
  const issue = (clock: ManualClock, lifetimeMs: number, n: number): RoleCredentials => ({
    accessKeyId: `ASIA${n}`,
    secretAccessKey: 's',
    sessionToken: 't',
    expiration: clock.now() + lifetimeMs,
  });

  it('keeps 15 minutes of margin for hour-long credentials and a quarter of the lifetime for short ones', () => {
    expect(renewalMargin(3600_000)).toBe(15 * 60_000);
    expect(renewalMargin(12 * 3600_000)).toBe(15 * 60_000);
    expect(renewalMargin(40_000)).toBe(10_000);
  });

  it('serves the same credentials until the margin, renews before it in the background, and keeps valid ones when AWS fails', async () => {
    const clock = new ManualClock();
    let n = 0;
    let failing = false;
    const renewing = new RenewingCredentials({
      clock,
      label: 'r',
      fetch: () => (failing ? Promise.reject(new Error('portal down')) : Promise.resolve(issue(clock, 3600_000, ++n))),
    });
    expect((await renewing.current()).accessKeyId).toBe('ASIA1');
    await clock.advance(30 * 60_000);
    expect((await renewing.current()).accessKeyId).toBe('ASIA1');
    expect(n).toBe(1);
    // The background renewal runs 5 minutes before the 15-minute margin.
    await clock.advance(10 * 60_000);
    expect(n).toBe(2);
    expect((await renewing.current()).accessKeyId).toBe('ASIA2');
    // AWS fails from now on: the held credentials are served while still valid, never expired ones.
    failing = true;
    await clock.advance(50 * 60_000);
    expect((await renewing.current()).accessKeyId).toBe('ASIA2');
    await clock.advance(11 * 60_000);
    await expect(renewing.current()).rejects.toThrow('portal down');
    renewing.stop();
  });
});
