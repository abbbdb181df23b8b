import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/core/clock';
import { createContext, type CoreContext } from '../../../src/core/context';
import { createLogger } from '../../../src/core/log';
import { createLatchkey, type Latchkey } from '../../../src/core/sessions/latchkey';
import type { LatchkeyEvents } from '../../../src/core/sessions/latchkey-events';
import { writeCachedToken } from '../../../src/core/sso/token-cache';
import { startFakeAws, type FakeAws } from '../../../devkit/fake-aws';
import { waitFor } from '../../../devkit/wait';
import { tempHome } from '../../../devkit/home';

// The core (createLatchkey) against the emulator over real HTTP, real files in a temporary HOME,
// and a manual clock driving its refresh timers.

let fake: FakeAws;
let home: string;
let clock: ManualClock;
let ctx: CoreContext;
let logLines: string[];

beforeAll(async () => {
  // The emulator reads the same manual clock, so expiries it issues move with the test's time.
  fake = await startFakeAws({ accounts: 3, rolesPerAccount: 2, deviceInterval: 1, roleCredentialsTtlSeconds: 3600, now: () => clock.now() });
});
afterAll(async () => {
  await fake.close();
});
beforeEach(async () => {
  home = (await tempHome('sm')).home;
  clock = new ManualClock(Date.now());
  logLines = [];
  fake.configure({ autoApprove: true, roleCredentialsTtlSeconds: 3600 });
  fake.resetStats();
  ctx = createContext({
    env: { ...fake.env, LATCHKEY_HOME: path.join(home, 'state') },
    homedir: home,
    clock,
    logger: createLogger((l) => logLines.push(l), 'debug'),
    // A browser that approves at the emulator and follows its redirect to our loopback callback.
    openUrl: async (url) => {
      await (await fetch(url, { redirect: 'follow' })).text();
    },
  });
});
afterEach(async () => {
  await fs.rm(home, { recursive: true, force: true });
});

function collect<K extends keyof LatchkeyEvents>(manager: Latchkey, event: K): LatchkeyEvents[K][] {
  const seen: LatchkeyEvents[K][] = [];
  manager.events.on(event, ((...args: LatchkeyEvents[K]) => seen.push(args)) as never);
  return seen;
}

async function signedInManager(options?: Parameters<typeof createLatchkey>[1]) {
  const manager = createLatchkey(ctx, options);
  const session = await manager.sessions.add({ startUrl: fake.startUrl, region: fake.region, name: 'corp' });
  await manager.sessions.login(session, { flow: 'pkce' });
  return { manager, session };
}

