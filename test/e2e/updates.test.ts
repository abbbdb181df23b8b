import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Harness } from '../../harness/server';
import { browserSkipNote, hasChromium } from '../../devkit/browser';
import { tempHome, type TempHome } from '../../devkit/home';
import { appImageUpdater, playInstalledAppImage, startUpdateFeed, type UpdateFeed } from '../helpers/update-feed';
import { openPopup, poll, view, type Popup } from './support';

// Updates from the popup's Settings: a check by hand finds, downloads and readies a new version
// from a local feed (electron-updater's real code), and automatic checks can be turned off.

browserSkipNote();

describe.skipIf(!hasChromium)('updates, in Settings', () => {
  let popup: Popup;
  let harness: Harness;
  let page: Page;
  let dirs: TempHome;
  let feed: UpdateFeed;
  let installed: { restore(): void };

  beforeAll(async () => {
    dirs = await tempHome('updates-e2e');
    installed = await playInstalledAppImage(dirs.home);
    feed = await startUpdateFeed('0.2.0');
    popup = await openPopup({ fake: { accounts: 1, rolesPerAccount: 1 }, updater: await appImageUpdater(feed.url, dirs.home) });
    ({ harness, page } = popup);
  });
  afterAll(async () => {
    await popup?.close();
    await feed?.close();
    installed?.restore();
    await dirs?.cleanup();
  });

  it('Check for updates… shows the check through to "ready"; the automatic checks switch off', async () => {
    await page.getByTestId('nav-settings').click();
    await poll(() => view(page).getAttribute('data-view')).toBe('settings');
    const auto = page.getByRole('checkbox', { name: 'Check for updates automatically' });
    expect(await auto.isChecked()).toBe(true);

    await page.getByRole('button', { name: 'Check for updates…' }).click();
    await poll(() => page.getByTestId('update-status').textContent(), 15_000).toMatch(/^Version 0\.2\.0 is ready\./);
    expect(feed.requests).toContain('/Latchkey-0.2.0.AppImage');

    await auto.uncheck();
    await poll(
      async () => (await (await harness.fetch('/rpc/settings.get', { method: 'POST', headers: { 'content-type': 'application/json' } })).json()) as unknown,
    ).toMatchObject({
      ok: true,
      value: { autoUpdateChecks: false },
    });
    expect(popup.pageErrors).toEqual([]);
  });
});
