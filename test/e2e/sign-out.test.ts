import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { signInAndSync, signInAtEmulator } from '../../harness/seed';
import type { Harness } from '../../harness/server';
import { browserSkipNote, hasChromium } from '../../devkit/browser';
import { openPopup, poll, readProfile, type Popup } from './support';

// Sign out in the popup, in Chromium, through the web harness to the real core: when the
// session's profiles hold its credentials, a small dialog asks whether they go too. Removing
// them leaves the person's own bytes of ~/.aws/credentials; keeping them leaves the file as it
// is and the profiles listed until they expire. In order, on one page.

browserSkipNote();

const HAND_WRITTEN = '# my own keys\n[personal]\naws_access_key_id = AKIAEXAMPLE\naws_secret_access_key = mine\n';

describe.skipIf(!hasChromium)('signing out in the popup', () => {
  let popup: Popup;
  let harness: Harness;
  let page: Page;
  let session = '';

  const credentialsFile = () => path.join(harness.home, '.aws', 'credentials');
  const tokenFile = () => path.join(harness.home, '.aws', 'sso', 'cache', `${createHash('sha1').update(session).digest('hex')}.json`);
  const sessionRow = () => page.locator(`[data-testid="session"][data-session="${session}"]`);
  const activeProfile = (name: string) => page.locator(`[data-testid="active-profile"][data-profile="${name}"]`);

  /** Two profiles of the session in the credentials file, after the person's own. */
  async function useTwoProfiles(h: Harness): Promise<void> {
    const s = await h.latchkey.sessions.resolve(session);
    const [a, b] = h.fake!.accounts;
    await h.latchkey.profiles.activate({ session: s, accountId: a!.accountId, accountName: a!.accountName, roleName: a!.roles[0]! }, 'work');
    await h.latchkey.profiles.activate({ session: s, accountId: b!.accountId, accountName: b!.accountName, roleName: b!.roles[0]! }, 'ops');
  }

  beforeAll(async () => {
    popup = await openPopup({ fake: { accounts: 3, rolesPerAccount: 1, deviceInterval: 0.2 } }, async (h) => {
      harness = h;
      session = await signInAndSync(h);
      await fs.mkdir(path.dirname(credentialsFile()), { recursive: true });
      await fs.writeFile(credentialsFile(), HAND_WRITTEN);
      await useTwoProfiles(h);
    });
    ({ page } = popup);
  });

  afterAll(async () => {
    await popup?.close();
  });

  it('asks first, naming the profiles and how long each stays valid; Cancel signs nothing out', async () => {
    await poll(() => activeProfile('ops').count()).toBe(1);
    await sessionRow().getByRole('button', { name: 'Sign out' }).click();
    const dialog = page.getByRole('dialog', { name: `Sign out of ${session}?` });
    await poll(() => dialog.count()).toBe(1);
    expect(
      await dialog.getByTestId('sign-out-profile').evaluateAll((rows) => rows.map((r) => (r as unknown as { dataset: { profile: string } }).dataset.profile)),
    ).toEqual(['ops', 'work']);
    expect(await dialog.getByTestId('sign-out-profile').first().textContent()).toMatch(/^ops ends in \d+m/);
    expect(await dialog.textContent()).toContain('AWS keeps them valid until they expire');

    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await poll(() => dialog.count()).toBe(0);
    expect(await sessionRow().getAttribute('data-signed-in')).toBe('true');
    await expect(fs.stat(tokenFile())).resolves.toBeTruthy();
  });

  it('"Sign out and remove the profiles": they leave the list and the file, every byte of the person\'s own stays', async () => {
    await sessionRow().getByRole('button', { name: 'Sign out' }).click();
    await page
      .getByRole('dialog', { name: `Sign out of ${session}?` })
      .getByRole('button', { name: 'Sign out and remove the profiles' })
      .click();
    await poll(() => sessionRow().getAttribute('data-signed-in')).toBe('false');
    await poll(() => page.getByTestId('active-profile').count()).toBe(0);
    expect(await fs.readFile(credentialsFile(), 'utf8')).toBe(HAND_WRITTEN);
    await expect(fs.stat(tokenFile())).rejects.toMatchObject({ code: 'ENOENT' });
    await poll(() => page.getByTestId('announcer').textContent()).toBe(`Signed out of ${session} and removed its profiles`);
  });

  it('"Sign out, keep them until they expire": the file stays as it is and the profiles stay listed', async () => {
    await signInAtEmulator(harness, session);
    await useTwoProfiles(harness);
    await page.reload();
    await poll(() => activeProfile('work').count()).toBe(1);
    const before = await fs.readFile(credentialsFile(), 'utf8');
    const keys = await readProfile(harness.home, 'work');

    await sessionRow().getByRole('button', { name: 'Sign out' }).click();
    await page
      .getByRole('dialog', { name: `Sign out of ${session}?` })
      .getByRole('button', { name: 'Sign out, keep them until they expire' })
      .click();
    await poll(() => sessionRow().getAttribute('data-signed-in')).toBe('false');
    expect(await activeProfile('work').getByTestId('countdown').textContent()).toMatch(/\d+m/);
    expect(await activeProfile('ops').count()).toBe(1);
    expect(await fs.readFile(credentialsFile(), 'utf8')).toBe(before);
    expect((await readProfile(harness.home, 'work'))?.accessKeyId).toBe(keys?.accessKeyId);
  });

  it('asks in Japanese when the app speaks Japanese', async () => {
    await signInAtEmulator(harness, session);
    await page.reload();
    await poll(() => sessionRow().getAttribute('data-signed-in')).toBe('true');
    expect((await harness.latchkey.profiles.list()).map((p) => p.profile).sort()).toEqual(['ops', 'work']);
    const set = await page.evaluate(async () =>
      (globalThis as unknown as { latchkey: { settings: { set(p: object): Promise<{ ok: boolean }> } } }).latchkey.settings.set({ language: 'ja' }),
    );
    expect(set.ok).toBe(true);
    await sessionRow().getByRole('button', { name: 'サインアウト' }).click();
    const dialog = page.getByRole('dialog', { name: `${session} からサインアウトしますか？` });
    await poll(() => dialog.count()).toBe(1);
    expect(await dialog.getByRole('button', { name: 'サインアウトしてプロファイルを削除' }).count()).toBe(1);
    expect(await dialog.getByTestId('sign-out-profile').first().textContent()).toMatch(/^ops 残り/);
    await page.keyboard.press('Escape');
    await poll(() => dialog.count()).toBe(0);
  });
});
