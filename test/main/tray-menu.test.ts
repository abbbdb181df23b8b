import { describe, expect, it } from 'vitest';
import { translator } from '../../src/main/i18n';
import { buildTrayMenuTemplate, formatTimeLeft, trayIconState, trayTooltip, type TrayMenuItem, type TrayState } from '../../src/main/tray-menu';
import { trayIconFile } from '../../src/main/tray-icon';

// The tray menu, tooltip and icon for each platform and each state, as a person sees them.

const NOW = Date.UTC(2026, 10, 23, 12, 0, 0);
const MIN = 60_000;
const en = translator('en', 'en-US');
const ja = translator('ja', 'en-US');

const prod = { session: 'corp', accountId: '111111111111', roleName: 'Admin', accountName: 'prod' };
const dev = { session: 'corp', accountId: '222222222222', roleName: 'ReadOnly' };

const signedOut: TrayState = { now: NOW, sessions: [{ name: 'corp', signedIn: false, refreshable: false }], activeProfiles: [], favorites: [], recents: [] };
const active: TrayState = {
  now: NOW,
  sessions: [{ name: 'corp', signedIn: true, refreshable: true, expiresAt: NOW + 8 * 60 * MIN }],
  activeProfiles: [
    {
      profile: 'default',
      source: 'sso',
      session: 'corp',
      accountId: prod.accountId,
      roleName: 'Admin',
      expiration: NOW + 42 * MIN,
      activatedAt: NOW - 18 * MIN,
    },
  ],
  favorites: [prod],
  recents: [prod, dev],
};
const expiring: TrayState = { ...active, activeProfiles: [{ ...active.activeProfiles[0]!, expiration: NOW + 5 * MIN }] };
const failing: TrayState = { ...active, error: { message: 'Could not reach AWS (network).' } };

const labels = (items: TrayMenuItem[]) => items.map((i) => (i.type === 'separator' ? '---' : i.label));
const find = (items: TrayMenuItem[], label: string) => items.find((i) => i.label === label);

