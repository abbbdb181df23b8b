import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Harness } from '../../harness/server';
import { signInAndSync } from '../../harness/seed';
import { browserSkipNote, hasChromium } from '../../devkit/browser';
import { openPopup, poll, view, type Popup } from './support';

// The credential server from the popup: turned on in Settings (the wider listening choice
// next to it says plainly what it risks), then a profile's button copies its two lines.

browserSkipNote();

describe.skipIf(!hasChromium)('serving credentials to local programs, in the popup', () => {
  let popup: Popup;
  let harness: Harness;
  let page: Page;

  beforeAll(async () => {
    popup = await openPopup({ record: true, fake: { accounts: 1, rolesPerAccount: 1 } }, async (h) => {
      const session = await signInAndSync(h);
      const account = h.fake!.accounts[0]!;
      await h.latchkey.profiles.activate(
        await h.latchkey.catalog.resolveRole(`${account.accountId}/${account.roles[0]!}`, session, { confirm: true }),
        'served',
      );
    });
    ({ harness, page } = popup);
  });
  afterAll(async () => {
    await popup?.close();
  });

  it('offers no copy button until turned on in Settings, then copies the profile’s two export lines', async () => {
    const row = page.locator('[data-testid="active-profile"][data-profile="served"]');
    await poll(() => row.count()).toBe(1);
    expect(await row.getByRole('button', { name: 'Copy server lines' }).count()).toBe(0);

    await page.getByTestId('nav-settings').click();
    await poll(() => view(page).getAttribute('data-view')).toBe('settings');
    const wide = page.getByRole('checkbox', { name: /Also answer containers and other computers/ });
    expect(await wide.isChecked()).toBe(false);
    expect(await page.getByTestId('credential-server-warning').textContent()).toMatch(/^Warning: anyone who can reach this computer/);
    await page.getByRole('checkbox', { name: 'Serve credentials to local programs' }).check();
    await poll(() => page.getByRole('checkbox', { name: 'Serve credentials to local programs' }).isChecked()).toBe(true);

    await page.getByTestId('nav-back').click();
    const before = harness.clipboard.length;
    await row.getByRole('button', { name: 'Copy server lines' }).click();
    await poll(() => harness.clipboard.length, 15_000).toBe(before + 1);
    const lines = harness.clipboard.at(-1)!.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^export AWS_CONTAINER_CREDENTIALS_FULL_URI=http:\/\/127\.0\.0\.1:\d+\/latchkey\/[0-9a-f]{32}$/);
    expect(lines[1]).toMatch(/^export AWS_CONTAINER_AUTHORIZATION_TOKEN=/);
    expect(popup.pageErrors).toEqual([]);
  });
});
