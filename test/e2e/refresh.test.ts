import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { signInAndSync } from '../../harness/seed';
import type { Harness } from '../../harness/server';
import { browserSkipNote, hasChromium } from '../../devkit/browser';
import { openPopup, poll, readProfile, roleRow, search, type Popup } from './support';

// An active profile's countdown runs down to the refresh margin, and then the app renews the
// credentials by itself: the countdown starts again and the terminal's keys are new. The
// emulator issues 20-second role credentials and the margin is 12 s, so this takes ~8 s.

browserSkipNote();

const TTL_S = 20;
const MARGIN_MS = 12_000;

describe.skipIf(!hasChromium)('an active profile in the popup', () => {
  let popup: Popup;
  let harness: Harness;
  let page: Page;
  let session = '';

  beforeAll(async () => {
    popup = await openPopup({ fake: { accounts: 3, rolesPerAccount: 2, roleCredentialsTtlSeconds: TTL_S }, refreshMarginMs: MARGIN_MS }, async (h) => {
      session = await signInAndSync(h);
    });
    ({ harness, page } = popup);
  });

  afterAll(async () => {
    await popup?.close();
  });

  it('counts down, is refreshed at the margin, and the credentials file gets the new keys', async () => {
    const production = harness.fake!.accounts.find((a) => a.accountName === 'production')!;
    await search(page, 'production admin');
    await roleRow(page, `${session}/${production.accountId}/AdministratorAccess`).getByRole('button', { name: 'Use in terminal' }).click();
    const dialog = page.getByRole('dialog', { name: 'Use in terminal' });
    expect(await dialog.getByRole('textbox', { name: 'Profile name' }).inputValue()).toBe('default');
    await dialog.getByRole('button', { name: 'Use', exact: true }).click();

    const active = page.locator('[data-testid="active-profile"][data-profile="default"]');
    const countdown = active.getByTestId('countdown');
    const remaining = async () => Number(await countdown.getAttribute('data-remaining-ms'));
    const expiresAt = async () => Number(await active.getAttribute('data-expires-at'));
    await poll(() => active.count()).toBe(1);
    const firstExpiry = await expiresAt();
    const firstKeys = await readProfile(harness.home, 'default');
    expect(firstKeys?.accessKeyId).toMatch(/^ASIA/);
    expect(await remaining()).toBeLessThanOrEqual(TTL_S * 1000);

    // It runs down, second by second, on screen.
    const shown = await countdown.textContent();
    await poll(() => countdown.textContent(), 5000).not.toBe(shown);
    const low = await remaining();
    expect(low).toBeLessThan(TTL_S * 1000);

    // At the margin the app renews the credentials: a later expiry, a fuller countdown.
    await poll(expiresAt, TTL_S * 1000).toBeGreaterThan(firstExpiry);
    await poll(remaining, 5000).toBeGreaterThan(MARGIN_MS);

    const newKeys = await readProfile(harness.home, 'default');
    expect(newKeys?.accessKeyId).toMatch(/^ASIA/);
    expect(newKeys?.accessKeyId).not.toBe(firstKeys?.accessKeyId);
    expect(harness.fake!.issuedSecrets()).toContain(newKeys!.secretAccessKey);
  });
});
