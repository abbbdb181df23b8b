import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/core/clock';
import { createContext, type CoreContext } from '../../../src/core/context';
import { createLatchkey, type Latchkey } from '../../../src/core/sessions/latchkey';
import type { LatchkeyEvents } from '../../../src/core/sessions/latchkey-events';
import { credentialProcessCachePath, toCredentialProcessOutput, writeCredentialProcessCache } from '../../../src/core/sessions/credential-process-cache';
import { readCachedToken, tokenCachePath, writeCachedToken } from '../../../src/core/sso/token-cache';
import { startFakeAws, type FakeAws } from '../../../devkit/fake-aws';
import { advanceByMinutes, waitFor } from '../../../devkit/wait';
import { DEPLOY_ROLE } from '../iam/helpers';
import { tempHome } from '../../../devkit/home';

// Signing out in the app's core: the refresh loop leaves the session's profiles
// alone afterwards (no renewal, no "sign in" nag), and a chained role that starts at one of the
// session's roles counts as the session's. The emulator over real HTTP, real files, a manual clock.

let fake: FakeAws;
let home: string;
let clock: ManualClock;
let ctx: CoreContext;

beforeAll(async () => {
  fake = await startFakeAws({ accounts: 2, rolesPerAccount: 1, deviceInterval: 1, now: () => clock.now() });
});
afterAll(async () => {
  await fake.close();
});
beforeEach(async () => {
  home = (await tempHome('signout')).home;
  clock = new ManualClock(Date.now());
  fake.configure({ autoApprove: true, roleCredentialsTtlSeconds: 20 * 60 });
  fake.resetStats();
  ctx = createContext({
    env: { ...fake.env, LATCHKEY_HOME: path.join(home, 'state') },
    homedir: home,
    clock,
    openUrl: async (url) => void (await (await fetch(url, { redirect: 'follow' })).text()),
  });
});
afterEach(async () => {
  await fs.rm(home, { recursive: true, force: true });
});

const credentialsFile = () => path.join(home, '.aws', 'credentials');

async function signedIn() {
  const manager = createLatchkey(ctx, { refreshMarginMs: 10 * 60_000, expiryWarningMs: 10 * 60_000 });
  const session = await manager.sessions.add({ startUrl: fake.startUrl, region: fake.region, name: 'corp' });
  await manager.sessions.login(session, { flow: 'pkce' });
  const account = fake.accounts[0]!;
  const role = await manager.catalog.resolveRole(`${account.accountId}/${account.roles[0]}`);
  return { manager, session, role };
}

function collect<K extends keyof LatchkeyEvents>(manager: Latchkey, event: K): LatchkeyEvents[K][] {
  const seen: LatchkeyEvents[K][] = [];
  manager.events.on(event, ((...args: LatchkeyEvents[K]) => seen.push(args)) as never);
  return seen;
}

