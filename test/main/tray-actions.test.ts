import fs from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../../src/core/clock';
import { startFakeAws, type FakeAws } from '../../devkit/fake-aws';
import { waitFor } from '../../devkit/wait';
import { whoAmI } from '../../devkit/who-am-i';
import { BOB, DEPLOY_ROLE, USER_CREDENTIALS } from '../core/iam/helpers';
import { findMenuItem, startAppUnderTest, type AppUnderTest } from './app-harness';
import { fake } from './fake-electron';

vi.mock('electron', async () => (await import('./fake-electron')).electronModule);

// The tray's "Open console" on an active profile opens the console for what the profile holds:
// here a role chained from an IAM user's keys (source_profile + role_arn) in ~/.aws/config.
// A pass-through in front of the emulator's federation endpoint shows whose credentials each
// sign-in token was issued for.

let aws: FakeAws;
let federation: http.Server;
const tokensIssuedFor = new Map<string, { accessKeyId: string; secretAccessKey: string; sessionToken: string; expiration: number }>();
let t: AppUnderTest | undefined;
const clock = new ManualClock(Date.now());
const realPlatform = process.platform;

beforeAll(async () => {
  aws = await startFakeAws({ accounts: 1, rolesPerAccount: 1, iamUsers: [BOB], now: () => clock.now() });
  federation = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', aws.url);
    void fetch(`${aws.url}/federation${url.search}`, { redirect: 'manual' }).then(async (answer) => {
      const body = await answer.text();
      if (url.searchParams.get('Action') === 'getSigninToken' && answer.ok) {
        const session = JSON.parse(url.searchParams.get('Session')!) as { sessionId: string; sessionKey: string; sessionToken: string };
        const token = (JSON.parse(body) as { SigninToken: string }).SigninToken;
        tokensIssuedFor.set(token, { accessKeyId: session.sessionId, secretAccessKey: session.sessionKey, sessionToken: session.sessionToken, expiration: 0 });
      }
      res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'text/plain' });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => federation.listen(0, '127.0.0.1', resolve));
});
afterAll(async () => {
  federation.closeAllConnections();
  await new Promise((r) => federation.close(r));
  await aws.close();
});
afterEach(async () => {
  Object.defineProperty(process, 'platform', { value: realPlatform, configurable: true });
  await t?.close();
  t = undefined;
});

describe('the tray offers the console per source', () => {
  it('opens the console of a chained-role profile from ~/.aws/config as that role', async () => {
    Object.defineProperty(process, 'platform', { value: 'linux', configurable: true });
    const port = (federation.address() as AddressInfo).port;
    t = await startAppUnderTest(undefined, { clock, env: { ...aws.env, LATCHKEY_FEDERATION_ENDPOINT: `http://127.0.0.1:${port}/federation` } });
    await fs.mkdir(path.join(t.home, '.aws'), { recursive: true });
    await fs.writeFile(path.join(t.home, '.aws', 'credentials'), USER_CREDENTIALS);
    await fs.writeFile(path.join(t.home, '.aws', 'config'), `[profile deploy]\nrole_arn = ${DEPLOY_ROLE}\nsource_profile = bob\nregion = eu-west-1\n`);
    const used = await t.invoke('profiles.use', { target: { kind: 'profile', profile: 'deploy' }, profile: 'deploy-session' });
    expect(used).toMatchObject({ ok: true, value: { source: 'config-profile', profileName: 'deploy' } });

    await t.clock.advance(300);
    await t.app.tray.rebuild();
    const item = t.tray.contextMenu!.template.find((i) => i.label?.startsWith('deploy-session'));
    fake.opened.length = 0;
    findMenuItem(item?.submenu, 'Open console')!.click!();

    const opened = await waitFor(() => fake.opened.find((u) => u.includes('Action=login')));
    const url = new URL(opened);
    expect(url.searchParams.get('Destination')).toBe('https://eu-west-1.console.aws.amazon.com/console/home?region=eu-west-1');
    const credentials = tokensIssuedFor.get(url.searchParams.get('SigninToken')!);
    expect(credentials).toBeDefined();
    expect((await whoAmI(aws, credentials!)).arn).toMatch(/^arn:aws:sts::444455556666:assumed-role\/Deploy\//);
    // Nothing was tried as an SSO session named after the profile.
    expect(t.logLines.join('\n')).not.toMatch(/tray action failed/);
  });
});
