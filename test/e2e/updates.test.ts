import { afterAll, beforeAll, describe, expect, it, vi, type MockInstance } from 'vitest';
import type { Page } from 'playwright-core';
import type { Harness } from '../../harness/server';
import { browserSkipNote, hasChromium } from '../../devkit/browser';
import { tempHome, type TempHome } from '../../devkit/home';
import { appImageUpdater, playInstalledAppImage, startUpdateFeed, type UpdateFeed } from '../helpers/update-feed';
import { openPopup, poll, view, type Popup } from './support';

// Updates from the popup's Settings: a check by hand finds, downloads and readies a new version
// from a local feed (electron-updater's real code), Restart to update installs it, and automatic
// checks can be turned off. The install itself (quitAndInstall) is only recorded: it would quit.

browserSkipNote();

describe.skipIf(!hasChromium)('updates, in Settings', () => {
  let popup: Popup;
  let harness: Harness;
  let page: Page;
  let dirs: TempHome;
  let feed: UpdateFeed;
  let installed: { restore(): void };
  let install: MockInstance;

  beforeAll(async () => {
    dirs = await tempHome('updates-e2e');
    installed = await playInstalledAppImage(dirs.home);
    feed = await startUpdateFeed('0.2.0');
    const updater = await appImageUpdater(feed.url, dirs.home);
    install = vi.spyOn(updater, 'quitAndInstall').mockImplementation(() => undefined);
    popup = await openPopup({ fake: { accounts: 1, rolesPerAccount: 1 }, updater });
    ({ harness, page } = popup);
  });
  afterAll(async () => {
    await popup?.close();
    await feed?.close();
    installed?.restore();
    await dirs?.cleanup();
  });

  it('Check for updates… shows the check through to "ready", then Restart to update installs it; the automatic checks switch off', async () => {
    await page.getByTestId('nav-settings').click();
    await poll(() => view(page).getAttribute('data-view')).toBe('settings');
    const auto = page.getByRole('checkbox', { name: 'Check for updates automatically' });
    expect(await auto.isChecked()).toBe(true);
    const restart = page.getByRole('button', { name: /^Restart to update/ });
    expect(await restart.count()).toBe(0);

    await page.getByRole('button', { name: 'Check for updates…' }).click();
    await poll(() => page.getByTestId('update-status').textContent(), 15_000).toMatch(/^Version 0\.2\.0 is ready\./);
    expect(feed.requests).toContain('/Latchkey-0.2.0.AppImage');

    // Downloaded: the restart, naming the version, takes the check's place.
    await restart.waitFor();
    expect(await restart.textContent()).toBe('Restart to update to 0.2.0');
    expect(await page.getByRole('button', { name: 'Check for updates…' }).count()).toBe(0);
    expect(install).not.toHaveBeenCalled();
    await restart.click();
    await poll(() => install.mock.calls.length).toBe(1);
    expect(await page.getByRole('alert').count()).toBe(0);

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
