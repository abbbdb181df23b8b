import { describe, expect, it, vi } from 'vitest';
import type { IpcResult } from '../../../src/shared/errors';
import type { SignInPromptView } from '../../../src/shared/views';
import { waitFor } from '../../../devkit/wait';
import { signInThroughIpc, type AppUnderTest } from '../app-harness';
import { FakeBrowserWindow, FakeNotification, fake } from '../fake-electron';
import { useAppAgainstFake } from './use-app';

vi.mock('electron', async () => (await import('../fake-electron')).electronModule);

// A sign-in the person has to finish, seen from outside the popup: the tray's tooltip while it
// waits (with the code to type), the popup's device code and why, and the one notification a
// lapsed sign-in gets until the person signs in again. The emulator shares the manual clock.

const MIN = 60_000;
const ctx = useAppAgainstFake({ accounts: 1, rolesPerAccount: 2 }, { manualClock: true });

async function passTime(ms: number, step = 30_000): Promise<void> {
  for (let done = 0; done < ms; done += step) {
    await ctx.clock.advance(Math.min(step, ms - done));
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Moves the clock on (device polling sleeps on it) until the call has answered. */
async function untilAnswered(call: Promise<IpcResult<unknown>>): Promise<IpcResult<unknown>> {
  let answer: IpcResult<unknown> | undefined;
  void call.then((a) => (answer = a));
  for (let i = 0; i < 200 && !answer; i++) await passTime(1_000, 1_000);
  return answer ?? call;
}

async function settleTray(app: AppUnderTest): Promise<void> {
  await app.clock.advance(300);
  await app.app.tray.rebuild();
}

const prompts = (app: AppUnderTest) =>
  app
    .sent()
    .filter((e) => e.channel === 'sign-in-prompt')
    .map((e) => e.payload as SignInPromptView);
const finished = (app: AppUnderTest) =>
  app
    .sent()
    .filter((e) => e.channel === 'sign-in-finished')
    .map((e) => e.payload);
const signInNotices = () => FakeNotification.instances.filter((n) => n.options.title === 'Sign-in needed for corp');

async function addCorp(app: AppUnderTest): Promise<void> {
  expect(await app.invoke('sessions.add', { startUrl: ctx.aws.startUrl, region: ctx.aws.region, name: 'corp' })).toMatchObject({ ok: true });
}

describe('a sign-in waiting in the background', () => {
  it('shows in the tray tooltip with its code, follows the device-code setting, and leaves the tooltip when done', async () => {
    const t = await ctx.start({ settings: { signInFlow: 'device' } });
    await addCorp(t);
    // 'auto' from the tray, a notification or the popup: the setting says device code.
    const login = t.invoke('sessions.login', { session: 'corp', flow: 'auto' });
    const prompt = await waitFor(() => prompts(t!).find((p) => p.kind === 'device'), 5_000, 'the device code');
    if (prompt.kind !== 'device') throw new Error('not a device prompt');
    // Asked for by the setting: no reason to give.
    expect(prompt.reason).toBeUndefined();
    await settleTray(t);
    expect(t.tray.toolTip).toBe(`Latchkey — waiting for sign-in to corp (code ${prompt.userCode})`);

    ctx.aws.approveDevice(prompt.userCode);
    expect(await untilAnswered(login)).toMatchObject({ ok: true });
    expect(finished(t)).toEqual([{ session: 'corp', ok: true }]);
    await settleTray(t);
    expect(t.tray.toolTip).toBe('Latchkey — signed in, no active profile');
  });

  it('a browser that cannot be opened: the popup gets the device code with the reason; a cancel clears the tooltip', async () => {
    const t = await ctx.start();
    await addCorp(t);
    fake.onOpenExternal = async () => {
      throw new Error('no browser to open');
    };
    const login = t.invoke('sessions.login', { session: 'corp', flow: 'auto' });
    const prompt = await waitFor(() => prompts(t!).find((p) => p.kind === 'device'), 5_000, 'the device code');
    expect(prompt).toMatchObject({ session: 'corp', kind: 'device', reason: 'browser-failed' });
    // Only the code goes to the window, never the core's English sentence.
    expect(JSON.stringify(prompt)).not.toContain('could not be opened');
    await settleTray(t);
    expect(t.tray.toolTip).toMatch(/^Latchkey — waiting for sign-in to corp \(code [A-Z0-9-]+\)$/);

    expect(await t.invoke('sessions.cancelLogin', { session: 'corp' })).toMatchObject({ ok: true });
    expect(await untilAnswered(login)).toMatchObject({ ok: false, code: 'CANCELLED' });
    expect(finished(t)).toEqual([{ session: 'corp', ok: false }]);
    await settleTray(t);
    expect(t.tray.toolTip).toBe('Latchkey — signed out');
  });
});

describe('a sign-in found gone by the background refresh', () => {
  it('one notification per session (two profiles, hours of retries, failing syncs), its click signs in, and the next lapse is news again', async () => {
    const t = await ctx.start();
    await signInThroughIpc(t, ctx.aws);
    const account = ctx.aws.accounts[0]!;
    for (const [profile, roleName] of [
      ['default', account.roles[0]!],
      ['ops', account.roles[1]!],
    ] as const) {
      const used = await t.invoke('profiles.use', { target: { kind: 'sso', session: 'corp', accountId: account.accountId, roleName }, profile });
      expect(used).toMatchObject({ ok: true });
    }
    ctx.aws.revokeAllTokens();
    await passTime(55 * MIN);
    await waitFor(() => (signInNotices().length ? true : undefined), 5_000, 'the notification');
    // Each sync that finds the sign-in gone says so again (and the session list is sent again,
    // still looking signed in: a revoked token has not expired); the person hears it once.
    for (let i = 0; i < 3; i++) {
      t.app.latchkey.events.emit('sign-in-needed', { session: 'corp' });
      await passTime(20 * MIN);
    }
    expect(signInNotices()).toHaveLength(1);
    expect(t.sent().filter((e) => e.channel === 'sign-in-needed').length).toBeGreaterThan(3);
    expect(t.sent().filter((e) => e.channel === 'sessions-changed').length).toBeGreaterThan(3);

    // The click opens the popup and starts the sign-in for that session, which the popup follows.
    t.popup.hide();
    const [promptsBefore, finishedBefore] = [prompts(t).length, finished(t).length];
    signInNotices()[0]!.emit('click');
    expect(FakeBrowserWindow.instances.at(-1)!.isVisible()).toBe(true);
    await waitFor(
      () =>
        prompts(t!)
          .slice(promptsBefore)
          .find((p) => p.session === 'corp' && p.kind === 'browser'),
      5_000,
      'the browser prompt',
    );
    expect(await waitFor(() => finished(t!)[finishedBefore], 5_000, 'the sign-in')).toEqual({ session: 'corp', ok: true });

    // Signed in again, a later lapse gets its own notification, once.
    t.app.latchkey.events.emit('sign-in-needed', { session: 'corp' });
    t.app.latchkey.events.emit('sign-in-needed', { session: 'corp' });
    await waitFor(() => (signInNotices().length === 2 ? true : undefined), 5_000, 'the second notification');
    await passTime(MIN);
    expect(signInNotices()).toHaveLength(2);
  });
});
