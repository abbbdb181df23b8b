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
import { findMenuItem, signInThroughIpc, startAppUnderTest, type AppUnderTest } from './app-harness';
import type { Settings } from '../../src/shared/views';
import { fake } from './fake-electron';

vi.mock('electron', async () => (await import('./fake-electron')).electronModule);

// The tray's "Open console" on an active profile opens the console for what the profile holds:
// an Identity Center role, a role chained from an IAM user's keys (source_profile + role_arn) in
// ~/.aws/config, an IAM user. Before a console mode was chosen it opens the popup on the
// first-open question instead, and no browser starts. A pass-through in front of the emulator's
// federation endpoint shows whose credentials each sign-in token was issued for.

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

/** The app on Linux (the tray's menu is set on the icon), federation through the pass-through. */
async function startApp(settings: Partial<Settings>): Promise<AppUnderTest> {
  Object.defineProperty(process, 'platform', { value: 'linux', configurable: true });
  const port = (federation.address() as AddressInfo).port;
  const app = await startAppUnderTest(aws, { clock, settings, env: { ...aws.env, LATCHKEY_FEDERATION_ENDPOINT: `http://127.0.0.1:${port}/federation` } });
  await fs.mkdir(path.join(app.home, '.aws'), { recursive: true });
  return app;
}

async function useProfile(app: AppUnderTest, target: unknown, profile: string): Promise<void> {
  const used = await app.invoke('profiles.use', { target, profile });
  expect(used).toMatchObject({ ok: true });
}

/** Clicks "Open console" on the active profile named `profile` in the tray's menu. */
async function openConsoleFromTray(app: AppUnderTest, profile: string): Promise<void> {
  await app.clock.advance(300);
  await app.app.tray.rebuild();
  const item = app.tray.contextMenu!.template.find((i) => i.label?.startsWith(`${profile} — `));
  expect(item, `the tray lists ${profile}`).toBeDefined();
  fake.opened.length = 0;
  findMenuItem(item?.submenu, 'Open console')!.click!();
}

/** The credentials behind the sign-in token of the console the app opened. */
async function openedConsoleAs(): Promise<{ url: URL; arn: string }> {
  const opened = await waitFor(() => fake.opened.find((u) => u.includes('Action=login')));
  const url = new URL(opened);
  const credentials = tokensIssuedFor.get(url.searchParams.get('SigninToken')!);
  expect(credentials).toBeDefined();
  return { url, arn: (await whoAmI(aws, credentials!)).arn ?? '' };
}

async function signInAndUseFirstRole(app: AppUnderTest): Promise<{ kind: 'sso'; session: string; accountId: string; roleName: string }> {
  await signInThroughIpc(app, aws);
  const account = aws.accounts[0]!;
  const target = { kind: 'sso' as const, session: 'corp', accountId: account.accountId, roleName: account.roles[0]! };
  await useProfile(app, target, 'work');
  return target;
}

