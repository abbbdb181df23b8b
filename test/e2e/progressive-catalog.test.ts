import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { signInAtEmulator } from '../../harness/seed';
import type { Harness } from '../../harness/server';
import { browserSkipNote, hasChromium } from '../../devkit/browser';
import { openPopup, poll, roleRow, search, type Popup } from './support';

// A large organisation, a fresh HOME with no catalog cached, a portal throttled to 20 requests
// a second: the whole sync takes over a minute and a half. The popup shows the accounts as soon
// as they are listed, and the roles of the account a person searches for come first.

browserSkipNote();

const ACCOUNTS = 2000;
const ROLES = 3;
/** Generous: on a loaded machine; the content is what is checked, not the time. */
const ON_SCREEN_MS = 30_000;

describe.skipIf(!hasChromium)('the popup on a large organisation, no catalog cached', () => {
  let popup: Popup;
  let harness: Harness;
  let page: Page;
  let session = '';

  beforeAll(async () => {
    popup = await openPopup(
      { renderer: 'built', record: true, fake: { accounts: ACCOUNTS, rolesPerAccount: ROLES, portalRateLimit: 20, latencyMs: 50 } },
      async (h) => {
        session = await signInAtEmulator(h);
      },
    );
    ({ harness, page } = popup);
  }, 60_000);

  afterAll(async () => {
    await popup?.close();
  });

  const syncRunning = () => page.getByTestId('sync-progress-item').count();

  it("shows a searched account's roles while the sync of the rest goes on", async () => {
    const account = harness.fake!.accounts[1900]!;
    await page.getByRole('searchbox').waitFor();
    await search(page, account.accountName);
    for (const role of account.roles) await poll(() => roleRow(page, `${session}/${account.accountId}/${role}`).count(), ON_SCREEN_MS).toBe(1);
    // The list held it before the sync was done: the progress line still counts.
    expect(await syncRunning()).toBe(1);
    expect(await page.getByTestId('sync-progress-item').textContent()).toMatch(/accounts/);

    // Acting on it does not wait for the sync either: the console opens while it still runs.
    await roleRow(page, `${session}/${account.accountId}/${account.roles[0]}`).getByText(account.roles[0]!, { exact: true }).click();
    // The first console open asks how to switch accounts.
    await page.getByRole('dialog', { name: 'How should the console open?' }).getByRole('button', { name: 'Multi-session' }).click();
    await poll(() => harness.opened.length, ON_SCREEN_MS).toBe(1);
    expect(harness.opened[0]).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/federation/);
    expect(await syncRunning()).toBe(1);
  });

  it('finds an account by its id, and loads its roles first when asked', async () => {
    // Of a thousand matches most are still loading; each says so and offers to load at once.
    await search(page, 'acct-1');
    const loading = page.getByTestId('account-loading');
    await poll(() => loading.count(), ON_SCREEN_MS).toBeGreaterThan(0);
    const first = loading.last();
    const accountId = (await first.getAttribute('data-account-id'))!;
    const account = harness.fake!.accounts.find((a) => a.accountId === accountId)!;
    await first.getByRole('button', { name: `Load the roles of ${account.accountName} now` }).click();

    // Its id finds it, with its roles.
    await search(page, accountId);
    await poll(() => page.locator(`[data-testid="account"][data-account-id="${accountId}"]`).count(), ON_SCREEN_MS).toBe(1);
    for (const role of account.roles) await poll(() => roleRow(page, `${session}/${accountId}/${role}`).count(), ON_SCREEN_MS).toBe(1);
    expect(await page.getByTestId('account-loading').count()).toBe(0);
    expect(await syncRunning()).toBe(1);
    expect(popup.pageErrors).toEqual([]);
  });
});
