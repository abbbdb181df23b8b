import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Harness } from '../../harness/server';
import { browserSkipNote, hasChromium } from '../../devkit/browser';
import { hasFocusWithin, isFocused, openPopup, poll, readProfile, roleRow, search, view, type Popup } from './support';
import { whoAmI } from '../../devkit/who-am-i';

// A person's day in the popup, in Chromium, through the web harness to the real core and the
// emulator: sign in with a device code, find a role, favorite it, use it in the terminal, open
// the console, copy credentials, switch to Japanese. The tests run in order on one page, as the
// person would; each one says what it relies on from the one before.

browserSkipNote();

const PROFILE = 'e2e-demo';

describe.skipIf(!hasChromium)('the popup, end to end', () => {
  let popup: Popup;
  let harness: Harness;
  let page: Page;
  let session = '';
  /** The last URL the app opened, as the browser receives it (harness.opened masks its token). */
  let lastOpened = '';

  beforeAll(async () => {
    popup = await openPopup({ fake: { accounts: 12, rolesPerAccount: 3, deviceInterval: 0.2 }, record: true, onOpenExternal: (url) => (lastOpened = url) });
    ({ harness, page } = popup);
  });

  afterAll(async () => {
    await popup?.close();
  });

  const fake = () => harness.fake!;
  const account = (name: string) => fake().accounts.find((a) => a.accountName === name)!;
  const key = (accountName: string, roleName: string) => `${session}/${account(accountName).accountId}/${roleName}`;

  it('adds an SSO session, says in words when its sign-in is denied, and offers to try again', async () => {
    await poll(() => view(page).getAttribute('data-view')).toBe('signin');
    await page.getByRole('radio', { name: 'Device code' }).check();
    await page.getByRole('textbox', { name: 'Start URL' }).fill(fake().startUrl);
    await page.getByRole('combobox', { name: 'Region' }).selectOption(fake().region);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    const denied = (await page.getByTestId('user-code').textContent())!.trim();
    fake().denyDevice(denied);
    const banner = page.getByTestId('error-banner');
    await poll(() => banner.getAttribute('data-code')).toBe('SIGN_IN_DENIED');
    expect(await banner.textContent()).toMatch(/^The sign-in was denied\./);
    expect(await banner.textContent()).not.toMatch(/\bat .+:\d+|Exception/);
    expect((await harness.latchkey.sessions.list()).every((s) => !s.signedIn)).toBe(true);

    // "Try again" starts the same sign-in again: a new code to approve; cancelling it says nothing.
    await banner.getByRole('button', { name: 'Try again' }).click();
    await poll(async () => (await page.getByTestId('user-code').textContent())?.trim()).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    expect((await page.getByTestId('user-code').textContent())!.trim()).not.toBe(denied);
    expect(await banner.count()).toBe(0);
    await page.getByRole('button', { name: 'Cancel' }).click();
    await poll(() => page.getByRole('form', { name: 'Add an SSO session' }).count()).toBe(1);
    expect(await banner.count()).toBe(0);
  });

  it('signs in with a device code that the person approves at the emulator', async () => {
    // The failed attempt left the person at the sign-in view, where the session it added to
    // ~/.aws/config is now offered.
    await poll(() => view(page).getAttribute('data-view')).toBe('signin');
    await page.getByRole('radio', { name: 'Device code' }).check();
    await page
      .getByTestId('known-session')
      .getByRole('button', { name: /^Sign in to / })
      .click();

    // The code is shown large; it is the one the emulator waits for.
    const userCode = (await page.getByTestId('user-code').textContent())!.trim();
    expect(userCode).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    expect(fake().pendingUserCodes()).toContain(userCode);

    // "Copy code" works even where the async clipboard is refused, as in the app (whose session
    // grants no permission at all).
    type ClipWin = { navigator: { clipboard: { writeText(t: string): Promise<void>; readText(): Promise<string> } } };
    await page.evaluate(() => {
      (globalThis as unknown as ClipWin).navigator.clipboard.writeText = () => Promise.reject(new Error('denied'));
    });
    await page.getByRole('button', { name: 'Copy code' }).click();
    await poll(() => page.getByTestId('announcer').textContent()).toBe('Code copied');
    await page.context().grantPermissions(['clipboard-read'], { origin: harness.url });
    expect(await page.evaluate(() => (globalThis as unknown as ClipWin).navigator.clipboard.readText())).toBe(userCode);

    // "Open verification page" goes to the emulator's page for this very code.
    await page.getByRole('button', { name: 'Open verification page' }).click();
    await poll(() => harness.opened.at(-1) ?? '').toContain(userCode);

    fake().approveDevice(userCode);
    await poll(() => view(page).getAttribute('data-view'), 15_000).toBe('main');
    const item = page.getByTestId('session');
    await poll(() => item.getAttribute('data-signed-in')).toBe('true');
    session = (await item.getAttribute('data-session'))!;
    expect((await harness.latchkey.sessions.list()).map((s) => [s.name, s.signedIn])).toEqual([[session, true]]);
    // The catalog arrives: all 36 roles are counted.
    await poll(() => page.getByTestId('match-count').textContent(), 15_000).toMatch(/36 roles/);
  });

  it('finds a role by account and role name, and acts on it from the keyboard', async () => {
    await page.getByTestId('app').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('/');
    await poll(() => page.locator('input[type="search"]:focus').count()).toBe(1);
    await page.keyboard.type('staging admin');
    await poll(() => page.getByTestId('match-count').textContent()).toMatch(/^1 of 36 roles$/);
    const rows = page.getByTestId('role-row');
    await poll(() => rows.count()).toBe(1);
    await poll(() => rows.first().getAttribute('data-key')).toBe(key('staging', 'AdministratorAccess'));
    // Names cut short on screen are there whole on hover.
    expect(await rows.first().getByText('AdministratorAccess').getAttribute('title')).toBe('AdministratorAccess');

    // ↓ highlights the first match, Enter opens its console.
    const before = harness.opened.length;
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    // The first console open asks how to switch accounts, one sentence per mode.
    const ask = page.getByRole('dialog', { name: 'How should the console open?' });
    await poll(() => ask.count()).toBe(1);
    expect(await ask.textContent()).toMatch(/up to five accounts.*Signs the browser out of the console, then in as the new role/);
    await ask.getByRole('button', { name: 'Multi-session' }).click();
    await poll(() => harness.opened.length).toBe(before + 1);
    expect(harness.opened.at(-1)).toContain('Action=login');

    // No match says so instead of an empty list.
    await search(page, 'no-such-account-anywhere');
    await poll(() => page.getByTestId('empty').getAttribute('data-reason')).toBe('no-matches');
  });

  it('favorites a role: it moves to the top, and stays there after a restart', async () => {
    const k = key('sandbox', 'ReadOnlyAccess');
    await search(page, 'sandbox readonly');
    const row = roleRow(page, k);
    await row.getByRole('button', { name: 'Favorite' }).click();
    await poll(() => row.getByRole('button', { name: 'Favorite' }).getAttribute('aria-pressed')).toBe('true');
    await poll(async () => (await harness.latchkey.state.read()).favorites).toContain(k);

    await search(page, '');
    await page.reload();
    await poll(() => page.getByTestId('role-row').first().getAttribute('data-key'), 15_000).toBe(k);
    expect(await page.getByTestId('role-row').first().getAttribute('data-section')).toBe('favorites');
  });

  it('uses a role in the terminal: the credentials file gets working keys from the emulator', async () => {
    await search(page, 'production poweruser');
    await roleRow(page, key('production', 'PowerUserAccess')).getByRole('button', { name: 'Use in terminal' }).click();
    const dialog = page.getByRole('dialog', { name: 'Use in terminal' });
    await dialog.getByRole('textbox', { name: 'Profile name' }).fill(PROFILE);
    await dialog.getByRole('button', { name: 'Use', exact: true }).click();

    const active = page.locator(`[data-testid="active-profile"][data-profile="${PROFILE}"]`);
    await poll(() => active.count()).toBe(1);
    await poll(() => active.getByTestId('countdown').textContent()).toMatch(/\d+m/);

    const creds = await readProfile(harness.home, PROFILE);
    expect(creds?.accessKeyId).toMatch(/^ASIA/);
    expect(fake().issuedSecrets()).toContain(creds!.secretAccessKey);
    const id = await whoAmI(fake(), creds!);
    expect(id.account).toBe(account('production').accountId);
    expect(id.arn).toContain('PowerUserAccess');
  });

  it('opens the console as a role, in the region and service picked', async () => {
    await search(page, 'staging readonly');
    const row = roleRow(page, key('staging', 'ReadOnlyAccess'));
    await row.getByRole('button', { name: 'Console options' }).click();
    const dialog = page.getByRole('dialog', { name: 'Console options' });
    await dialog.getByRole('combobox', { name: 'Region' }).selectOption('eu-west-1');
    await dialog.getByRole('combobox', { name: 'Service' }).selectOption('s3');
    const before = harness.opened.length;
    await dialog.getByRole('button', { name: 'Open console' }).click();
    await poll(() => harness.opened.length).toBe(before + 1);

    // What the harness kept has the sign-in token masked; the browser got the real one.
    expect(new URL(harness.opened.at(-1)!).searchParams.get('SigninToken')).toBe('[REDACTED]');
    const url = new URL(lastOpened);
    expect(url.searchParams.get('SigninToken')).not.toBe('[REDACTED]');
    expect(`${url.origin}${url.pathname}`).toBe(fake().env.LATCHKEY_FEDERATION_ENDPOINT);
    expect(url.searchParams.get('Action')).toBe('login');
    const destination = new URL(url.searchParams.get('Destination')!);
    expect(destination.pathname).toContain('/s3');
    expect(destination.search + destination.hostname).toContain('eu-west-1');
    // The emulator accepts the sign-in token and sends the browser on to the destination.
    const res = await fetch(url, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(destination.href);
    // From the keyboard: the sheet takes the focus, keeps Tab inside itself, and Escape closes
    // it and gives the focus back to the button that opened it.
    const options = row.getByRole('button', { name: 'Console options' });
    await options.focus();
    await page.keyboard.press('Enter');
    await poll(() => isFocused(dialog.getByRole('combobox', { name: 'Region' }))).toBe(true);
    for (let i = 0; i < 6; i++) await page.keyboard.press('Tab');
    expect(await hasFocusWithin(dialog)).toBe(true);
    await page.keyboard.press('Escape');
    await poll(() => dialog.count()).toBe(0);
    expect(await isFocused(options)).toBe(true);

    // "Open in…" picks another mode for one open: here the sign-out hand-over.
    await options.click();
    const openIn = dialog.getByRole('combobox', { name: 'Open in…' });
    await poll(() => openIn.locator('option').count()).toBeGreaterThanOrEqual(5);
    expect(await openIn.locator('option').allTextContents()).toEqual(
      expect.arrayContaining(['As in Settings', 'Multi-session', 'Sign out first', 'A browser profile per role', 'A Firefox container per account']),
    );
    await openIn.selectOption({ label: 'Sign out first' });
    const beforeOpenIn = harness.opened.length;
    await dialog.getByRole('button', { name: 'Open console' }).click();
    await poll(() => harness.opened.length).toBe(beforeOpenIn + 1);
    expect(new URL(harness.opened.at(-1)!).pathname).toBe('/oauth');
  });

  it('copies credentials as environment variables without the keys reaching the page', async () => {
    await search(page, 'sandbox admin');
    await roleRow(page, key('sandbox', 'AdministratorAccess')).getByRole('button', { name: 'Copy credentials as environment variables' }).click();
    await poll(() => page.getByTestId('announcer').textContent()).toMatch(/Copied/);
    const res = await harness.fetch('/_harness/clipboard');
    const { texts } = (await res.json()) as { texts: string[] };
    expect(texts.at(-1)).toMatch(/^export AWS_ACCESS_KEY_ID=ASIA\w+\nexport AWS_SECRET_ACCESS_KEY=\S*\[REDACTED\]\S*\n/);

    const html = await page.content();
    for (const secret of fake().issuedSecrets()) expect(html).not.toContain(secret);
  });

  it('stops using a profile: it leaves the list and the credentials file', async () => {
    const active = page.locator(`[data-testid="active-profile"][data-profile="${PROFILE}"]`);
    await active.getByRole('button', { name: 'Stop using' }).click();
    await poll(() => active.count()).toBe(0);
    await poll(() => readProfile(harness.home, PROFILE)).toBeUndefined();
  });

  it('switches to Japanese from the settings, live', async () => {
    await page.getByRole('button', { name: 'Settings' }).click();
    await poll(() => view(page).getAttribute('data-view')).toBe('settings');
    const credentialsFile = await page.getByRole('textbox', { name: 'Credentials file' }).inputValue();
    expect(credentialsFile).toBe(path.join(harness.home, '.aws', 'credentials'));
    await page.getByRole('combobox', { name: 'Language' }).selectOption('ja');

    await poll(() => page.locator('html').getAttribute('lang')).toBe('ja');
    await poll(() => page.getByRole('combobox', { name: '言語' }).count()).toBe(1);
    await poll(() => page.getByRole('combobox', { name: 'テーマ' }).count()).toBe(1);
    expect((await fetchSettings(harness)).language).toBe('ja');

    // The main view too: no English label left on the search box.
    await page.getByTestId('nav-back').click();
    const label = (await page.getByRole('searchbox').getAttribute('aria-label')) ?? '';
    expect(label).not.toBe('Search accounts and roles');
    expect(label).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);

    await page.getByTestId('nav-settings').click();
    await page.getByRole('combobox', { name: '言語' }).selectOption('en');
    await poll(() => page.locator('html').getAttribute('lang')).toBe('en');
  });

  it('raised no error in the page', () => {
    expect(popup.pageErrors).toEqual([]);
  });
});

async function fetchSettings(harness: Harness): Promise<{ language: string }> {
  const res = await harness.fetch('/rpc/settings.get', { method: 'POST', headers: { 'content-type': 'application/json' } });
  const result = (await res.json()) as { ok: boolean; value: { language: string } };
  return result.value;
}