describe('the tray offers the console per source', () => {
  it('opens the console of an Identity Center role as that role', async () => {
    t = await startApp({ consoleMode: 'multi-session' });
    const target = await signInAndUseFirstRole(t);
    await openConsoleFromTray(t, 'work');
    const { arn } = await openedConsoleAs();
    expect(arn).toContain(`:${target.accountId}:assumed-role/AWSReservedSSO_${target.roleName}_`);
    expect(t.logLines.join('\n')).not.toMatch(/tray action failed/);
  });

  it('opens the console of a chained-role profile from ~/.aws/config as that role', async () => {
    t = await startApp({ consoleMode: 'multi-session' });
    await fs.writeFile(path.join(t.home, '.aws', 'credentials'), USER_CREDENTIALS);
    await fs.writeFile(path.join(t.home, '.aws', 'config'), `[profile deploy]\nrole_arn = ${DEPLOY_ROLE}\nsource_profile = bob\nregion = eu-west-1\n`);
    const used = await t.invoke('profiles.use', { target: { kind: 'profile', profile: 'deploy' }, profile: 'deploy-session' });
    expect(used).toMatchObject({ ok: true, value: { source: 'config-profile', profileName: 'deploy' } });

    await openConsoleFromTray(t, 'deploy-session');
    const { url, arn } = await openedConsoleAs();
    expect(url.searchParams.get('Destination')).toBe('https://eu-west-1.console.aws.amazon.com/console/home?region=eu-west-1');
    expect(arn).toMatch(/^arn:aws:sts::444455556666:assumed-role\/Deploy\//);
    // Nothing was tried as an SSO session named after the profile.
    expect(t.logLines.join('\n')).not.toMatch(/tray action failed/);
  });

  it('opens the console of an IAM user as that user, through a federation token', async () => {
    t = await startApp({ consoleMode: 'sign-out' });
    await fs.writeFile(path.join(t.home, '.aws', 'credentials'), USER_CREDENTIALS);
    await useProfile(t, { kind: 'profile', profile: 'bob' }, 'bob-session');

    await openConsoleFromTray(t, 'bob-session');
    // Sign-out mode: the hand-over carries the sign-in URL.
    const opened = await waitFor(() => fake.opened.find((u) => u.includes('Action=logout')));
    const handedOver = new URL(new URL(opened).searchParams.get('redirect_uri')!);
    expect(handedOver.searchParams.get('Action')).toBe('login');
    const credentials = tokensIssuedFor.get(handedOver.searchParams.get('SigninToken')!);
    expect((await whoAmI(aws, credentials!)).arn).toMatch(/^arn:aws:sts::111122223333:federated-user\//);
    expect(t.logLines.join('\n')).not.toMatch(/tray action failed/);
  });
});

describe('before a console mode was chosen', () => {
  /** What the popup was told to ask, once it is. */
  const asked = (app: AppUnderTest) => waitFor(() => app.sent().find((e) => e.channel === 'console-mode-needed')?.payload);

  it('the tray opens the popup on the first-open question for that role, and starts no browser', async () => {
    t = await startApp({});
    const target = await signInAndUseFirstRole(t);
    const tokens = tokensIssuedFor.size;
    await openConsoleFromTray(t, 'work');

    expect(await asked(t)).toEqual({ target });
    expect(t.popup.isVisible()).toBe(true);
    // The question names the role, never anything secret.
    expect(JSON.stringify(t.sent().filter((e) => e.channel === 'console-mode-needed'))).not.toMatch(/SigninToken|aws_secret|sessionToken/i);
    await new Promise((r) => setTimeout(r, 300));
    expect(fake.opened).toEqual([]);
    expect(tokensIssuedFor.size, 'no sign-in token was asked for').toBe(tokens);
    expect((await t.invoke('settings.get')) as unknown).toMatchObject({ ok: true, value: { consoleMode: 'ask' } });
  });

  it('asks for a profile of ~/.aws/config by its name; once a mode is set, the tray opens the console again', async () => {
    t = await startApp({});
    await fs.writeFile(path.join(t.home, '.aws', 'credentials'), USER_CREDENTIALS);
    await useProfile(t, { kind: 'profile', profile: 'bob' }, 'bob-session');
    await openConsoleFromTray(t, 'bob-session');
    expect(await asked(t)).toEqual({ target: { kind: 'profile', profile: 'bob' } });
    await new Promise((r) => setTimeout(r, 300));
    expect(fake.opened).toEqual([]);

    // The answer, as the popup saves it: the next click opens the console in that mode.
    expect(await t.invoke('settings.set', { consoleMode: 'multi-session' })).toMatchObject({ ok: true });
    const before = t.sent().length;
    await openConsoleFromTray(t, 'bob-session');
    expect((await openedConsoleAs()).arn).toMatch(/:federated-user\//);
    expect(
      t
        .sent()
        .slice(before)
        .some((e) => e.channel === 'console-mode-needed'),
    ).toBe(false);
  });
});
