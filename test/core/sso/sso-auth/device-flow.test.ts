import { describe, expect, it } from 'vitest';
import type { FakeAws } from '../../../../devkit/fake-aws/index';
import { ManualClock } from '../../../../src/core/clock';
import type { LatchkeyError } from '../../../../src/core/errors';
import { SsoAuth, type LoginPrompt } from '../../../../src/core/sso/sso-auth';
import { readCachedToken } from '../../../../src/core/sso/token-cache';
import { leakedSecrets, makeCtx, sessionFor, startFakeForTest, waitFor, type TestCtx } from '../helpers';

let fake: FakeAws | undefined;
let t: TestCtx | undefined;

type DevicePrompt = Extract<LoginPrompt, { kind: 'device' }>;

/** Starts a device sign-in that opens nothing; resolves once the user code is on screen. */
async function startDeviceLogin(auth: SsoAuth, f: FakeAws) {
  let prompt: DevicePrompt | undefined;
  const login = auth.login(sessionFor(f), {
    flow: 'device',
    openBrowser: false,
    onPrompt: (p) => {
      if (p.kind === 'device') prompt = p;
    },
  });
  login.catch(() => {});
  await waitFor(() => prompt !== undefined);
  return { login, prompt: prompt! };
}

describe('device-code sign-in', () => {
  it('shows the code, polls until approved, and stores the token', async () => {
    fake = await startFakeForTest({ deviceInterval: 0.2 });
    t = await makeCtx(fake);
    const { login, prompt } = await startDeviceLogin(new SsoAuth(t.ctx), fake);
    expect(prompt.userCode).toBe(fake.pendingUserCodes()[0]);
    expect(prompt.verificationUri).toBe(`${fake.url}/device`);
    expect(prompt.verificationUriComplete).toContain(encodeURIComponent(prompt.userCode));
    expect(prompt.expiresAt).toBeGreaterThan(Date.now());

    await new Promise((r) => setTimeout(r, 500)); // a few pending polls
    fake.approveDevice(prompt.userCode);
    await expect(login).resolves.toMatchObject({ waitedForOther: false });
    const token = await readCachedToken(t.ctx, 'work');
    expect(token?.refreshToken).toBeTruthy();
    expect(fake.stats()).toMatchObject({ registrations: 1, deviceAuthorizations: 1, signIns: 1, tokens: { deviceCode: 1 } });
    expect(leakedSecrets(fake, t.lines)).toEqual([]);
  });

  it('opens verificationUriComplete in the browser', async () => {
    fake = await startFakeForTest({ deviceInterval: 0.2, autoApprove: true });
    t = await makeCtx(fake);
    await new SsoAuth(t.ctx).login(sessionFor(fake), { flow: 'device' });
    expect(t.opened).toHaveLength(1);
    expect(t.opened[0]).toMatch(/\/device\?user_code=/);
    expect(fake.stats().signIns).toBe(1);
  });

  it('fails with SIGN_IN_DENIED when the person denies', async () => {
    fake = await startFakeForTest({ deviceInterval: 0.2 });
    t = await makeCtx(fake);
    const { login, prompt } = await startDeviceLogin(new SsoAuth(t.ctx), fake);
    fake.denyDevice(prompt.userCode);
    const err = (await login.catch((e: unknown) => e)) as LatchkeyError;
    expect(err.code).toBe('SIGN_IN_DENIED');
    expect(err.message).toMatch(/denied/);
    expect(await readCachedToken(t.ctx, 'work')).toBeUndefined();
  });

  it('fails clearly when the code expires', async () => {
    fake = await startFakeForTest({ deviceInterval: 0.2 });
    t = await makeCtx(fake);
    const { login } = await startDeviceLogin(new SsoAuth(t.ctx), fake);
    fake.expireDeviceCodes();
    const err = (await login.catch((e: unknown) => e)) as LatchkeyError;
    expect(err.code).toBe('SIGN_IN_DENIED');
    expect(err.message).toMatch(/code expired.*[Ss]ign in again/);
  });

  it('slows down by 5 s for good on SlowDownException', async () => {
    const clock = new ManualClock();
    fake = await startFakeForTest({ deviceInterval: 1, now: () => clock.now() });
    t = await makeCtx(fake, { clock });
    const { login, prompt } = await startDeviceLogin(new SsoAuth(t.ctx), fake);
    let settled = false;
    void login.finally(() => (settled = true)).catch(() => {});
    // Pending timers while polling: the sign-in deadline and the sleep before the next poll.
    const sleeping = () => waitFor(() => clock.pendingTimers() === 2);
    await sleeping(); // first poll: pending

    fake.configure({ deviceInterval: 3 }); // the client's 1 s is now too fast
    await clock.advance(1000);
    await sleeping();
    await waitFor(() => t!.lines.some((l) => /slow down/.test(l) && /"intervalSeconds":6/.test(l)));

    await clock.advance(5900); // 6 s, not 1 s: no poll yet
    await sleeping();
    await clock.advance(100); // second poll, 6 s after the first: pending, and the interval stays 6 s
    await sleeping();

    fake.approveDevice(prompt.userCode);
    await clock.advance(5900);
    await new Promise((r) => setTimeout(r, 100));
    expect(settled).toBe(false);
    await clock.advance(100);
    await expect(login).resolves.toMatchObject({ waitedForOther: false });
    expect(t.lines.filter((l) => /slow down/.test(l))).toHaveLength(1);
  });

  it('registers again when AWS rejects the cached registration', async () => {
    fake = await startFakeForTest({ deviceInterval: 0.2, autoApprove: true });
    t = await makeCtx(fake);
    const auth = new SsoAuth(t.ctx);
    await auth.login(sessionFor(fake), { flow: 'device' });
    fake.expireClientRegistrations();
    await auth.login(sessionFor(fake), { flow: 'device' });
    expect(fake.stats()).toMatchObject({ registrations: 2, signIns: 2 });
    expect(t.lines.join('\n')).toMatch(/registering again/);
  });
});
