import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { signInAndSync } from '../../harness/seed';
import type { Harness } from '../../harness/server';
import { browserSkipNote, hasChromium } from '../../devkit/browser';
import { openPopup, poll, view, type Popup } from './support';

// The tray's "Open console" before a console mode was chosen: the popup opens on the same
// question a role's console button asks, over whatever screen it showed, and the answer opens
// the console and becomes the setting. The page stands for the popup; the harness clicks the
// tray's menu item as the app's main process runs it.

browserSkipNote();

describe.skipIf(!hasChromium)("the tray's Open console, first time", () => {
  let popup: Popup;
  let harness: Harness;
  let page: Page;
  let session = '';

  beforeAll(async () => {
    popup = await openPopup({ fake: { accounts: 3, rolesPerAccount: 1, deviceInterval: 0.2 }, record: true }, async (h) => {
      session = await signInAndSync(h);
    });
    ({ harness, page } = popup);
  });

  afterAll(async () => {
    await popup?.close();
  });

  const role = (i: number) => {
    const account = harness.fake!.accounts[i]!;
    return { session, accountId: account.accountId, roleName: account.roles[0]!, accountName: account.accountName };
  };
  const ask = () => page.getByRole('dialog', { name: 'How should the console open?' });

  it('asks which mode fits, about the role the tray named, over the screen the popup showed', async () => {
    await poll(() => page.getByTestId('match-count').textContent(), 15_000).toMatch(/3 roles/);
    await page.getByRole('button', { name: 'Settings' }).click();
    await poll(() => view(page).getAttribute('data-view')).toBe('settings');

    const target = role(1);
    harness.trayAction({ kind: 'open-console', role: target });
    await poll(() => ask().count()).toBe(1);
    expect(await ask().getAttribute('data-role-key')).toBe(`${session}/${target.accountId}/${target.roleName}`);
    expect(await ask().textContent()).toContain(`${target.roleName} · ${target.accountName} · ${target.accountId}`);
    // Nothing opened while the question waits.
    expect(harness.opened).toEqual([]);

    // Escape leaves it unanswered: nothing opens, nothing is saved.
    await page.keyboard.press('Escape');
    await poll(() => ask().count()).toBe(0);
    expect(harness.opened).toEqual([]);
    expect(await page.getByLabel('Open the console with').inputValue()).toBe('ask');
  });

  it('the answer opens the console in that mode and becomes the setting; the next tray click asks nothing', async () => {
    harness.trayAction({ kind: 'open-console', role: role(2) });
    await ask().getByRole('button', { name: 'Sign out first' }).click();
    await poll(() => harness.opened.length).toBe(1);
    // Sign-out mode: the partition's sign-out hands over to the sign-in.
    expect(harness.opened[0]).toMatch(/\/oauth\?Action=logout&redirect_uri=/);
    await poll(() => page.getByLabel('Open the console with').inputValue()).toBe('sign-out');
    await poll(() => page.getByTestId('announcer').textContent()).toBe(`Opening the console as ${role(2).roleName}…`);

    harness.trayAction({ kind: 'open-console', role: role(0) });
    await poll(() => harness.opened.length).toBe(2);
    expect(harness.opened[1]).toMatch(/Action=logout/);
    expect(await ask().count()).toBe(0);
    expect(popup.pageErrors).toEqual([]);
  });
});