describe('tray menu', () => {
  it('signed out on Linux: open first (a click only opens the menu there), then sign in, then quit', () => {
    expect(labels(buildTrayMenuTemplate(signedOut, 'linux', en))).toEqual(['Open Latchkey', '---', 'Sign in to corp', '---', 'Quit Latchkey']);
  });

  it('signed out on macOS and Windows: sign in first; open and quit (Exit on Windows) at the end', () => {
    const mac = buildTrayMenuTemplate(signedOut, 'darwin', en);
    expect(labels(mac)).toEqual(['Sign in to corp', '---', 'Open Latchkey', 'Quit Latchkey']);
    expect(mac.at(-1)).toMatchObject({ accelerator: 'Command+Q', action: { kind: 'quit' } });
    expect(labels(buildTrayMenuTemplate(signedOut, 'win32', en))).toEqual(['Sign in to corp', '---', 'Open Latchkey', 'Exit Latchkey']);
    expect(find(mac, 'Sign in to corp')?.action).toEqual({ kind: 'sign-in', session: 'corp' });
  });

  it('a sign-in waiting for the person is in the menu too (Linux shows no tooltip), and opens the popup', () => {
    const waiting = { ...signedOut, waiting: [{ session: 'corp', userCode: 'ABCD-EFGH' }, { session: 'ops' }] };
    const linux = buildTrayMenuTemplate(waiting, 'linux', en);
    expect(labels(linux)).toEqual([
      'Open Latchkey',
      '---',
      'Waiting for sign-in to corp — code ABCD-EFGH',
      'Waiting for sign-in to ops…',
      '---',
      'Sign in to corp',
      '---',
      'Quit Latchkey',
    ]);
    expect(find(linux, 'Waiting for sign-in to corp — code ABCD-EFGH')?.action).toEqual({ kind: 'open' });
    expect(labels(buildTrayMenuTemplate(waiting, 'darwin', ja))[0]).toBe('corp へのサインインを待っています — コード ABCD-EFGH');
  });

  it('no session configured yet: a sign-in entry that opens the window', () => {
    const none = { ...signedOut, sessions: [] };
    expect(find(buildTrayMenuTemplate(none, 'darwin', en), 'Sign in…')?.action).toEqual({ kind: 'open' });
  });

  it('active: favorites and recents with Open console / Use in terminal, active profiles with time left', () => {
    const items = buildTrayMenuTemplate(active, 'darwin', en);
    expect(labels(items)).toEqual([
      'Favorites',
      'prod / Admin',
      '---',
      'Recent',
      // prod is already a favorite; an account without a known name shows its id.
      '222222222222 / ReadOnly',
      '---',
      'Active profiles',
      'default — 42 min left',
      '---',
      'Open Latchkey',
      'Quit Latchkey',
    ]);
    expect(find(items, 'Favorites')?.enabled).toBe(false);
    expect(find(items, 'prod / Admin')?.submenu).toEqual([
      { label: 'Open console', action: { kind: 'open-console', role: prod } },
      { label: 'Use in terminal', action: { kind: 'use-in-terminal', role: prod } },
    ]);
    expect(find(items, 'default — 42 min left')?.submenu?.map((i) => [i.label, i.action])).toEqual([
      ['111111111111 / Admin', undefined],
      ['Refresh now', { kind: 'refresh-profile', profile: 'default' }],
      ['Open console', { kind: 'open-console', role: { session: 'corp', accountId: prod.accountId, roleName: 'Admin' } }],
    ]);
  });

  it('expiring: the countdown shows the few minutes left; expired profiles say so', () => {
    expect(labels(buildTrayMenuTemplate(expiring, 'win32', en))).toContain('default — 5 min left');
    const expired = { ...active, activeProfiles: [{ ...active.activeProfiles[0]!, expiration: NOW - 1 }] };
    expect(labels(buildTrayMenuTemplate(expired, 'win32', en))).toContain('default — expired');
  });

  it('error: the problem is shown (disabled) at the top, the rest still works', () => {
    const items = buildTrayMenuTemplate(failing, 'darwin', en);
    expect(items[0]).toEqual({ label: 'Problem: Could not reach AWS (network).', enabled: false });
    expect(labels(items)).toContain('prod / Admin');
    expect(labels(buildTrayMenuTemplate(failing, 'linux', en)).slice(0, 3)).toEqual(['Open Latchkey', '---', 'Problem: Could not reach AWS (network).']);
  });

  it('a signed-in session whose sign-in has run out offers sign in again', () => {
    const lapsed = { ...active, sessions: [{ name: 'corp', signedIn: true, refreshable: false, expiresAt: NOW - MIN }] };
    expect(labels(buildTrayMenuTemplate(lapsed, 'linux', en))).toContain('Sign in to corp');
    expect(labels(buildTrayMenuTemplate(active, 'linux', en))).not.toContain('Sign in to corp');
  });

  it('long lists are capped so the menu fits on screen', () => {
    const many = Array.from({ length: 30 }, (_, i) => ({ session: 'corp', accountId: String(100000000000 + i), roleName: 'Dev' }));
    const items = buildTrayMenuTemplate({ ...active, favorites: many, recents: many.slice().reverse() }, 'darwin', en);
    const roleItems = items.filter((i) => i.type === 'submenu' && i.label?.endsWith('/ Dev'));
    // 10 favorites; every recent here is also a favorite or beyond the cap of 5.
    expect(roleItems.length).toBeLessThanOrEqual(15);
    expect(roleItems.length).toBeGreaterThanOrEqual(10);
  });

  it('updates: Check for updates… before Open and Quit, greyed out while one runs, Restart to update once ready', () => {
    const withUpdate = (update: TrayState['update']) => ({ ...signedOut, ...(update ? { update } : {}) });
    expect(labels(buildTrayMenuTemplate(withUpdate({ state: 'idle' }), 'linux', en))).toEqual([
      'Open Latchkey',
      '---',
      'Sign in to corp',
      '---',
      'Check for updates…',
      'Quit Latchkey',
    ]);
    const mac = buildTrayMenuTemplate(withUpdate({ state: 'up-to-date' }), 'darwin', en);
    expect(labels(mac)).toEqual(['Sign in to corp', '---', 'Check for updates…', 'Open Latchkey', 'Quit Latchkey']);
    expect(find(mac, 'Check for updates…')?.action).toEqual({ kind: 'check-for-updates' });
    // A failed check is offered again, as if nothing happened: failures are quiet.
    expect(find(buildTrayMenuTemplate(withUpdate({ state: 'failed' }), 'win32', en), 'Check for updates…')?.action).toEqual({ kind: 'check-for-updates' });
    expect(find(buildTrayMenuTemplate(withUpdate({ state: 'checking' }), 'darwin', en), 'Checking for updates…')).toMatchObject({ enabled: false });
    const downloading = find(buildTrayMenuTemplate(withUpdate({ state: 'downloading', version: '0.2.0' }), 'darwin', en), 'Downloading Latchkey 0.2.0…');
    expect(downloading).toMatchObject({ enabled: false });
    expect(downloading?.action).toBeUndefined();
    const ready = buildTrayMenuTemplate(withUpdate({ state: 'ready', version: '0.2.0' }), 'darwin', en);
    expect(find(ready, 'Restart to update to 0.2.0')?.action).toEqual({ kind: 'restart-to-update' });
    expect(labels(buildTrayMenuTemplate(withUpdate({ state: 'ready', version: '0.2.0' }), 'darwin', ja))).toContain('再起動して 0.2.0 にアップデート');
    // A build that cannot update itself has no such item.
    expect(labels(buildTrayMenuTemplate(withUpdate({ state: 'unsupported' }), 'darwin', en))).toEqual(labels(buildTrayMenuTemplate(signedOut, 'darwin', en)));
  });

  it('in Japanese', () => {
    const items = buildTrayMenuTemplate(active, 'win32', ja);
    expect(labels(items)).toEqual(expect.arrayContaining(['お気に入り', '有効なプロファイル', 'default — 残り 42 分', 'Latchkey を開く', 'Latchkey を終了']));
    expect(find(items, 'prod / Admin')?.submenu?.map((i) => i.label)).toEqual(['コンソールを開く', 'ターミナルで使う']);
    expect(labels(buildTrayMenuTemplate(signedOut, 'darwin', ja))[0]).toBe('corp にサインイン');
  });

  it("the 'system' language follows the OS locale", () => {
    expect(buildTrayMenuTemplate(signedOut, 'darwin', translator('system', 'ja-JP'))[0]!.label).toBe('corp にサインイン');
    expect(buildTrayMenuTemplate(signedOut, 'darwin', translator('system', 'de-DE'))[0]!.label).toBe('Sign in to corp');
  });
});