describe('signing out in the core', () => {
  it('the refresh loop no longer renews the profiles nor asks for a sign-in; using a role again after signing in renews it again', async () => {
    const { manager, session, role } = await signedIn();
    const active = await manager.profiles.activate(role, 'dev');
    const written = await fs.readFile(credentialsFile(), 'utf8');

    const result = await manager.sessions.logout(session);
    expect(result.portal).toBe('ended');
    expect(result.kept).toEqual([expect.objectContaining({ profile: 'dev', expiration: active.expiration, signedOutAt: clock.now() })]);
    expect(await manager.profiles.list()).toEqual([expect.objectContaining({ profile: 'dev', signedOutAt: clock.now() })]);

    const refreshed = collect(manager, 'profile-refreshed');
    const needed = collect(manager, 'sign-in-needed');
    const warned = collect(manager, 'expiry-warning');
    const errors = collect(manager, 'error');
    const calls = fake.stats().portal.byOperation.GetRoleCredentials ?? 0;
    manager.refresh.start();
    try {
      await advanceByMinutes(clock, 25 * 60_000); // through the margin, the warning time and the expiry
      expect({ refreshed, needed, warned, errors }).toEqual({ refreshed: [], needed: [], warned: [], errors: [] });
      expect(fake.stats().portal.byOperation.GetRoleCredentials ?? 0).toBe(calls);
      expect(await fs.readFile(credentialsFile(), 'utf8')).toBe(written);

      await manager.sessions.login(session, { flow: 'pkce' });
      await manager.profiles.activate(role, 'dev');
      await advanceByMinutes(clock, 11 * 60_000);
      await waitFor(() => refreshed.some(([p]) => p.profile === 'dev'), 30_000, 'the renewal of dev');
    } finally {
      manager.refresh.stop();
      await manager.refresh.idle();
    }
  });

  it("counts a chained role that starts at one of the session's roles as the session's; unuse removes both, nothing else", async () => {
    const account = fake.accounts[0]!;
    await fs.mkdir(path.join(home, '.aws'), { recursive: true });
    const { manager, session, role } = await signedIn();
    await fs.appendFile(
      path.join(home, '.aws', 'config'),
      `\n[profile sso-admin]\nsso_session = corp\nsso_account_id = ${account.accountId}\nsso_role_name = ${account.roles[0]}\n\n[profile deploy]\nrole_arn = ${DEPLOY_ROLE}\nsource_profile = sso-admin\n`,
    );
    await fs.writeFile(credentialsFile(), '[mine]\naws_access_key_id = AKIAEXAMPLE\n');
    await manager.profiles.activate(role, 'dev');
    expect(await manager.profiles.activateConfigProfile('deploy', 'chain')).toMatchObject({
      source: 'config-profile',
      profileName: 'deploy',
      ssoSession: 'corp',
    });

    const result = await manager.sessions.logout(session, { unuse: true });
    expect(result.removed.map((p) => p.profile).sort()).toEqual(['chain', 'dev']);
    expect(result.kept).toEqual([]);
    expect(await fs.readFile(credentialsFile(), 'utf8')).toBe('[mine]\naws_access_key_id = AKIAEXAMPLE\n');
    expect((await manager.state.read()).activeProfiles).toEqual([]);
    await expect(fs.stat(tokenCachePath(ctx, 'corp'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('leaves a profile someone rewrote by hand as it is, and says so', async () => {
    const { manager, session, role } = await signedIn();
    await manager.profiles.activate(role, 'dev');
    await fs.writeFile(credentialsFile(), '[dev]\naws_access_key_id = AKIAMINE\n');
    const result = await manager.sessions.logout(session, { unuse: true });
    expect(result.notOwned.map((p) => p.profile)).toEqual(['dev']);
    expect(await fs.readFile(credentialsFile(), 'utf8')).toBe('[dev]\naws_access_key_id = AKIAMINE\n');
  });

  it("removes the copy of the sign-in kept for legacy profiles (sha1 of the start URL), with its cached credentials; another sign-in's copy stays", async () => {
    const { manager, session } = await signedIn();
    const token = (await readCachedToken(ctx, 'corp'))!;
    const legacyCache = credentialProcessCachePath(ctx, { session: '', startUrl: 'profile:x', role: 'legacy' });
    const creds = toCredentialProcessOutput({ accessKeyId: 'ASIALEGACY', secretAccessKey: 's', sessionToken: 't', expiration: clock.now() + 3_600_000 });
    await writeCachedToken(ctx, fake.startUrl, token);
    await writeCredentialProcessCache(legacyCache, creds, fake.startUrl);
    await manager.sessions.logout(session);
    expect(await readCachedToken(ctx, fake.startUrl)).toBeUndefined();
    await expect(fs.stat(legacyCache)).rejects.toMatchObject({ code: 'ENOENT' });

    // A legacy token from another sign-in (the AWS CLI's own) is not this session's to end.
    await manager.sessions.login(session, { flow: 'pkce' });
    await writeCachedToken(ctx, fake.startUrl, { ...token, accessToken: 'another-sign-in' });
    await writeCredentialProcessCache(legacyCache, creds, fake.startUrl);
    await manager.sessions.logout(session);
    expect((await readCachedToken(ctx, fake.startUrl))?.accessToken).toBe('another-sign-in');
    await expect(fs.stat(legacyCache)).resolves.toBeTruthy();
  });
});
