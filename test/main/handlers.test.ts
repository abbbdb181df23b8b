import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createContext, type CoreContext } from '../../src/core/context';
import { registerSecret } from '../../src/core/redact';
import { createLatchkey, type Latchkey } from '../../src/core/sessions/latchkey';
import { StateStore } from '../../src/core/sessions/state-store';
import { createHandlers, type HandlerDeps } from '../../src/main/handlers';
import { forwardLatchkeyEvents } from '../../src/main/ipc/forward-events';
import { MfaPrompts } from '../../src/main/ipc/mfa-prompts';
import { dispatch } from '../../src/main/ipc/dispatch';
import type { EventName } from '../../src/shared/contract';
import type { IpcResult } from '../../src/shared/errors';
import { DEFAULT_SETTINGS, type Settings } from '../../src/shared/views';
import { startFakeAws, type FakeAws } from '../../devkit/fake-aws';
import { waitFor } from '../../devkit/wait';
import { tempHome } from '../../devkit/home';
import { arrivalUrl } from '../../devkit/one-time-url';

// The handlers the tray app and the web harness serve, driven through dispatch (validation and
// errors as data) with the real core against the emulator in a temporary HOME.

let fake: FakeAws;
let home: string;
let manager: Latchkey;
let ctx: CoreContext;
let deps: HandlerDeps;
let opened: string[];
let clipboard: string[];
let events: { event: EventName; payload: unknown }[];
let stopForwarding: () => void;
let handlers: ReturnType<typeof createHandlers>;

beforeAll(async () => {
  fake = await startFakeAws({ accounts: 3, rolesPerAccount: 2, deviceInterval: 1 });
});
afterAll(async () => {
  await fake.close();
});
beforeEach(async () => {
  home = (await tempHome('handlers')).home;
  fake.configure({ autoApprove: false });
  opened = [];
  clipboard = [];
  events = [];
  ctx = createContext({
    env: { ...fake.env, LATCHKEY_HOME: path.join(home, 'state') },
    homedir: home,
    // The device page is what a person would open; approval happens at the emulator.
    openUrl: async () => undefined,
  });
  manager = createLatchkey(ctx);
  let settings: Settings = { ...DEFAULT_SETTINGS };
  deps = {
    latchkey: manager,
    ctx,
    settings: { get: () => settings, set: (patch) => (settings = { ...settings, ...patch }) },
    openExternal: async (url) => void opened.push(await arrivalUrl(url)),
    writeClipboard: (text) => void clipboard.push(text),
    hidePopup: () => undefined,
    appInfo: () => ({
      version: '0.0.0-test',
      platform: 'linux',
      credentialsFile: path.join(home, '.aws/credentials'),
      configFile: path.join(home, '.aws/config'),
      locale: 'en-US',
    }),
    emit: (event, payload) => void events.push({ event, payload }),
  };
  stopForwarding = forwardLatchkeyEvents(manager, deps.emit);
  handlers = createHandlers(deps);
});
afterEach(async () => {
  stopForwarding();
  manager.refresh.stop();
  await fs.rm(home, { recursive: true, force: true });
});

const call = (channel: string, request?: unknown) => dispatch(handlers, channel, request);

