import http from 'node:http';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { readManagedProfile } from '../../../src/core/aws/credentials-file';
import { waitFor } from '../../../devkit/wait';
import { signInThroughIpc, type AppUnderTest } from '../app-harness';
import { fake } from '../fake-electron';
import { useAppAgainstFake } from './use-app';

vi.mock('electron', async () => (await import('../fake-electron')).electronModule);

// The credential server as a person meets it in the app: off until turned on, then each
// profile the terminal uses is served to a program given the popup's two lines, following
// the profile as it is used, removed or renewed, and gone once the setting is off.

const ctx = useAppAgainstFake({ accounts: 1, rolesPerAccount: 2 });

interface Answer {
  status: number;
  body: string;
}

/** What an SDK sends: GET the URL with the token as the Authorization header. */
function ask(url: string, headers: Record<string, string> = {}): Promise<Answer> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: u.port, path: u.pathname, headers: { Host: u.host, ...headers }, setHost: false, agent: false },
      (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** The lines the popup's button copied, read back as the shell would. */
function parseExports(text: string): { url: string; token: string } {
  const url = /^export AWS_CONTAINER_CREDENTIALS_FULL_URI='?([^'\n]+)'?$/m.exec(text)?.[1];
  const token = /^export AWS_CONTAINER_AUTHORIZATION_TOKEN='?([^'\n]+)'?$/m.exec(text)?.[1];
  expect(text.trim().split('\n')).toHaveLength(2);
  if (!url || !token) throw new Error(`not the two export lines: ${text.replace(/TOKEN=.*/, 'TOKEN=…')}`);
  return { url, token };
}

async function copyExports(app: AppUnderTest, profile: string): Promise<{ url: string; token: string; result: unknown }> {
  const before = fake.clipboard.length;
  const result = await waitFor(
    async () => {
      const r = await app.invoke('credentialServer.copyExports', { profile });
      return r.ok ? r : undefined;
    },
    5_000,
    `${profile}'s endpoint`,
  );
  expect(fake.clipboard).toHaveLength(before + 1);
  return { ...parseExports(fake.clipboard.at(-1)!), result };
}

async function useRoles(app: AppUnderTest, uses: [profile: string, role: number][]): Promise<void> {
  const account = ctx.aws.accounts[0]!;
  for (const [profile, role] of uses) {
    const used = await app.invoke('profiles.use', {
      target: { kind: 'sso', session: 'corp', accountId: account.accountId, roleName: account.roles[role]! },
      profile,
    });
    expect(used).toMatchObject({ ok: true });
  }
}

const credentialsOf = (app: AppUnderTest, profile: string) => readManagedProfile(path.join(app.home, '.aws', 'credentials'), profile);

