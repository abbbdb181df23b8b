import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { invokeChannels } from '../../../src/shared/contract';
import { ASSETS_DIR, signInThroughIpc, type AppUnderTest } from '../app-harness';
import { packagedMenuTemplate } from '../../../src/main/app-menu';
import { FakeBrowserWindow, FakeFrame, FakeMenu, FakeWebContents, fake, type FakeMenuItem } from '../fake-electron';
import { useAppAgainstFake } from './use-app';

vi.mock('electron', async () => (await import('../fake-electron')).electronModule);

// The main process as the popup meets it: a locked-down window, every channel behind the
// sender guard and schema validation, the real core behind them, and nothing secret coming back.

const ctx = useAppAgainstFake({ accounts: 3, rolesPerAccount: 2 });

describe('the popup window', () => {
  it('starts hidden, frameless, isolated and sandboxed, with our preload and our bundled renderer', async () => {
    const t = await ctx.start();
    expect(FakeBrowserWindow.instances).toHaveLength(1);
    const { options } = t.popup;
    expect(options).toMatchObject({ show: false, frame: false, resizable: false, skipTaskbar: true, alwaysOnTop: true });
    // Spelled out rather than imported from the window: the test states what the window must be.
    expect(options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      preload: path.resolve('/app/out/preload/index.cjs'),
    });
    expect(t.popup.loaded).toEqual({ file: path.resolve('/app/out/renderer/index.html') });
    expect(t.popup.isVisible()).toBe(false);
    // In the tray from the start, with the signed-out picture.
    expect(t.tray.image).toEqual({
      path: path.join(
        ASSETS_DIR,
        'tray',
        process.platform === 'darwin' ? 'tray-signed-outTemplate.png' : process.platform === 'win32' ? 'tray-signed-out.ico' : 'tray-signed-out.png',
      ),
    });
  });

  it('every web contents is hardened: no new windows, navigation, redirects, webviews or permissions', async () => {
    const t = await ctx.start();
    const contents = new FakeWebContents();
    fake.app.emit('web-contents-created', {}, contents);
    expect(contents.windowOpenHandler?.({ url: 'https://evil.example' })).toEqual({ action: 'deny' });
    for (const name of ['will-navigate', 'will-frame-navigate', 'will-redirect', 'will-attach-webview']) {
      const event = { preventDefault: vi.fn() };
      contents.emit(name, event, 'https://evil.example/');
      expect(event.preventDefault, name).toHaveBeenCalled();
    }
    const granted = vi.fn();
    contents.session.permissionRequestHandler?.(contents, 'media', granted);
    expect(granted).toHaveBeenCalledWith(false);
    expect(contents.session.permissionCheckHandler?.(contents, 'clipboard-read')).toBe(false);
    // The popup itself and the default session too.
    expect(t.popup.webContents.windowOpenHandler?.({})).toEqual({ action: 'deny' });
    expect(fake.defaultSession.permissionCheckHandler?.()).toBe(false);
  });

  it('a packaged app has no DevTools and no menu with Reload or Toggle Developer Tools', async () => {
    fake.app.isPackaged = true;
    try {
      const t = await ctx.start();
      expect(t.popup.options.webPreferences.devTools).toBe(false);
      // Electron's default menu (with those accelerators) is replaced: on this platform by none,
      // on macOS by the app and Edit menus only.
      expect(FakeMenu.applicationMenu).not.toBeUndefined();
      expect(FakeMenu.applicationMenu?.template ?? null).toEqual(packagedMenuTemplate(process.platform));
    } finally {
      fake.app.isPackaged = false;
    }
    const roles = (items: FakeMenuItem[] | null): string[] => (items ?? []).flatMap((i) => [i.role ?? '', ...roles(i.submenu ?? null)]);
    for (const platform of ['darwin', 'win32', 'linux'] as const) {
      const template = packagedMenuTemplate(platform) as FakeMenuItem[] | null;
      expect(
        roles(template).filter((r) => /reload|devtools|viewmenu|windowmenu|filemenu/i.test(r)),
        platform,
      ).toEqual([]);
      expect(JSON.stringify(template ?? [])).not.toMatch(/accelerator/i);
    }
    expect(packagedMenuTemplate('darwin')).toEqual([{ role: 'appMenu' }, { role: 'editMenu' }]);
    expect(packagedMenuTemplate('linux')).toBeNull();
    expect(packagedMenuTemplate('win32')).toBeNull();
  });

  it('in development the popup keeps DevTools and Electron’s default menu', async () => {
    const t = await ctx.start();
    expect(t.popup.options.webPreferences.devTools).toBe(true);
    expect(FakeMenu.applicationMenu).toBeUndefined();
  });

  it('no dev server URL is used by a packaged app', async () => {
    fake.app.isPackaged = true;
    try {
      const t = await ctx.start({ env: { ...ctx.aws.env, ELECTRON_RENDERER_URL: 'http://localhost:5173' } });
      expect(t.popup.loaded.file).toBeDefined();
      expect(t.popup.loaded.url).toBeUndefined();
    } finally {
      fake.app.isPackaged = false;
    }
  });
});