describe('tray icon and tooltip', () => {
  it('the icon tells the state', () => {
    expect(trayIconState(signedOut)).toBe('signed-out');
    expect(trayIconState(active)).toBe('active');
    expect(trayIconState(expiring)).toBe('expiring');
    expect(trayIconState(failing)).toBe('error');
    // Signed in with nothing active is still "active" (signed in).
    expect(trayIconState({ ...active, activeProfiles: [] })).toBe('active');
    // A sign-in that cannot renew itself and ends within 10 minutes is "expiring" too.
    expect(trayIconState({ ...active, activeProfiles: [], sessions: [{ name: 'corp', signedIn: true, refreshable: false, expiresAt: NOW + 9 * MIN }] })).toBe(
      'expiring',
    );
    expect(trayIconState({ ...active, activeProfiles: [], sessions: [{ name: 'corp', signedIn: true, refreshable: true, expiresAt: NOW + 9 * MIN }] })).toBe(
      'active',
    );
  });

  it('one icon file per state and platform: template images on macOS, ICO on Windows, PNG on Linux', () => {
    expect(trayIconFile('expiring', 'darwin')).toBe('tray-expiringTemplate.png');
    expect(trayIconFile('error', 'win32')).toBe('tray-error.ico');
    expect(trayIconFile('active', 'linux')).toBe('tray-active.png');
  });

  it('the tooltip names the active profile and its time left', () => {
    expect(trayTooltip(active, en)).toBe('Latchkey — default: 42 min left');
    expect(trayTooltip(signedOut, en)).toBe('Latchkey — signed out');
    expect(trayTooltip({ ...active, activeProfiles: [] }, en)).toBe('Latchkey — signed in, no active profile');
    expect(trayTooltip(failing, en)).toBe('Latchkey — Could not reach AWS (network).');
    const two = { ...active, activeProfiles: [...active.activeProfiles, { ...active.activeProfiles[0]!, profile: 'ops', expiration: NOW + 3 * MIN }] };
    expect(trayTooltip(two, en)).toBe('Latchkey — ops: 3 min left (+1 more)');
    expect(trayTooltip(active, ja)).toBe('Latchkey — default: 残り 42 分');
    const long = { ...failing, error: { message: 'x'.repeat(500) } };
    expect(trayTooltip(long, en).length).toBeLessThanOrEqual(127);
  });

  it('a sign-in waiting for the person shows in the tooltip, with its code, before anything else', () => {
    expect(trayTooltip({ ...signedOut, waiting: [{ session: 'corp', userCode: 'ABCD-EFGH' }] }, en)).toBe(
      'Latchkey — waiting for sign-in to corp (code ABCD-EFGH)',
    );
    expect(trayTooltip({ ...failing, waiting: [{ session: 'corp' }] }, en)).toBe('Latchkey — waiting for sign-in to corp');
    expect(trayTooltip({ ...active, waiting: [{ session: 'corp', userCode: 'ABCD-EFGH' }, { session: 'ops' }] }, en)).toBe(
      'Latchkey — waiting for sign-in to corp (code ABCD-EFGH) (+1 more)',
    );
    expect(trayTooltip({ ...signedOut, waiting: [{ session: 'corp', userCode: 'ABCD-EFGH' }] }, ja)).toBe(
      'Latchkey — corp へのサインインを待っています (コード ABCD-EFGH)',
    );
    // Nothing waiting: the usual tooltip.
    expect(trayTooltip({ ...signedOut, waiting: [] }, en)).toBe('Latchkey — signed out');
  });

  it('time left reads naturally', () => {
    expect(formatTimeLeft(30_000, en)).toBe('1 min');
    expect(formatTimeLeft(59 * MIN, en)).toBe('59 min');
    expect(formatTimeLeft(65 * MIN, en)).toBe('1 h 05 min');
    expect(formatTimeLeft(12 * 60 * MIN, ja)).toBe('12 時間 00 分');
  });
});
