import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../../src/core/clock';
import { CHECK_INTERVAL_MS, FIRST_CHECK_DELAY_MS } from '../../src/main/updates';
import type { UpdateStatusView } from '../../src/shared/views';
import { tempHome, type TempHome } from '../../devkit/home';
import { waitFor } from '../../devkit/wait';
import { findMenuItem, startAppUnderTest, type AppUnderTest } from './app-harness';
import { NEW_APP, appImageUpdater, playInstalledAppImage, sha512, startUpdateFeed, type UpdateFeed } from '../helpers/update-feed';
import { FakeNotification, electronModule } from './fake-electron';

vi.mock('electron', async () => (await import('./fake-electron')).electronModule);

// The app's updates through electron-updater's real code (its AppImage updater, the one that
// runs on Linux), against a local feed: a loopback server serving the generic provider's
// latest-linux.yml and the new AppImage (test/helpers/update-feed.ts).

let dirs: TempHome;
let installed: { cacheDir: string; restore(): void };
let feed: UpdateFeed | undefined;
let t: AppUnderTest | undefined;

async function startWithFeed(f: UpdateFeed | string, settings: { autoUpdateChecks?: boolean } = {}) {
  const updater = await appImageUpdater(typeof f === 'string' ? f : f.url, dirs.home);
  const restart = vi.spyOn(updater, 'quitAndInstall').mockImplementation(() => undefined);
  const clock = new ManualClock(Date.now());
  t = await startAppUnderTest(undefined, { clock, updater, settings });
  return { updater, restart, clock, t };
}

const statuses = (app: AppUnderTest) =>
  app
    .sent()
    .filter((e) => e.channel === 'update-status')
    .map((e) => e.payload as UpdateStatusView);
const trayLabels = (app: AppUnderTest) => (app.tray.contextMenu?.template ?? []).map((i) => i.label);
const updateLog = (app: AppUnderTest) => app.logLines.filter((l) => /update|updater/i.test(l));

async function trayRebuilt(app: AppUnderTest, label: string): Promise<void> {
  await waitFor(
    async () => {
      // The tray is rebuilt a moment after a change.
      await app.clock.advance(300);
      return trayLabels(app).includes(label) ? true : undefined;
    },
    5_000,
    `the tray item "${label}"`,
  );
}

beforeEach(async () => {
  dirs = await tempHome('updates');
  installed = await playInstalledAppImage(dirs.home);
});

afterEach(async () => {
  await t?.close();
  t = undefined;
  await feed?.close();
  feed = undefined;
  installed.restore();
  await dirs.cleanup();
});

