import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { signInAndSync } from '../../harness/seed';
import type { Harness } from '../../harness/server';
import { browserSkipNote, hasChromium } from '../../devkit/browser';
import { isFocused, openPopup, poll, roleRow, search, view, type Popup } from './support';

// The states a person meets when something outside the app goes wrong, and what the popup
// offers each time: a host with no usable keychain, a sign-in revoked at AWS (the tokens no
// longer work), and AWS out of reach mid-session. In order, on one page.

browserSkipNote();

const NO_KEYRING = 'No keyring (GNOME Keyring or KWallet) is running; start one, or keep the keys in ~/.aws/credentials.';

describe.skipIf(!hasChromium)('when something outside the app goes wrong', () => {
  let popup: Popup;
  let harness: Harness;
  let page: Page;
  let session = '';

  beforeAll(async () => {
    popup = await openPopup({ fake: { accounts: 4, rolesPerAccount: 2, deviceInterval: 0.2 }, keychain: { ok: false, reason: NO_KEYRING } }, async (h) => {
      session = await signInAndSync(h);
    });
    ({ harness, page } = popup);
  });

  afterAll(async () => {
    await popup?.close();
  });

  it('says why the keychain cannot be used, and offers no form for keys', async () => {
    await page.getByRole('button', { name: 'Settings' }).click();
    const section = page.getByTestId('keychain');
    await poll(() => section.getByTestId('keychain-unavailable').textContent()).toContain(NO_KEYRING);
    expect(await section.getByRole('form').count()).toBe(0);
    expect(await page.getByLabel('Secret access key').count()).toBe(0);
    await page.getByRole('button', { name: 'Back' }).click();
  });

  it('when the sign-in is revoked, a failed refresh offers "Sign in again", which leads to a working sign-in', async () => {
    const account = harness.fake!.accounts[0]!;
    await search(page, `${account.accountId} ${account.roles[0]}`);
    await roleRow(page, `${session}/${account.accountId}/${account.roles[0]}`).getByRole('button', { name: 'Use in terminal' }).click();
    await page.getByRole('dialog', { name: 'Use in terminal' }).getByRole('button', { name: 'Use', exact: true }).click();
    const active = page.locator('[data-testid="active-profile"][data-profile="default"]');
    await poll(() => active.count()).toBe(1);

    harness.fake!.revokeAllTokens();
    await active.getByRole('button', { name: 'Refresh' }).click();
    const banner = page.getByTestId('error-banner');
    await poll(() => banner.getAttribute('data-code')).toBe('NOT_SIGNED_IN');
    expect(await banner.textContent()).toMatch(/^You are not signed in, or your sign-in has ended\.Sign in again\./);

    await banner.getByRole('button', { name: 'Sign in again' }).click();
    await poll(() => view(page).getAttribute('data-view')).toBe('signin');
    expect(await banner.count()).toBe(0);
    // The session's own button has the focus: Space signs in to it.
    const known = page.getByRole('button', { name: `Sign in to ${session}` });
    await poll(() => isFocused(known)).toBe(true);
    await page.getByRole('radio', { name: 'Device code' }).check();
    await known.click();
    harness.fake!.approveDevice((await page.getByTestId('user-code').textContent())!.trim());
    await poll(() => view(page).getAttribute('data-view'), 15_000).toBe('main');
    await poll(() => page.getByTestId('announcer').textContent()).toBe(`Signed in to ${session}`);
    await poll(() => page.getByTestId('session').getAttribute('data-signed-in')).toBe('true');
  });

  it('when AWS is out of reach, says so with what to do, and "Try again" asks again', async () => {
    await search(page, '');
    await poll(() => page.getByTestId('role-row').count()).toBeGreaterThan(0);
    await harness.fake!.close();
    const account = harness.fake!.accounts[1]!;
    await search(page, `${account.accountId} ${account.roles[0]}`);
    await roleRow(page, `${session}/${account.accountId}/${account.roles[0]}`).getByRole('button', { name: 'Open console' }).click();
    await page.getByRole('dialog', { name: 'How should the console open?' }).getByRole('button', { name: 'Sign out first' }).click();

    const banner = page.getByTestId('error-banner');
    await poll(() => banner.getAttribute('data-code'), 20_000).toBe('NETWORK');
    expect(await banner.textContent()).toMatch(/Latchkey can't reach AWS\.Check your internet connection or VPN, then try again\./);
    // The list stays as it was: the roles are still there to pick from.
    expect(await page.getByTestId('role-row').count()).toBe(1);
    await banner.getByRole('button', { name: 'Try again' }).click();
    expect(await banner.count()).toBe(0);
    await poll(() => banner.getAttribute('data-code'), 20_000).toBe('NETWORK');
    expect(popup.pageErrors).toEqual([]);
  });
});
