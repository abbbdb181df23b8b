import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../../src/core/clock';
import { startFakeAws, type FakeAws } from '../../devkit/fake-aws';
import { advanceByMinutes } from '../../devkit/wait';
import { signInThroughIpc, startAppUnderTest, type AppUnderTest } from './app-harness';
import { FakeNotification } from './fake-electron';

vi.mock('electron', async () => (await import('./fake-electron')).electronModule);

// The app's Sign out, through the IPC channel to the running main process: the option to remove
// the session's profiles is validated, the handler hands it to the core, and afterwards the
// app's own refresh loop leaves the kept profiles alone — no renewal, no "sign in" notice.

const HAND_WRITTEN = '# mine\n[personal]\naws_access_key_id = AKIAEXAMPLE\n\n';
const TTL_S = 20 * 60;

let aws: FakeAws;
let clock: ManualClock;
let t: AppUnderTest | undefined;

beforeAll(async () => {
  aws = await startFakeAws({ accounts: 2, rolesPerAccount: 1, roleCredentialsTtlSeconds: TTL_S, now: () => clock.now() });
});
afterAll(async () => {
  await aws.close();
});
afterEach(async () => {
  await t?.close();
  t = undefined;
});

async function signedInWithProfile(): Promise<{ app: AppUnderTest; credentialsFile: string }> {
  clock = new ManualClock(Date.now());
  const app = await startAppUnderTest(aws, { clock });
  t = app;
  await signInThroughIpc(app, aws);
  const credentialsFile = path.join(app.home, '.aws', 'credentials');
  await fs.writeFile(credentialsFile, HAND_WRITTEN);
  const account = aws.accounts[0]!;
  const used = await app.invoke('profiles.use', {
    target: { kind: 'sso', session: 'corp', accountId: account.accountId, roleName: account.roles[0] },
    profile: 'work',
  });
  expect(used).toMatchObject({ ok: true });
  return { app, credentialsFile };
}

describe('sessions.logout', () => {
  it('refuses an option that is not a yes or no, and signs nothing out', async () => {
    const { app } = await signedInWithProfile();
    for (const request of [
      { session: 'corp', unuse: 'yes' },
      { session: 'corp', unuse: 1 },
      { session: 'corp', unuse: true, also: 'x' },
    ]) {
      expect(await app.invoke('sessions.logout', request)).toMatchObject({ ok: false, code: 'BAD_INPUT' });
    }
    expect(await app.invoke('sessions.list')).toMatchObject({ ok: true, value: [{ name: 'corp', signedIn: true }] });
  });

  it('with unuse, removes the profile from the credentials file: the bytes the person wrote stay', async () => {
    const { app, credentialsFile } = await signedInWithProfile();
    expect(await fs.readFile(credentialsFile, 'utf8')).toContain('[work]');
    expect(await app.invoke('sessions.logout', { session: 'corp', unuse: true })).toMatchObject({ ok: true });
    expect(await fs.readFile(credentialsFile, 'utf8')).toBe(HAND_WRITTEN);
    expect(await app.invoke('profiles.list')).toEqual({ ok: true, value: [] });
    expect(await app.invoke('sessions.list')).toMatchObject({ ok: true, value: [{ name: 'corp', signedIn: false }] });
    const pushed = app
      .sent()
      .filter((e) => e.channel === 'profiles-changed')
      .at(-1);
    expect(pushed?.payload).toEqual([]);
  });

  it('without it, keeps the profile until it expires, and the app neither renews it nor asks for a sign-in', async () => {
    const { app, credentialsFile } = await signedInWithProfile();
    const written = await fs.readFile(credentialsFile, 'utf8');
    expect(await app.invoke('sessions.logout', { session: 'corp' })).toMatchObject({ ok: true });
    expect(await app.invoke('profiles.list')).toMatchObject({ ok: true, value: [{ profile: 'work' }] });

    const notices = FakeNotification.instances.length;
    const sentBefore = app.sent().length;
    const calls = aws.stats().portal.byOperation.GetRoleCredentials ?? 0;
    await advanceByMinutes(clock, (TTL_S + 5 * 60) * 1000); // through the refresh margin and past the expiry
    expect(aws.stats().portal.byOperation.GetRoleCredentials ?? 0).toBe(calls);
    expect(await fs.readFile(credentialsFile, 'utf8')).toBe(written);
    expect(
      app
        .sent()
        .slice(sentBefore)
        .map((e) => e.channel),
    ).not.toContain('sign-in-needed');
    expect(FakeNotification.instances.slice(notices)).toEqual([]);
  });
});