describe('updates in the app, against a local feed', () => {
  it('a new version is found on start, downloaded, and offered with Restart to update (notification and tray)', async () => {
    feed = await startUpdateFeed('0.2.0');
    const { restart, clock } = await startWithFeed(feed);
    expect(feed.requests).toEqual([]);
    await clock.advance(FIRST_CHECK_DELAY_MS);
    await t!.app.updates.idle();

    expect(statuses(t!).map((s) => s.state)).toEqual(['idle', 'checking', 'downloading', 'ready']);
    expect(await t!.invoke('updates.status')).toEqual({ ok: true, value: { state: 'ready', version: '0.2.0' } });
    expect(feed.requests).toEqual(expect.arrayContaining([expect.stringMatching(/^\/latest-linux\.yml/), '/Latchkey-0.2.0.AppImage']));
    const downloaded = path.join(installed.cacheDir, 'latchkey-updater', 'pending', 'Latchkey-0.2.0.AppImage');
    expect(await fs.readFile(downloaded)).toEqual(NEW_APP);

    expect(FakeNotification.instances).toHaveLength(1);
    const note = FakeNotification.instances[0]!;
    expect(note.options).toMatchObject({ title: 'Latchkey 0.2.0 is ready', actions: [{ type: 'button', text: 'Restart to update' }] });
    expect(note.shown).toBe(true);
    note.emit('action');
    expect(restart).toHaveBeenCalledTimes(1);

    await trayRebuilt(t!, 'Restart to update to 0.2.0');
    findMenuItem(t!.tray.contextMenu?.template, 'Restart to update to 0.2.0')!.click!();
    expect(restart).toHaveBeenCalledTimes(2);

    // Ready stays ready: a later check neither asks the feed again nor notifies twice.
    const asked = feed.requests.length;
    await clock.advance(CHECK_INTERVAL_MS);
    expect(await t!.invoke('updates.check')).toEqual({ ok: true, value: { state: 'ready', version: '0.2.0' } });
    expect(feed.requests).toHaveLength(asked);
    expect(FakeNotification.instances).toHaveLength(1);

    // What electron-updater announces just before it quits: the popup lets go so the quit can go on.
    electronModule.autoUpdater.emit('before-quit-for-update');
    expect(t!.popup.destroyed).toBe(true);
  });

  it("Settings' Restart to update (updates.restart): refused until the download is ready, then the same install as the tray's", async () => {
    feed = await startUpdateFeed('0.2.0');
    const { restart } = await startWithFeed(feed, { autoUpdateChecks: false });
    const notReady = { ok: false, code: 'NOT_FOUND', message: 'No update is ready to install.' };
    expect(await t!.invoke('updates.restart')).toMatchObject(notReady);

    expect(await t!.invoke('updates.check')).toEqual({ ok: true, value: { state: 'checking' } });
    expect(await t!.invoke('updates.restart')).toMatchObject(notReady);
    await t!.app.updates.idle();
    expect(await t!.invoke('updates.status')).toEqual({ ok: true, value: { state: 'ready', version: '0.2.0' } });
    expect(restart).not.toHaveBeenCalled();

    // Ready, but asked by a frame that is not our page, or with an argument: refused, nothing installed.
    const subframe = { sender: t!.popup.webContents, senderFrame: { url: 'https://evil.example/' } };
    expect(await t!.invoke('updates.restart', undefined, subframe)).toMatchObject({ ok: false, code: 'ACCESS_DENIED' });
    expect(await t!.invoke('updates.restart', { version: '0.2.0' })).toMatchObject({ ok: false, code: 'BAD_INPUT' });
    expect(restart).not.toHaveBeenCalled();

    expect(await t!.invoke('updates.restart')).toEqual({ ok: true, value: null });
    expect(restart).toHaveBeenCalledTimes(1);
    expect(t!.logLines.filter((l) => l.includes('restarting to update'))).toHaveLength(1);
  });

  it('a copy that does not update itself: updates.restart says so and does nothing', async () => {
    t = await startAppUnderTest(undefined, { clock: new ManualClock(Date.now()) });
    expect(await t.invoke('updates.status')).toEqual({ ok: true, value: { state: 'unsupported' } });
    expect(await t.invoke('updates.restart')).toMatchObject({ ok: false, code: 'UNSUPPORTED', message: 'This copy of Latchkey does not update itself.' });
  });

  it('the same version: up to date, nothing downloaded, nothing said; checks again every 4 hours', async () => {
    feed = await startUpdateFeed('0.1.0');
    const { clock } = await startWithFeed(feed);
    await clock.advance(FIRST_CHECK_DELAY_MS);
    await t!.app.updates.idle();
    expect(statuses(t!).at(-1)).toEqual({ state: 'up-to-date' });
    expect(feed.requests).toEqual([expect.stringMatching(/^\/latest-linux\.yml/)]);

    await clock.advance(CHECK_INTERVAL_MS - 1_000);
    expect(feed.requests).toHaveLength(1);
    await clock.advance(1_000);
    await t!.app.updates.idle();
    expect(feed.requests).toHaveLength(2);
    expect(FakeNotification.instances).toEqual([]);
  });

  it('automatic checks off: none on start or later; Check for updates… (tray or Settings) still works', async () => {
    feed = await startUpdateFeed('0.1.0');
    const { clock } = await startWithFeed(feed, { autoUpdateChecks: false });
    await clock.advance(FIRST_CHECK_DELAY_MS + 2 * CHECK_INTERVAL_MS);
    expect(feed.requests).toEqual([]);

    await trayRebuilt(t!, 'Check for updates…');
    findMenuItem(t!.tray.contextMenu?.template, 'Check for updates…')!.click!();
    await waitFor(() => (feed!.requests.length ? true : undefined), 5_000, 'the check from the tray');
    await t!.app.updates.idle();
    expect(statuses(t!).at(-1)).toEqual({ state: 'up-to-date' });

    const answer = await t!.invoke('updates.check');
    expect(answer).toEqual({ ok: true, value: { state: 'checking' } });
    await t!.app.updates.idle();
    expect(feed.requests).toHaveLength(2);
    expect(await t!.invoke('updates.status')).toEqual({ ok: true, value: { state: 'up-to-date' } });
  });

  it('a download whose sha512 does not match: quietly failed, one line in the log, no notification', async () => {
    feed = await startUpdateFeed('0.2.0', sha512(Buffer.from('something else')));
    const { clock } = await startWithFeed(feed);
    await clock.advance(FIRST_CHECK_DELAY_MS);
    await t!.app.updates.idle();
    expect(feed.requests).toContain('/Latchkey-0.2.0.AppImage');
    expect(statuses(t!).map((s) => s.state)).toEqual(['idle', 'checking', 'downloading', 'failed']);
    expect(FakeNotification.instances).toEqual([]);
    const failure = t!.logLines.filter((l) => l.includes('update check failed'));
    expect(failure).toHaveLength(1);
    expect(failure[0]).toMatch(/sha512 checksum mismatch/);
    expect(failure[0]).toContain('ERR_CHECKSUM_MISMATCH');
    expect(updateLog(t!).join('\n')).not.toMatch(/\n\s+at /);
    await expect(fs.stat(path.join(installed.cacheDir, 'latchkey-updater', 'pending', 'Latchkey-0.2.0.AppImage'))).rejects.toThrow();
    expect(trayLabels(t!)).not.toContain('Restart to update to 0.2.0');
  });

  it('offline (connection refused): quietly failed and logged, tried again at the next check', async () => {
    const gone = await startUpdateFeed('0.2.0');
    await gone.close();
    const { clock } = await startWithFeed(gone.url);
    await clock.advance(FIRST_CHECK_DELAY_MS);
    await t!.app.updates.idle();
    expect(statuses(t!).map((s) => s.state)).toEqual(['idle', 'checking', 'failed']);
    expect(FakeNotification.instances).toEqual([]);
    const failure = t!.logLines.filter((l) => l.includes('update check failed'));
    expect(failure).toHaveLength(1);
    expect(failure[0]).toMatch(/ECONNREFUSED/);
    expect(updateLog(t!).join('\n')).not.toMatch(/\n\s+at /);

    await clock.advance(CHECK_INTERVAL_MS);
    await t!.app.updates.idle();
    expect(t!.logLines.filter((l) => l.includes('update check failed'))).toHaveLength(2);
    expect(FakeNotification.instances).toEqual([]);
  });
});