describe('IPC', () => {
  it('registers a handler for every contract channel', async () => {
    await ctx.start();
    expect([...fake.ipcMain.handlers.keys()].sort()).toEqual(Object.keys(invokeChannels).sort());
  });

  it('answers our popup main frame, and refuses another window, a subframe, a navigated frame or a gone frame', async () => {
    const t = await ctx.start();
    expect(await t.invoke('sessions.list')).toEqual({ ok: true, value: [] });
    const other = new FakeBrowserWindow({});
    await other.loadFile(path.resolve('/app/out/renderer/index.html'));
    const subframe = new FakeFrame(t.popup.webContents.mainFrame.url);
    const senders = {
      'another window': { sender: other.webContents, senderFrame: other.webContents.mainFrame },
      'a subframe of the popup': { sender: t.popup.webContents, senderFrame: subframe },
      'a frame that is gone': { sender: t.popup.webContents, senderFrame: null },
    };
    for (const [what, event] of Object.entries(senders)) {
      const result = await t.invoke('settings.set', { notifications: false }, event);
      expect(result, what).toMatchObject({ ok: false, code: 'ACCESS_DENIED' });
    }
    t.popup.webContents.mainFrame.url = 'https://evil.example/index.html';
    expect(await t.invoke('settings.set', { notifications: false })).toMatchObject({ ok: false, code: 'ACCESS_DENIED' });
    t.popup.webContents.mainFrame.url = 'file:///tmp/other/index.html';
    expect(await t.invoke('settings.get')).toMatchObject({ ok: false, code: 'ACCESS_DENIED' });
    // Nothing got through: the setting is unchanged.
    t.popup.webContents.mainFrame.url = `file://${path.resolve('/app/out/renderer/index.html')}#/settings`;
    expect(await t.invoke('settings.get')).toMatchObject({ ok: true, value: { notifications: true } });
    // The refusals are logged with the channel, never with what was sent.
    const refusals = t.logLines.filter((l) => l.includes('untrusted sender'));
    expect(refusals.length).toBe(5);
    expect(refusals.join('\n')).toContain('settings.set');
    expect(refusals.join('\n')).not.toContain('notifications');
  });

  it('rejects malformed requests with BAD_INPUT before they reach the core', async () => {
    const t = await ctx.start();
    const bad: [string, unknown][] = [
      ['sessions.add', { startUrl: 'http://insecure.example/start', region: 'us-east-1' }],
      ['sessions.add', { startUrl: ctx.aws.startUrl, region: 'mars-1' }],
      ['sessions.add', { startUrl: ctx.aws.startUrl, region: 'us-east-1', extra: 'field' }],
      ['profiles.use', { target: { kind: 'sso', session: 'corp', accountId: '12', roleName: 'Admin' }, profile: 'default' }],
      ['profiles.use', { target: { kind: 'sso', session: 'corp', accountId: '111111111111', roleName: 'Admin' }, profile: '../../etc/passwd' }],
      ['settings.set', { refreshMarginMinutes: 9999 }],
      ['settings.set', { secretAccessKey: 'AKIA…' }],
      ['sessions.list', { unexpected: true }],
      ['app.openExternal', 'https://docs.aws.amazon.com/'],
    ];
    for (const [channel, request] of bad) {
      const result = await t.invoke(channel as 'sessions.add', request);
      expect(result, `${channel} ${JSON.stringify(request)}`).toMatchObject({ ok: false, code: 'BAD_INPUT' });
      if (!result.ok) expect(result.message).toMatch(/Invalid/);
    }
    // Nothing reached the core: no config file was written.
    await expect(fs.access(path.join(t.home, '.aws', 'config'))).rejects.toThrow();
  });

  it('signs in, lists roles, uses a profile, opens the console and copies credentials — and no result or event carries a secret', async () => {
    const t = await ctx.start();
    await signInThroughIpc(t, ctx.aws);
    const results: unknown[] = [];
    const call = async (channel: Parameters<AppUnderTest['invoke']>[0], request?: unknown) => {
      const r = await t.invoke(channel, request);
      results.push(r);
      expect(r, channel).toMatchObject({ ok: true });
      return r.ok ? r.value : undefined;
    };
    const sessions = (await call('sessions.list')) as { name: string; signedIn: boolean }[];
    expect(sessions).toEqual([expect.objectContaining({ name: 'corp', signedIn: true })]);
    const catalog = (await call('catalog.get', { session: 'corp', refresh: true })) as { accounts: { accountId: string; roles: string[] }[] };
    expect(catalog.accounts).toHaveLength(3);
    const account = catalog.accounts[0]!;
    const target = { kind: 'sso', session: 'corp', accountId: account.accountId, roleName: account.roles[0]! };
    await call('profiles.use', { target, profile: 'default' });
    const credentials = await fs.readFile(path.join(t.home, '.aws', 'credentials'), 'utf8');
    expect(credentials).toMatch(/\[default\][\s\S]*aws_secret_access_key/);
    await call('console.open', { target });
    expect(fake.opened.some((u) => u.includes('Action=login'))).toBe(true);
    await call('credentials.copyEnv', { target, shell: 'posix' });
    expect(fake.clipboard[0]).toMatch(/AWS_SECRET_ACCESS_KEY=/);
    await call('profiles.list');
    await call('favorites.get');

    const secrets = ctx.aws.issuedSecrets();
    expect(secrets.length).toBeGreaterThan(3);
    // The real secrets went to the files, the clipboard and the browser…
    expect(secrets.some((s) => credentials.includes(s))).toBe(true);
    // …but never back through IPC, in a result or in a pushed event.
    const seen = JSON.stringify({ results, events: t.sent() });
    for (const secret of secrets) expect(seen.includes(secret), 'a secret crossed IPC').toBe(false);
    expect(t.sent().map((e) => e.channel)).toEqual(expect.arrayContaining(['sessions-changed', 'profiles-changed', 'catalog-updated']));
    // Nor into the log.
    const log = t.logLines.join('\n');
    for (const secret of secrets) expect(log.includes(secret)).toBe(false);
  });

  it('opens only allow-listed URLs in the browser', async () => {
    const t = await ctx.start();
    expect(await t.invoke('app.openExternal', { url: 'https://evil.example/phish' })).toMatchObject({ ok: false, code: 'ACCESS_DENIED' });
    expect(await t.invoke('app.openExternal', { url: 'file:///etc/passwd' })).toMatchObject({ ok: false, code: 'ACCESS_DENIED' });
    expect(await t.invoke('app.openExternal', { url: 'https://sso.example.org/start' })).toMatchObject({ ok: false, code: 'ACCESS_DENIED' });
    expect(fake.opened).toEqual([]);
    expect(await t.invoke('app.openExternal', { url: 'https://docs.aws.amazon.com/singlesignon/' })).toEqual({ ok: true, value: null });
    // A configured session's start URL host becomes allowed.
    await t.invoke('sessions.add', { startUrl: 'https://sso.example.org/start', region: 'eu-west-1', name: 'partner' });
    expect(await t.invoke('app.openExternal', { url: 'https://sso.example.org/start' })).toEqual({ ok: true, value: null });
    expect(fake.opened).toEqual(['https://docs.aws.amazon.com/singlesignon/', 'https://sso.example.org/start']);
    // What reaches the OS is the URL that was checked, normalised: no second parser gets a say.
    expect(await t.invoke('app.openExternal', { url: 'https://docs.aws.amazon.com\\@evil.example/\t' })).toEqual({ ok: true, value: null });
    expect(fake.opened.at(-1)).toBe('https://docs.aws.amazon.com/@evil.example/');
  });

  it('refuses loopback URLs unless the app is pointed at a local emulator', async () => {
    const { LATCHKEY_FEDERATION_ENDPOINT: _drop, ...awsEnvWithoutFederation } = ctx.aws.env;
    const refusing = await ctx.start({ env: awsEnvWithoutFederation });
    expect(await refusing.invoke('app.openExternal', { url: 'http://127.0.0.1:1234/' })).toMatchObject({ ok: false, code: 'ACCESS_DENIED' });
    await refusing.close();
    const t = await ctx.start({ env: { ...awsEnvWithoutFederation, LATCHKEY_ALLOW_LOOPBACK_URLS: '1' } });
    expect(await t.invoke('app.openExternal', { url: 'http://127.0.0.1:1234/' })).toEqual({ ok: true, value: null });
  });
});