function value<T>(result: IpcResult<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.code}: ${result.message}`);
  return result.value;
}

/** Adds the emulator's session and signs in with the device code, approved at the emulator. */
async function signIn(): Promise<void> {
  value(await call('sessions.add', { startUrl: fake.startUrl, region: fake.region, name: 'corp' }));
  const login = call('sessions.login', { session: 'corp', flow: 'device' });
  const prompt = await waitFor(() => events.find((e) => e.event === 'sign-in-prompt')?.payload as { kind: string; userCode: string } | undefined);
  expect(prompt.kind).toBe('device');
  fake.approveDevice(prompt.userCode);
  expect((value(await login) as { expiresAt: number }).expiresAt).toBeGreaterThan(Date.now());
}

const role = (accountIndex = 0, roleIndex = 0) => ({
  kind: 'sso' as const,
  session: 'corp',
  accountId: fake.accounts[accountIndex]!.accountId,
  roleName: fake.accounts[accountIndex]!.roles[roleIndex]!,
});

describe('handlers through dispatch', () => {
  it('signs in with a device code shown through an event, then lists the session as signed in', async () => {
    const before = value(await call('sessions.list'));
    expect(before).toEqual([]);
    await signIn();
    const sessions = value(await call('sessions.list')) as { name: string; signedIn: boolean; refreshable: boolean }[];
    expect(sessions).toMatchObject([{ name: 'corp', signedIn: true, refreshable: true }]);
    await waitFor(() => events.some((e) => e.event === 'sessions-changed'));
  });

  it('cancels a sign-in in progress and says so', async () => {
    value(await call('sessions.add', { startUrl: fake.startUrl, region: fake.region, name: 'corp' }));
    const login = call('sessions.login', { session: 'corp', flow: 'device' });
    await waitFor(() => events.some((e) => e.event === 'sign-in-prompt'));
    value(await call('sessions.cancelLogin', { session: 'corp' }));
    const result = await login;
    expect(result).toMatchObject({ ok: false, code: 'CANCELLED' });
  });

  it('lists the catalog, uses a role in the terminal, opens the console and copies env lines — never returning a secret', async () => {
    await signIn();
    const catalog = value(await call('catalog.get', { session: 'corp' })) as { accounts: { accountId: string; roles: string[] }[] };
    expect(catalog.accounts.map((a) => a.accountId).sort()).toEqual(fake.accounts.map((a) => a.accountId).sort());

    const active = value(await call('profiles.use', { target: role(1, 1), profile: 'work' })) as { profile: string; accountId: string };
    expect(active).toMatchObject({ profile: 'work', accountId: fake.accounts[1]!.accountId });
    const credentials = await fs.readFile(path.join(home, '.aws/credentials'), 'utf8');
    expect(credentials).toMatch(/\[work\][\s\S]*aws_access_key_id = \S+/);
    expect(value(await call('profiles.list'))).toMatchObject([{ profile: 'work' }]);

    expect(value(await call('console.open', { target: role(0, 1), service: 's3' }))).toBeNull();
    expect(opened).toHaveLength(1);
    const url = new URL(opened[0]!);
    expect(url.searchParams.get('Action')).toBe('login');
    expect(url.searchParams.get('Destination')).toContain('s3');

    const copied = value(await call('credentials.copyEnv', { target: role(2, 0) })) as { expiration: number };
    expect(Object.keys(copied)).toEqual(['expiration']);
    expect(clipboard[0]).toMatch(
      /^export AWS_ACCESS_KEY_ID=\S+\nexport AWS_SECRET_ACCESS_KEY=\S+\nexport AWS_SESSION_TOKEN=\S+\nexport AWS_REGION=us-east-1\n$/,
    );

    const state = value(await call('favorites.toggle', role(0, 0))) as { favorites: string[]; recents: { key: string }[] };
    expect(state.favorites).toEqual([`corp/${fake.accounts[0]!.accountId}/${fake.accounts[0]!.roles[0]}`]);
    expect(state.recents.map((r) => r.key)).toContain(`corp/${fake.accounts[1]!.accountId}/${fake.accounts[1]!.roles[1]}`);

    // Everything the window could have seen: results and pushed events.
    const seen = JSON.stringify({ events, results: [catalog, active, copied, state, value(await call('sessions.list')), value(await call('profiles.list'))] });
    const secrets = fake.issuedSecrets();
    expect(secrets.length).toBeGreaterThan(3);
    for (const secret of secrets) expect(seen).not.toContain(secret);
  });

  it('opens the console in the chosen mode and session length, handing the opener only a one-time local URL', async () => {
    await signIn();
    const given: string[] = [];
    deps.openExternal = async (url) => {
      given.push(url);
      opened.push(await arrivalUrl(url));
    };
    handlers = createHandlers(deps);
    expect(value(await call('settings.set', { consoleMode: 'sign-out', consoleSessionMinutes: 60 }))).toMatchObject({ consoleMode: 'sign-out' });
    expect(value(await call('console.open', { target: role(0, 0) }))).toBeNull();
    expect(given).toEqual([expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/[A-Za-z0-9_-]{32}$/)]);
    const handOver = new URL(opened[0]!);
    expect(handOver.pathname).toBe('/oauth');
    expect(handOver.searchParams.get('Action')).toBe('logout');
    expect(new URL(handOver.searchParams.get('redirect_uri')!).searchParams.get('Action')).toBe('login');
  });

  it('in profile mode starts the Settings browser in the role own private profile, given only a one-time local URL', async () => {
    await signIn();
    const argvLog = path.join(home, 'argv.jsonl');
    const saved = { log: process.env.FAKE_BROWSER_ARGV_LOG, decision: process.env.FAKE_BROWSER_DECISION };
    Object.assign(process.env, { FAKE_BROWSER_ARGV_LOG: argvLog, FAKE_BROWSER_DECISION: 'follow' });
    try {
      const browser = path.resolve(__dirname, '../../devkit/fake-aws/fake-browser.mjs');
      expect(value(await call('settings.set', { consoleMode: 'profile', consoleBrowser: browser }))).toMatchObject({ consoleMode: 'profile' });
      expect(value(await call('console.open', { target: role(0, 0) }))).toBeNull();
      const argv = (await fs.readFile(argvLog, 'utf8')).trim();
      expect(argv).not.toMatch(/SigninToken/i);
      const [dir, ...rest] = JSON.parse(argv) as string[];
      expect(dir).toMatch(new RegExp(`^--user-data-dir=${path.join(home, 'state', 'browser-profiles')}/`));
      expect(rest).toEqual(['--no-first-run', '--no-default-browser-check', expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/[A-Za-z0-9_-]{32}$/)]);
      expect(opened).toEqual([]);
    } finally {
      for (const [key, v] of [
        ['FAKE_BROWSER_ARGV_LOG', saved.log],
        ['FAKE_BROWSER_DECISION', saved.decision],
      ] as const) {
        if (v === undefined) delete process.env[key];
        else process.env[key] = v;
      }
    }
  });

  it('lists the browsers found for "Open in…", with the person own profiles read from Local State', async () => {
    const bin = path.join(home, 'bin');
    await fs.mkdir(bin, { recursive: true });
    await fs.writeFile(path.join(bin, 'chromium'), '', { mode: 0o755 });
    await fs.writeFile(path.join(bin, 'firefox'), '', { mode: 0o755 });
    const userData = path.join(home, 'xdg', 'chromium');
    await fs.mkdir(userData, { recursive: true });
    await fs.writeFile(
      path.join(userData, 'Local State'),
      JSON.stringify({ profile: { info_cache: { Default: { name: 'Personal' }, 'Profile 1': { name: 'Work' } } } }),
    );
    deps.ctx = createContext({ ...ctx, env: { ...ctx.env, PATH: bin, HOME: home, XDG_CONFIG_HOME: path.join(home, 'xdg') } });
    handlers = createHandlers(deps);
    expect(value(await call('console.browsers', undefined))).toEqual({
      browsers: [
        {
          id: 'chromium',
          name: 'Chromium',
          family: 'chromium',
          profiles: [
            { directory: 'Default', name: 'Personal' },
            { directory: 'Profile 1', name: 'Work' },
          ],
        },
        { id: 'firefox', name: 'Firefox', family: 'firefox', profiles: [] },
      ],
    });
  });

  it('pushes the same active profiles profiles.list answers: none of another credentials file', async () => {
    await signIn();
    // A shell with its own AWS_SHARED_CREDENTIALS_FILE once used a role through the command.
    await new StateStore(ctx).update((s) => {
      s.activeProfiles.push({
        profile: 'elsewhere',
        source: 'sso',
        session: 'corp',
        accountId: fake.accounts[0]!.accountId,
        roleName: fake.accounts[0]!.roles[0]!,
        expiration: Date.now() + 3600_000,
        activatedAt: Date.now(),
        credentialsFile: path.join(home, 'other-credentials'),
      });
    });
    value(await call('profiles.use', { target: role(), profile: 'work' }));
    const pushed = await waitFor(() => events.filter((e) => e.event === 'profiles-changed').at(-1)?.payload as { profile: string }[] | undefined);
    expect(pushed.map((p) => p.profile)).toEqual(['work']);
    expect(pushed).toEqual(value(await call('profiles.list')));
  });

  it('refreshes an active profile on request with new keys', async () => {
    await signIn();
    value(await call('profiles.use', { target: role(), profile: 'default' }));
    const file = path.join(home, '.aws/credentials');
    const before = await fs.readFile(file, 'utf8');
    value(await call('profiles.refresh', { profile: 'default' }));
    const after = await fs.readFile(file, 'utf8');
    expect(after).not.toBe(before);
    expect(await call('profiles.refresh', { profile: 'nope' })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
  });

  it('answers with error codes a window can put into words', async () => {
    expect(await call('catalog.get', { session: 'missing' })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    value(await call('sessions.add', { startUrl: fake.startUrl, region: fake.region, name: 'corp' }));
    expect(await call('catalog.get', { session: 'corp' })).toMatchObject({ ok: false, code: 'NOT_SIGNED_IN' });
    await signIn();
    expect(await call('profiles.use', { target: { ...role(), roleName: 'NoSuchRole' }, profile: 'x' })).toMatchObject({ ok: false, code: 'ACCESS_DENIED' });
    await fs.mkdir(path.join(home, '.aws'), { recursive: true });
    await fs.writeFile(path.join(home, '.aws/credentials'), '[mine]\naws_access_key_id = AKIAHANDWRITTEN00000\n');
    expect(await call('profiles.use', { target: role(), profile: 'mine' })).toMatchObject({ ok: false, code: 'NOT_OWNED' });
    expect(await call('profiles.unuse', { profile: 'mine' })).toMatchObject({ ok: false, code: 'NOT_OWNED' });
  });

  it('settings: stores a patch, pushes the change and refuses values out of range', async () => {
    const next = value(await call('settings.set', { theme: 'dark', language: 'ja' })) as Settings;
    expect(next).toMatchObject({ theme: 'dark', language: 'ja', defaultRegion: 'us-east-1' });
    expect(events.find((e) => e.event === 'settings-changed')?.payload).toMatchObject({ theme: 'dark' });
    expect(await call('settings.set', { refreshMarginMinutes: 0 })).toMatchObject({ ok: false, code: 'BAD_INPUT' });
    expect(await call('settings.set', { theme: 'neon' })).toMatchObject({ ok: false, code: 'BAD_INPUT' });
  });
});

describe('MFA codes asked by the core and answered by the window', () => {
  it('delivers the typed code to the waiting question, and a cancel ends it', async () => {
    deps.mfa = new MfaPrompts(deps.emit);
    handlers = createHandlers(deps);
    const asked = deps.mfa.ask({ profile: 'admin', serial: 'arn:aws:iam::123456789012:mfa/alice' });
    const question = events.find((e) => e.event === 'mfa-needed')?.payload as { requestId: string; profile: string };
    expect(question).toMatchObject({ profile: 'admin' });
    expect(await call('mfa.submit', { requestId: question.requestId, code: '12345' })).toMatchObject({ ok: false, code: 'BAD_INPUT' });
    value(await call('mfa.submit', { requestId: question.requestId, code: '123456' }));
    expect(await asked).toBe('123456');
    expect(await call('mfa.submit', { requestId: question.requestId, code: '123456' })).toMatchObject({ ok: false, code: 'NOT_FOUND' });

    const second = deps.mfa.ask({ profile: 'admin', serial: 'arn:aws:iam::123456789012:mfa/alice' });
    const id = (events.filter((e) => e.event === 'mfa-needed')[1]?.payload as { requestId: string }).requestId;
    value(await call('mfa.cancel', { requestId: id }));
    await expect(second).rejects.toMatchObject({ code: 'CANCELLED' });
  });
});

describe('dispatch rejects malformed requests before they reach the core', () => {
  const bad: [string, unknown][] = [
    ['profiles.use', { target: { kind: 'sso', session: 'corp', accountId: 'abc', roleName: 'Admin' }, profile: 'default' }],
    ['profiles.use', { target: { kind: 'sso', session: 'corp', accountId: '123456789012', roleName: 'Admin' }, profile: 'bad name!' }],
    ['profiles.use', { target: { kind: 'sso', session: 'corp', accountId: '123456789012', roleName: 'Admin' }, profile: 'p', extra: 1 }],
    ['sessions.add', { startUrl: 'http://evil.example.com', region: 'us-east-1' }],
    ['sessions.add', { startUrl: 'https://d-1234.awsapps.com/start', region: 'moon-1' }],
    ['sessions.login', { session: 'corp', flow: 'telepathy' }],
    ['console.open', { target: { kind: 'sso', session: 'corp', accountId: '123456789012', roleName: 'Admin' }, service: '../../etc' }],
    ['console.open', { target: { kind: 'profile', profile: 'p' }, ownProfile: { browser: 'chrome', directory: '../../x' } }],
    ['console.open', { target: { kind: 'profile', profile: 'p' }, ownProfile: { browser: '/tmp/evil', directory: 'Default' } }],
    ['console.open', { target: { kind: 'profile', profile: 'p' }, mode: 'tabs' }],
    ['catalog.get', 'corp'],
    ['sessions.list', { anything: true }],
    ['app.openExternal', { url: 'x'.repeat(5000) }],
    ['__proto__', {}],
    ['constructor', undefined],
    ['no.such', undefined],
  ];
  it.each(bad)('%s %j → BAD_INPUT', async (channel, request) => {
    const touched: string[] = [];
    const spy = new Proxy({} as ReturnType<typeof createHandlers>, { get: (_t, p) => async () => void touched.push(String(p)) });
    const result = await dispatch(spy, channel, request);
    expect(result).toMatchObject({ ok: false, code: 'BAD_INPUT' });
    expect((result as { message: string }).message.length).toBeLessThan(300);
    expect(touched).toEqual([]);
  });
});

describe('events pushed to the window', () => {
  it('never carry a secret in a background error: the message is redacted like an IPC answer', async () => {
    const token = 'IQoJb3JpZ2luX2VjEBackgroundSessionToken0123456789';
    registerSecret(token);
    // A background refresh that failed with an error whose text quotes what it was given.
    manager.events.emit('error', { code: 'AWS_ERROR', message: `request failed: aws_session_token=${token}`, profile: 'demo' });
    const pushed = events.find((e) => e.event === 'error')?.payload as { code: string; message: string; profile?: string };
    expect(pushed).toMatchObject({ code: 'AWS_ERROR', profile: 'demo' });
    expect(pushed.message).toContain('request failed');
    expect(pushed.message).not.toContain(token);
  });
});