describe('createLatchkey', () => {
  it('adds the session to ~/.aws/config, signs in, and lists it as signed in', async () => {
    const { manager } = await signedInManager();
    const sessions = await manager.sessions.list();
    expect(sessions).toEqual([expect.objectContaining({ name: 'corp', startUrl: fake.startUrl, signedIn: true, refreshable: true })]);
    expect(await fs.readFile(path.join(home, '.aws', 'config'), 'utf8')).toContain('[sso-session corp]');
  });

  it('finds the existing session when the start URL is pasted with a trailing slash', async () => {
    const manager = createLatchkey(ctx);
    const first = await manager.sessions.add({ startUrl: fake.startUrl, region: fake.region });
    const again = await manager.sessions.add({ startUrl: `${fake.startUrl}/`, region: fake.region });
    expect(again.name).toBe(first.name);
    expect(await manager.sessions.list()).toHaveLength(1);
  });

  it('syncs the catalog once, then serves it from the cache, reporting progress', async () => {
    const { manager, session } = await signedInManager();
    const progress = collect(manager, 'sync-progress');
    const first = await manager.catalog.get(session);
    expect(first.fromCache).toBe(false);
    expect(first.accounts.map((a) => a.accountId).sort()).toEqual(fake.accounts.map((a) => a.accountId).sort());
    expect(progress.length).toBeGreaterThan(0);
    const calls = fake.stats().portal.total;
    const second = await createLatchkey(ctx).catalog.get(session);
    expect(second.fromCache).toBe(true);
    expect(second.accounts).toEqual(first.accounts);
    expect(fake.stats().portal.total).toBe(calls);
  });

  it('resolves ACCOUNT/ROLE by account id or exact name', async () => {
    const { manager } = await signedInManager();
    const a = fake.accounts[1]!;
    const byName = await manager.catalog.resolveRole(`${a.accountName}/${a.roles[1]}`);
    const byId = await manager.catalog.resolveRole(`${a.accountId}/${a.roles[1]}`);
    expect(byName).toEqual(byId);
    expect(byName).toMatchObject({ accountId: a.accountId, accountName: a.accountName, roleName: a.roles[1] });
    await expect(manager.catalog.resolveRole(`${a.accountId}/NoSuchRole`)).rejects.toMatchObject({ code: 'ACCESS_DENIED' });
  });

  it('activates a role into a profile, records it, and refreshes it before it expires', async () => {
    fake.configure({ roleCredentialsTtlSeconds: 20 * 60 });
    const { manager } = await signedInManager({ refreshMarginMs: 10 * 60_000 });
    const role = await manager.catalog.resolveRole(`${fake.accounts[0]!.accountId}/${fake.accounts[0]!.roles[0]}`);
    const active = await manager.profiles.activate(role, 'dev');
    const credsFile = path.join(home, '.aws', 'credentials');
    const firstKey = /aws_access_key_id\s*=\s*(\S+)/.exec(await fs.readFile(credsFile, 'utf8'))?.[1];
    expect(firstKey).toMatch(/^ASIA/);
    expect(await manager.profiles.list()).toEqual([expect.objectContaining({ profile: 'dev', accountId: role.accountId, expiration: active.expiration })]);

    const refreshed = collect(manager, 'profile-refreshed');
    manager.refresh.start();
    try {
      await advanceInSteps(5 * 60_000); // 15 minutes left: not yet in the 10-minute margin
      expect(refreshed).toHaveLength(0);
      await advanceInSteps(6 * 60_000, () => refreshed.length > 0); // 9 minutes left: refresh
      const secondKey = /aws_access_key_id\s*=\s*(\S+)/.exec(await fs.readFile(credsFile, 'utf8'))?.[1];
      expect(secondKey).toMatch(/^ASIA/);
      expect(secondKey).not.toBe(firstKey);
      expect(refreshed[0]![0]).toMatchObject({ profile: 'dev' });
    } finally {
      manager.refresh.stop();
    }
  });

  it('when the sign-in is revoked, says sign-in is needed once and warns before the profile expires', async () => {
    fake.configure({ roleCredentialsTtlSeconds: 20 * 60 });
    const { manager } = await signedInManager({ refreshMarginMs: 10 * 60_000, expiryWarningMs: 10 * 60_000 });
    const role = await manager.catalog.resolveRole(`${fake.accounts[0]!.accountId}/${fake.accounts[0]!.roles[0]}`);
    await manager.profiles.activate(role, 'dev');
    fake.revokeAllTokens();
    fake.expireAccessTokens();
    const needed = collect(manager, 'sign-in-needed');
    const warnings = collect(manager, 'expiry-warning');
    const signInsBefore = fake.stats().signIns;
    manager.refresh.start();
    try {
      await advanceInSteps(11 * 60_000, () => needed.length > 0 && warnings.length > 0);
      await advanceInSteps(3 * 60_000);
      expect(needed).toHaveLength(1);
      expect(needed[0]![0]).toEqual({ session: 'corp' });
      expect(warnings[0]![0]).toMatchObject({ kind: 'profile', name: 'dev' });
      expect(fake.stats().signIns).toBe(signInsBefore); // never a sign-in it was not asked for
    } finally {
      manager.refresh.stop();
    }
  });

  it('renews a token the portal rejects before its time, with the refresh token and no new sign-in', async () => {
    const { manager, session } = await signedInManager();
    const role = await manager.catalog.resolveRole(`${fake.accounts[0]!.accountId}/${fake.accounts[0]!.roles[0]}`);
    fake.expireAccessTokens(); // revoked at AWS while our cache still calls them valid
    const signIns = fake.stats().signIns;
    const refreshes = fake.stats().tokens.refreshToken;
    const creds = await manager.catalog.roleCredentials(role);
    expect(creds.accessKeyId).toMatch(/^ASIA/);
    expect(fake.stats().tokens.refreshToken).toBe(refreshes + 1);
    expect(fake.stats().signIns).toBe(signIns);
    fake.expireAccessTokens();
    const catalog = await manager.catalog.sync(session);
    expect(catalog.accounts).toHaveLength(fake.accounts.length);
    expect(fake.stats().signIns).toBe(signIns);
  });

  it('shows the cached catalog at once and brings the fresh one as an event', async () => {
    const { manager, session } = await signedInManager();
    await manager.catalog.get(session);
    const updates = collect(manager, 'catalog-updated');
    const calls = fake.stats().portal.total;
    const view = await manager.catalog.get(session, { refreshInBackground: true });
    expect(view.fromCache).toBe(true);
    await waitFor(() => updates.length > 0);
    expect(updates[0]![0]).toMatchObject({ session: 'corp', fromCache: false });
    expect(fake.stats().portal.total).toBeGreaterThan(calls);
  });

  it('warns once before a sign-in that cannot be renewed ends', async () => {
    const manager = createLatchkey(ctx, { expiryWarningMs: 10 * 60_000 });
    const session = await manager.sessions.add({ startUrl: fake.startUrl, region: fake.region, name: 'legacy' });
    // A token as an old tool leaves it: no refresh token, 15 minutes left.
    await writeCachedToken(ctx, session.name, {
      startUrl: fake.startUrl,
      region: fake.region,
      accessToken: 'legacy-token-without-refresh',
      expiresAt: new Date(clock.now() + 15 * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    });
    const warnings = collect(manager, 'expiry-warning');
    manager.refresh.start();
    try {
      await advanceInSteps(4 * 60_000);
      expect(warnings).toHaveLength(0);
      await advanceInSteps(3 * 60_000, () => warnings.length > 0);
      await advanceInSteps(2 * 60_000);
      expect(warnings).toEqual([[{ kind: 'session', name: 'legacy', expiresAt: expect.any(Number) }]]);
    } finally {
      manager.refresh.stop();
    }
  });

  it('backs off while AWS keeps failing instead of retrying every second', async () => {
    fake.configure({ roleCredentialsTtlSeconds: 20 * 60 });
    const { manager } = await signedInManager({ refreshMarginMs: 10 * 60_000 });
    const role = await manager.catalog.resolveRole(`${fake.accounts[0]!.accountId}/${fake.accounts[0]!.roles[0]}`);
    await manager.profiles.activate(role, 'dev');
    await clock.advance(11 * 60_000); // inside the refresh margin before the loop starts
    fake.failNextPortalCalls(10_000, 500);
    const errors = collect(manager, 'error');
    manager.refresh.start();
    try {
      // Two minutes of the manual clock, a second at a time.
      for (let i = 0; i < 120; i++) {
        await clock.advance(1000);
        await new Promise((r) => setTimeout(r, 15));
      }
      expect(errors.length).toBeGreaterThanOrEqual(2); // it kept trying…
      expect(errors.length).toBeLessThanOrEqual(5); // …at 15 s, 30 s, 60 s: not 120 times
      expect(errors[0]![0]).toMatchObject({ code: 'AWS_ERROR', session: 'corp', profile: 'dev' });
    } finally {
      manager.refresh.stop();
      fake.failNextPortalCalls(0);
    }
  });

  it('retries a garbled answer from the portal instead of failing the call', async () => {
    const { manager } = await signedInManager();
    const role = await manager.catalog.resolveRole(`${fake.accounts[0]!.accountId}/${fake.accounts[0]!.roles[0]}`);
    fake.failNextPortalCalls(1, 'malformed');
    let settled = false;
    const pending = manager.catalog.roleCredentials(role).finally(() => (settled = true));
    // The retry's pause runs on the manual clock: move it until the call is done.
    for (let i = 0; i < 100 && !settled; i++) {
      await clock.advance(1000);
      await new Promise((r) => setTimeout(r, 50));
    }
    expect((await pending).accessKeyId).toMatch(/^ASIA/);
  });

  it('keeps the active profiles of each credentials file apart', async () => {
    const { manager } = await signedInManager();
    const role = await manager.catalog.resolveRole(`${fake.accounts[0]!.accountId}/${fake.accounts[0]!.roles[0]}`);
    await manager.profiles.activate(role, 'default');
    const otherFile = path.join(home, 'elsewhere', 'credentials');
    const other = createLatchkey(createContext({ ...ctx, env: { ...ctx.env, AWS_SHARED_CREDENTIALS_FILE: otherFile } }));
    expect(await other.profiles.list()).toEqual([]);
    await other.profiles.activate(role, 'default');
    expect(await other.profiles.list()).toEqual([expect.objectContaining({ profile: 'default', credentialsFile: otherFile })]);
    expect(await manager.profiles.list()).toEqual([expect.objectContaining({ profile: 'default', credentialsFile: path.join(home, '.aws', 'credentials') })]);
    expect((await manager.state.read()).activeProfiles).toHaveLength(2);
  });

  it('deactivating removes only Latchkey’s section and forgets the profile', async () => {
    const { manager } = await signedInManager();
    const credsFile = path.join(home, '.aws', 'credentials');
    const mine = '; hand-written\n[personal]\naws_access_key_id=AKIAHANDWRITTEN\naws_secret_access_key=abc\n';
    await fs.mkdir(path.dirname(credsFile), { recursive: true });
    await fs.writeFile(credsFile, mine);
    const role = await manager.catalog.resolveRole(`${fake.accounts[2]!.accountId}/${fake.accounts[2]!.roles[0]}`);
    await manager.profiles.activate(role, 'ci');
    expect(await manager.profiles.deactivate('ci')).toBe(true);
    expect(await fs.readFile(credsFile, 'utf8')).toBe(mine);
    expect(await manager.profiles.list()).toEqual([]);
    await expect(manager.profiles.deactivate('personal')).rejects.toMatchObject({ code: 'NOT_OWNED' });
  });

  it('builds a console URL and remembers the role among recents; favorites toggle', async () => {
    const { manager } = await signedInManager();
    const role = await manager.catalog.resolveRole(`${fake.accounts[0]!.accountId}/${fake.accounts[0]!.roles[0]}`);
    const url = await manager.consoleUrl(role, { region: 'us-west-2', service: 's3' });
    expect(new URL(url).searchParams.get('Destination')).toContain('s3');
    const state = await manager.state.read();
    expect(state.recents[0]?.key).toBe(`corp/${role.accountId}/${role.roleName}`);
    expect((await manager.state.toggleFavorite({ session: 'corp', accountId: role.accountId, roleName: role.roleName })).favorites).toEqual([
      `corp/${role.accountId}/${role.roleName}`,
    ]);
    expect((await manager.state.toggleFavorite({ session: 'corp', accountId: role.accountId, roleName: role.roleName })).favorites).toEqual([]);
  });

  it('never writes a secret the emulator issued to a log line or to its state files', async () => {
    const { manager, session } = await signedInManager();
    await manager.catalog.get(session);
    const role = await manager.catalog.resolveRole(`${fake.accounts[0]!.accountId}/${fake.accounts[0]!.roles[0]}`);
    await manager.profiles.activate(role, 'dev');
    await manager.consoleUrl(role);
    const stateDir = path.join(home, 'state');
    const stateFiles = await fs.readdir(stateDir, { recursive: true });
    const stateText = (await Promise.all(stateFiles.map((f) => fs.readFile(path.join(stateDir, f), 'utf8').catch(() => '')))).join('\n');
    const logs = logLines.join('\n');
    for (const secret of fake.issuedSecrets()) {
      expect(logs).not.toContain(secret);
      expect(stateText).not.toContain(secret);
    }
  });
});

/** Moves the manual clock a minute at a time, giving the manager's real file and network work
 * time to finish between steps (as wall-clock time would); with `until`, keeps stepping past
 * `ms` only until it holds. */
async function advanceInSteps(ms: number, until?: () => boolean): Promise<void> {
  for (let moved = 0; moved < ms; moved += 60_000) {
    await clock.advance(Math.min(60_000, ms - moved));
    await new Promise((r) => setTimeout(r, 100));
  }
  if (until) await waitFor(until);
}
