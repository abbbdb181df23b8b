import { readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { APP_USER_MODEL_ID, startApp } from '../../src/main/app-lifecycle';
import { ERROR_WORDS } from '../../src/shared/i18n/error-words';
import { waitFor } from '../../devkit/wait';
import { ASSETS_DIR, findMenuItem, signInThroughIpc, type AppUnderTest } from './app-harness';
import { FakeBrowserWindow, FakeNotification, fake, type FakeMenu, type FakeMenuItem } from './fake-electron';
import { useAppAgainstFake } from './app-lifecycle/use-app';

vi.mock('electron', async () => (await import('./fake-electron')).electronModule);

// Lifecycle, tray, popup and notifications of the running main process, on the fake Electron
// module with the real core against the emulator. The emulator shares the test's
// manual clock, so credentials and tokens expire when the test says.

const MIN = 60_000;
const ctx = useAppAgainstFake({ accounts: 2, rolesPerAccount: 2 }, { manualClock: true });
const realPlatform = process.platform;

function setPlatform(platform: NodeJS.Platform): void {
  Object.defineProperty(process, 'platform', { value: platform, configurable: true });
}

afterEach(() => {
  setPlatform(realPlatform);
});

const labels = (items: FakeMenuItem[] | undefined) => (items ?? []).map((i) => i.label ?? '---');
async function useFirstRole(t: AppUnderTest): Promise<{ kind: 'sso'; session: string; accountId: string; roleName: string }> {
  const catalog = await t.invoke('catalog.get', { session: 'corp', refresh: true });
  if (!catalog.ok) throw new Error(catalog.message);
  const account = (catalog.value as { accounts: { accountId: string; roles: string[] }[] }).accounts[0]!;
  const target = { kind: 'sso' as const, session: 'corp', accountId: account.accountId, roleName: account.roles[0]! };
  const used = await t.invoke('profiles.use', { target, profile: 'default' });
  if (!used.ok) throw new Error(used.message);
  return target;
}

/**
 * Moves the manual clock in steps, with a moment of real time after each, so the refresh loop's
 * file and HTTP work (real I/O) keeps up with the time it is given.
 */
async function passTime(ms: number, step = 30_000): Promise<void> {
  for (let done = 0; done < ms; done += step) {
    await ctx.clock.advance(Math.min(step, ms - done));
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Lets the tray's debounced rebuild run. */
async function settleTray(t: AppUnderTest): Promise<void> {
  await t.clock.advance(300);
  await t.app.tray.rebuild();
}

describe('lifecycle', () => {
  it('a second instance quits at once and creates nothing', async () => {
    fake.reset();
    fake.app.singleInstance = false;
    expect(
      await startApp({
        env: {},
        createSettings: () => ({
          get: () => {
            throw new Error('unused');
          },
          set: () => {
            throw new Error('unused');
          },
        }),
      }),
    ).toBeUndefined();
    expect(fake.app.quitCalls).toBe(1);
    expect(FakeBrowserWindow.instances).toEqual([]);
  });

  it('a second launch shows the running popup instead', async () => {
    const t = await ctx.start();
    fake.app.emit('second-instance');
    expect(t.popup.isVisible()).toBe(true);
  });

  it('on macOS: no dock icon, launch at login follows the setting', async () => {
    setPlatform('darwin');
    const t = await ctx.start();
    expect(fake.app.dockHidden).toBe(true);
    expect(fake.app.loginItem).toEqual({ openAtLogin: false });
    expect(await t.invoke('settings.set', { launchAtLogin: true })).toMatchObject({ ok: true, value: { launchAtLogin: true } });
    expect(fake.app.loginItem).toEqual({ openAtLogin: true });
    expect(t.sent().filter((e) => e.channel === 'settings-changed')).toHaveLength(1);
  });

  it('on Linux: launch at login writes the XDG autostart entry and removes it again', async () => {
    setPlatform('linux');
    const t = await ctx.start();
    const entry = path.join(t.home, '.config', 'autostart', 'latchkey.desktop');
    expect(await t.invoke('settings.set', { launchAtLogin: true })).toMatchObject({ ok: true });
    const text = await waitFor(() => fs.readFile(entry, 'utf8').catch(() => undefined), 2_000, 'the autostart entry');
    // Unpackaged, Electron needs the app folder; a packaged app starts on its own.
    expect(text).toContain(`Exec=${process.execPath} ${process.cwd()}`);
    expect(fake.app.loginItem).toBeUndefined();
    expect(await t.invoke('settings.set', { launchAtLogin: false })).toMatchObject({ ok: true });
    await waitFor(
      () =>
        fs.access(entry).then(
          () => undefined,
          () => true,
        ),
      2_000,
      'the entry to go',
    );
  });

  it('quitting stops the refresh loop and waits for work in flight before it lets go', async () => {
    const t = await ctx.start();
    let finish!: () => void;
    void t.app.inFlight.track(new Promise<void>((r) => (finish = r)));
    fake.app.quit();
    await new Promise((r) => setTimeout(r, 50));
    // Held: the quit was prevented, the tray is gone, the handlers are still there for the call.
    expect(fake.app.quitCalls).toBe(1);
    expect(t.tray.isDestroyed()).toBe(true);
    expect(fake.ipcMain.handlers.size).toBeGreaterThan(0);
    finish();
    await waitFor(() => fake.app.quitCalls === 2 || undefined, 2_000, 'the second quit');
    expect(fake.ipcMain.handlers.size).toBe(0);
    // No timer of the core is left to write anything.
    const pending = ctx.clock.pendingTimers();
    await ctx.clock.advance(60 * MIN);
    expect(ctx.clock.pendingTimers()).toBeLessThanOrEqual(pending);
  });

  it('a profile being written when quit is asked for is complete in the file before the app lets go', async () => {
    const t = await ctx.start();
    await signInThroughIpc(t, ctx.aws);
    const catalog = await t.invoke('catalog.get', { session: 'corp', refresh: true });
    const account = (catalog as { value: { accounts: { accountId: string; roles: string[] }[] } }).value.accounts[0]!;
    const credentials = path.join(t.home, '.aws', 'credentials');
    let atExit: string | undefined;
    // The second before-quit is the one the app lets through: what is on disk then is what stays.
    fake.app.on('before-quit', () => {
      if (fake.app.quitCalls === 2) atExit = readFileSync(credentials, 'utf8');
    });
    const use = t.invoke('profiles.use', {
      target: { kind: 'sso', session: 'corp', accountId: account.accountId, roleName: account.roles[0]! },
      profile: 'ops',
    });
    fake.app.quit();
    expect(await use).toMatchObject({ ok: true });
    await waitFor(() => fake.app.quitCalls === 2 || undefined, 5_000, 'the second quit');
    expect(atExit).toMatch(/\[ops\][\s\S]*aws_secret_access_key/);
  });
});

describe('tray', () => {
  it('on Linux the menu is the way in: set on the tray, rebuilt as the state changes, actions run the core', async () => {
    setPlatform('linux');
    const t = await ctx.start();
    await settleTray(t);
    expect(labels(t.tray.contextMenu?.template)).toEqual(['Open Latchkey', '---', 'Sign in…', '---', 'Quit Latchkey']);
    await signInThroughIpc(t, ctx.aws);
    const target = await useFirstRole(t);
    await settleTray(t);
    const menu = t.tray.contextMenu!.template;
    expect(labels(menu)).toEqual(expect.arrayContaining(['Recent', 'Active profiles', 'default — 1 h 00 min left']));
    expect(t.tray.toolTip).toBe('Latchkey — default: 1 h 00 min left');
    expect(t.tray.image).toEqual({ path: path.join(ASSETS_DIR, 'tray', 'tray-active.png') });

    // "Use in terminal" on a recent role writes it to the default profile, from the menu alone.
    await fs.rm(path.join(t.home, '.aws', 'credentials'));
    const recent = menu.find((i) => i.label?.endsWith(`/ ${target.roleName}`) && i.submenu);
    findMenuItem(recent?.submenu, 'Use in terminal')!.click!();
    await waitFor(() =>
      fs.readFile(path.join(t.home, '.aws', 'credentials'), 'utf8').then(
        (s) => (s.includes('[default]') ? s : undefined),
        () => undefined,
      ),
    );

    // Time passes: the countdown and the picture follow, without any event.
    await t.clock.advance(52 * MIN);
    await t.app.tray.rebuild();
    expect(t.tray.image).toEqual({ path: path.join(ASSETS_DIR, 'tray', 'tray-expiring.png') });
  });

  it('on macOS and Windows a click toggles the popup next to the icon and a right-click pops the menu', async () => {
    setPlatform('win32');
    const t = await ctx.start();
    await settleTray(t);
    expect(t.tray.contextMenu).toBeUndefined();
    fake.display = { bounds: { x: 0, y: 0, width: 1920, height: 1080 }, workArea: { x: 0, y: 0, width: 1920, height: 1040 } };
    t.tray.emit('click', {}, { x: 1700, y: 1045, width: 24, height: 30 });
    expect(t.popup.isVisible()).toBe(true);
    expect(t.popup.position).toEqual([1712 - 190, 1040 - 560 - 6]);
    await t.clock.advance(1000);
    t.tray.emit('click', {}, { x: 1700, y: 1045, width: 24, height: 30 });
    expect(t.popup.isVisible()).toBe(false);
    t.tray.emit('right-click');
    expect(t.tray.poppedUp).toHaveLength(1);
    expect(labels((t.tray.poppedUp[0] as FakeMenu).template).at(-1)).toBe('Exit Latchkey');
    expect(t.tray.image).toEqual({ path: path.join(ASSETS_DIR, 'tray', 'tray-signed-out.ico') });
  });

  it('follows the language setting', async () => {
    setPlatform('darwin');
    const t = await ctx.start({ settings: { language: 'ja' } });
    await settleTray(t);
    fake.app.emit('noop');
    t.tray.emit('right-click');
    expect(labels((t.tray.poppedUp[0] as FakeMenu).template)).toEqual(['サインイン…', '---', 'Latchkey を開く', 'Latchkey を終了']);
    expect(t.tray.image).toEqual({ path: path.join(ASSETS_DIR, 'tray', 'tray-signed-outTemplate.png') });
    await t.invoke('settings.set', { language: 'en' });
    await settleTray(t);
    t.tray.emit('right-click');
    expect(labels((t.tray.poppedUp[1] as FakeMenu).template)[0]).toBe('Sign in…');
  });
});

describe('popup', () => {
  it('hides on blur, but not on the spurious blur right after it is shown; hides on Esc', async () => {
    const t = await ctx.start();
    t.app.popup.showAt({ x: 1700, y: 1045, width: 24, height: 30 });
    t.popup.emit('blur');
    expect(t.popup.isVisible()).toBe(true);
    await t.clock.advance(250);
    t.popup.emit('blur');
    expect(t.popup.isVisible()).toBe(false);

    t.app.popup.showAt(undefined);
    const other = { preventDefault: vi.fn() };
    t.popup.webContents.emit('before-input-event', other, { type: 'keyDown', key: 'a' });
    expect(t.popup.isVisible()).toBe(true);
    expect(other.preventDefault).not.toHaveBeenCalled();
    const esc = { preventDefault: vi.fn() };
    t.popup.webContents.emit('before-input-event', esc, { type: 'keyDown', key: 'Escape' });
    expect(t.popup.isVisible()).toBe(false);
    expect(esc.preventDefault).toHaveBeenCalled();
  });

  it('a click on the icon of the open popup closes it (the blur that comes first does not make it reopen)', async () => {
    const t = await ctx.start();
    const bounds = { x: 1700, y: 1045, width: 24, height: 30 };
    t.app.popup.toggle(bounds);
    await t.clock.advance(1000);
    // Windows and macOS: the click takes focus from the popup (blur), then arrives as a click.
    t.popup.emit('blur');
    await t.clock.advance(50);
    t.app.popup.toggle(bounds);
    expect(t.popup.isVisible()).toBe(false);
    // A later click opens it again.
    await t.clock.advance(1000);
    t.app.popup.toggle(bounds);
    expect(t.popup.isVisible()).toBe(true);
  });

  it('Alt+F4 or Cmd+W only hides it; a window that is gone anyway comes back on the next click, and only it is trusted', async () => {
    setPlatform('win32');
    const t = await ctx.start();
    const bounds = { x: 1700, y: 1045, width: 24, height: 30 };
    t.app.popup.showAt(bounds);
    t.popup.close();
    expect(t.popup.isDestroyed()).toBe(false);
    expect(t.popup.isVisible()).toBe(false);
    // Destroyed for good (the OS, a crash): the tray icon still opens a fresh, locked-down popup.
    t.popup.destroy();
    await t.clock.advance(1000);
    t.tray.emit('click', {}, bounds);
    const fresh = FakeBrowserWindow.instances.at(-1)!;
    expect(FakeBrowserWindow.instances).toHaveLength(2);
    expect(fresh.isVisible()).toBe(true);
    expect(fresh.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false });
    await new Promise((r) => setImmediate(r));
    expect(await t.invoke('settings.get', undefined, { sender: fresh.webContents, senderFrame: fresh.webContents.mainFrame })).toMatchObject({ ok: true });
    expect(await t.invoke('settings.get')).toMatchObject({ ok: false, code: 'ACCESS_DENIED' });
  });

  it('quitting is not held up by the popup refusing to close', async () => {
    const t = await ctx.start();
    fake.app.quit();
    await waitFor(() => fake.app.quitCalls === 2 || undefined, 2_000, 'the second quit');
    // Electron now closes the windows: nothing prevents it.
    t.popup.close();
    expect(t.popup.isDestroyed()).toBe(true);
  });

  it('several displays: opens on the display of the tray icon, or of the pointer when the icon has no place', async () => {
    setPlatform('win32');
    const t = await ctx.start();
    fake.otherDisplays = [{ bounds: { x: 1920, y: 0, width: 1920, height: 1080 }, workArea: { x: 1920, y: 0, width: 1920, height: 1040 } }];
    t.app.popup.showAt({ x: 3000, y: 1045, width: 24, height: 30 });
    expect(t.popup.position).toEqual([3012 - 190, 1040 - 560 - 6]);
    t.app.popup.hide();
    setPlatform('linux');
    fake.cursor = { x: 3000, y: 10 };
    t.app.popup.showAt({ x: 0, y: 0, width: 0, height: 0 });
    expect(t.popup.position).toEqual([3000 - 190, 10 + 6]);
  });

  it('on macOS it shows on every Space and over full-screen apps without turning into a Dock app', async () => {
    setPlatform('darwin');
    const t = await ctx.start();
    expect(t.popup.visibleOnAllWorkspacesOptions).toEqual({ visibleOnFullScreen: true, skipTransformProcessType: true });
  });

  it('app.hidePopup from the window hides it', async () => {
    const t = await ctx.start();
    t.app.popup.showAt(undefined);
    expect(await t.invoke('app.hidePopup')).toEqual({ ok: true, value: null });
    expect(t.popup.isVisible()).toBe(false);
  });
});

describe('refresh and notifications (manual clock)', () => {
  it('keeps an active profile fresh, starting as early as the refresh-margin setting says', async () => {
    const t = await ctx.start();
    await signInThroughIpc(t, ctx.aws);
    await useFirstRole(t);
    expect(await t.invoke('settings.set', { refreshMarginMinutes: 30 })).toMatchObject({ ok: true });
    const first = (await t.app.latchkey.profiles.list())[0]!.expiration;
    await passTime(29 * MIN);
    expect((await t.app.latchkey.profiles.list())[0]!.expiration).toBe(first);
    await passTime(2 * MIN);
    await waitFor(async () => ((await t.app.latchkey.profiles.list())[0]!.expiration > first ? true : undefined), 5_000, 'the refresh');
    expect(t.sent().some((e) => e.channel === 'profiles-changed')).toBe(true);
    expect(FakeNotification.instances).toEqual([]);
  });

  it('when the sign-in is revoked: one sign-in-needed and one expiry notice at the right time, never repeated', async () => {
    const t = await ctx.start();
    await signInThroughIpc(t, ctx.aws);
    await useFirstRole(t);
    ctx.aws.revokeAllTokens();
    await passTime(49 * MIN);
    expect(FakeNotification.instances).toEqual([]);
    await passTime(2 * MIN);
    await waitFor(() => (FakeNotification.instances.length >= 2 ? true : undefined), 5_000, 'the notifications');
    const titles = () => FakeNotification.instances.map((n) => n.options.title);
    expect(titles()).toEqual(expect.arrayContaining(['Sign-in needed for corp', expect.stringMatching(/^Profile default expires in (9|10) min$/)]));
    expect(FakeNotification.instances.every((n) => n.shown)).toBe(true);
    const signIn = FakeNotification.instances.find((n) => n.options.title === 'Sign-in needed for corp')!;
    expect(signIn.options.actions).toEqual([{ type: 'button', text: 'Sign in' }]);
    // Retries keep failing for the rest of the hour: nothing is said twice.
    await passTime(15 * MIN);
    expect(titles()).toHaveLength(2);
    // The renderer heard it too, and the tray shows the lapse.
    expect(t.sent().map((e) => e.channel)).toEqual(expect.arrayContaining(['sign-in-needed', 'expiry-warning']));
  });

  it('a click on the notification itself does its action on every platform, even with no popup window left', async () => {
    for (const platform of ['linux', 'win32', 'darwin'] as const) {
      setPlatform(platform);
      const t = await ctx.start();
      expect(await t.invoke('sessions.add', { startUrl: ctx.aws.startUrl, region: ctx.aws.region, name: 'corp' })).toMatchObject({ ok: true });
      t.popup.destroy();
      expect(t.app.notifier.signInNeeded('corp')).toBe(true);
      const notice = FakeNotification.instances.at(-1)!;
      expect(notice.shown).toBe(true);
      notice.emit('click');
      // The popup is back and the browser sign-in has started (and, approved, finishes).
      expect(FakeBrowserWindow.instances.at(-1)!.isVisible()).toBe(true);
      await waitFor(() => fake.opened.find((u) => u.includes('/authorize')), 5_000, `the sign-in on ${platform}`);
      await waitFor(async () => ((await t.app.latchkey.sessions.list())[0]?.signedIn ? true : undefined), 5_000, 'the token');
      if (platform === 'win32') expect(fake.app.appUserModelId).toBe(APP_USER_MODEL_ID);
      await t.close();
    }
    // The id notifications are shown under on Windows is the installer's.
    expect(await fs.readFile(path.resolve(__dirname, '../../electron-builder.yml'), 'utf8')).toMatch(
      new RegExp(`^appId: ${APP_USER_MODEL_ID.replace(/\./g, '\\.')}$`, 'm'),
    );
  });

  it('in Japanese, end to end: the Refresh click runs, and its failure is told in Japanese too', async () => {
    const t = await ctx.start({ settings: { language: 'ja' } });
    t.app.notifier.expiryWarning({ kind: 'profile', name: 'ghost', expiresAt: ctx.clock.now() + 5 * MIN });
    const warning = FakeNotification.instances[0]!;
    expect(warning.options.title).toBe('プロファイル ghost はあと 5 分で期限切れになります');
    warning.emit('click');
    // There is no profile "ghost" to refresh: the failure is the next notification.
    await waitFor(() => FakeNotification.instances[1], 5_000, 'the failure notice');
    expect(FakeNotification.instances[1]!.options.title).toBe('プロファイルを更新できませんでした');
    // What happened and what to do, in the same Japanese words the popup uses for NOT_FOUND, then the core's detail.
    const [words, details] = FakeNotification.instances[1]!.options.body.split('\n');
    expect(words).toBe(`${ERROR_WORDS.ja.NOT_FOUND.title}${ERROR_WORDS.ja.NOT_FOUND.action}`);
    expect(words).toBe('見つかりませんでした。同期して、アカウントとロールを最新にしてください。');
    expect(details).toMatch(/^詳細: .*ghost/);
  });

  it('with notifications turned off, nothing is shown', async () => {
    const t = await ctx.start({ settings: { notifications: false } });
    await signInThroughIpc(t, ctx.aws);
    await useFirstRole(t);
    ctx.aws.revokeAllTokens();
    await passTime(55 * MIN);
    await waitFor(() => (t.sent().some((e) => e.channel === 'sign-in-needed') ? true : undefined), 5_000, 'the sign-in-needed event');
    expect(FakeNotification.instances).toEqual([]);
  });
});