describe('the credential server in the app', () => {
  it('is off by default: no profile is served, and the button says where to turn it on', async () => {
    const t = await ctx.start();
    await signInThroughIpc(t, ctx.aws);
    await useRoles(t, [['default', 0]]);
    expect(await t.invoke('settings.get')).toMatchObject({ ok: true, value: { credentialServer: false, credentialServerAddress: '127.0.0.1' } });
    const result = await t.invoke('credentialServer.copyExports', { profile: 'default' });
    expect(result).toMatchObject({ ok: false, code: 'NOT_FOUND', hint: expect.stringContaining('Settings') });
    expect(fake.clipboard).toEqual([]);
  });

  it('serves each active profile its own credentials to a request with its token, follows the profiles, and closes when turned off', async () => {
    const t = await ctx.start({ settings: { credentialServer: true } });
    await signInThroughIpc(t, ctx.aws);
    await useRoles(t, [
      ['default', 0],
      ['ops', 1],
    ]);
    const dflt = await copyExports(t, 'default');
    const ops = await copyExports(t, 'ops');
    expect(dflt.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/latchkey\/[0-9a-f]{32}$/);
    expect(new URL(ops.url).port).toBe(new URL(dflt.url).port);
    expect(ops.url).not.toBe(dflt.url);
    expect(ops.token).not.toBe(dflt.token);

    // Each endpoint hands out its profile's keys, as the credentials file holds them.
    for (const [profile, ep] of [
      ['default', dflt],
      ['ops', ops],
    ] as const) {
      const answer = await ask(ep.url, { Authorization: ep.token });
      expect(answer.status).toBe(200);
      const creds = (await credentialsOf(t, profile))!;
      expect(JSON.parse(answer.body)).toMatchObject({ AccessKeyId: creds.accessKeyId, SecretAccessKey: creds.secretAccessKey, Token: creds.sessionToken });
    }
    // Without the token, or with the other profile's, nothing.
    expect((await ask(dflt.url)).status).toBe(401);
    expect((await ask(dflt.url, { Authorization: ops.token })).status).toBe(401);

    // The token went to the clipboard only: not in the IPC answer, not in anything sent to the window.
    expect(dflt.result).toEqual({ ok: true, value: null });
    expect(JSON.stringify(dflt.result)).not.toContain(dflt.token);
    expect(JSON.stringify(t.sent())).not.toContain(dflt.token);

    // The profile reused for another role: the same endpoint serves the new role's keys.
    await useRoles(t, [['default', 1]]);
    const renewed = (await credentialsOf(t, 'default'))!;
    const again = JSON.parse((await ask(dflt.url, { Authorization: dflt.token })).body) as { AccessKeyId: string };
    expect(again.AccessKeyId).toBe(renewed.accessKeyId);

    // A profile no longer used loses its endpoint; the others keep theirs.
    expect(await t.invoke('profiles.unuse', { profile: 'ops' })).toMatchObject({ ok: true });
    await waitFor(async () => ((await ask(ops.url, { Authorization: ops.token })).status === 404 ? true : undefined), 5_000, 'the 404');
    expect(await t.invoke('credentialServer.copyExports', { profile: 'ops' })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect((await ask(dflt.url, { Authorization: dflt.token })).status).toBe(200);

    // Turned off: nothing listens any more.
    expect(await t.invoke('settings.set', { credentialServer: false })).toMatchObject({ ok: true });
    await waitFor(
      () =>
        ask(dflt.url, { Authorization: dflt.token }).then(
          () => undefined,
          (err: NodeJS.ErrnoException) => err.code === 'ECONNREFUSED' || undefined,
        ),
      5_000,
      'the refusal',
    );
    expect(await t.invoke('credentialServer.copyExports', { profile: 'default' })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
  });

  it('a profile used after the server started is served; on quit the server closes', async () => {
    const t = await ctx.start({ settings: { credentialServer: true } });
    await signInThroughIpc(t, ctx.aws);
    await useRoles(t, [['late', 0]]);
    const late = await copyExports(t, 'late');
    expect((await ask(late.url, { Authorization: late.token })).status).toBe(200);
    await t.app.shutdown();
    await expect(ask(late.url, { Authorization: late.token })).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('listening beyond loopback is its own choice: then a container addressing the machine by IP is answered, a foreign name is not', async () => {
    const t = await ctx.start({ settings: { credentialServer: true } });
    await signInThroughIpc(t, ctx.aws);
    await useRoles(t, [['default', 0]]);
    const loopback = await copyExports(t, 'default');
    const port = new URL(loopback.url).port;
    expect((await ask(loopback.url, { Host: `172.17.0.1:${port}`, Authorization: loopback.token })).status).toBe(403);

    expect(await t.invoke('settings.set', { credentialServerAddress: '0.0.0.0' })).toMatchObject({ ok: true });
    // A new server: the old lines stop working, new ones are copied.
    await waitFor(
      () =>
        ask(loopback.url, { Authorization: loopback.token }).then(
          () => undefined,
          () => true,
        ),
      5_000,
      'the old server closed',
    );
    const wide = await copyExports(t, 'default');
    const widePort = new URL(wide.url).port;
    expect((await ask(wide.url, { Host: `172.17.0.1:${widePort}`, Authorization: wide.token })).status).toBe(200);
    expect((await ask(wide.url, { Host: `attacker.example:${widePort}`, Authorization: wide.token })).status).toBe(403);
    expect((await ask(wide.url, { Host: `172.17.0.1:${widePort}`, Origin: 'http://172.17.0.1', Authorization: wide.token })).status).toBe(403);
    expect((await ask(wide.url, { Host: `172.17.0.1:${widePort}` })).status).toBe(401);

    // An address this machine does not have: one plain line to the window, and the button says why.
    expect(await t.invoke('settings.set', { credentialServerAddress: '203.0.113.7' })).toMatchObject({ ok: true });
    const error = await waitFor(
      () => t.sent().find((e) => e.channel === 'error' && String((e.payload as { message: string }).message).includes('203.0.113.7')),
      5_000,
      'the error',
    );
    expect((error.payload as { message: string }).message).toBe(
      'Credentials could not be served to local programs: This machine has no address 203.0.113.7 to listen on.',
    );
    expect(await t.invoke('credentialServer.copyExports', { profile: 'default' })).toMatchObject({
      ok: false,
      code: 'NOT_FOUND',
      hint: expect.stringContaining('could not listen on 203.0.113.7'),
    });
  });
});
