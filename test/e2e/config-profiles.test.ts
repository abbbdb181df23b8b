import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { signInAndSync } from '../../harness/seed';
import type { Harness } from '../../harness/server';
import { ALICE, BOB, MFA_ROLE, USER_CREDENTIALS, iamOrg } from '../core/iam/helpers';
import { browserSkipNote, hasChromium } from '../../devkit/browser';
import { hasFocusWithin, isFocused, openPopup, poll, readProfile, search, view, type Popup } from './support';
import { tempHome } from '../../devkit/home';
import { whoAmI } from '../../devkit/who-am-i';

// The older ways in, from the popup, in Chromium, through the web harness to the real core and
// the emulator: an IAM user with MFA and a role that needs MFA, written in ~/.aws/config and
// ~/.aws/credentials by hand before the app starts. The tests run in order on one page, as a
// person would; each says what it relies on from the one before.

browserSkipNote();

const CONFIG = `# by hand
[profile alice]
mfa_serial = ${ALICE.mfaSerial}
region = eu-west-1

[profile admin]
role_arn = ${MFA_ROLE}
source_profile = alice

[profile loop-a]
role_arn = arn:aws:iam::111122223333:role/A
source_profile = loop-b

[profile loop-b]
role_arn = arn:aws:iam::111122223333:role/B
source_profile = loop-a
`;

describe.skipIf(!hasChromium)('config profiles in the popup, end to end', () => {
  let home: string;
  let popup: Popup;
  let harness: Harness;
  let page: Page;
  let session = '';

  beforeAll(async () => {
    home = (await tempHome('e2e-iam')).home;
    await fs.mkdir(path.join(home, '.aws'), { recursive: true });
    await fs.writeFile(path.join(home, '.aws', 'config'), CONFIG);
    await fs.writeFile(path.join(home, '.aws', 'credentials'), USER_CREDENTIALS, { mode: 0o600 });
    // An Identity Center session too, for the export.
    popup = await openPopup({ home, record: true, fake: iamOrg({ accounts: 3 }) }, async (h) => {
      session = await signInAndSync(h);
    });
    ({ harness, page } = popup);
  });

  afterAll(async () => {
    await popup?.close();
    if (home) await fs.rm(home, { recursive: true, force: true });
  });

  const profileRow = (name: string) => page.locator(`[data-testid="profile-row"][data-profile="${name}"]`);
  const mfaDialog = () => page.getByRole('dialog', { name: 'MFA code' });
  const credentialsText = () => fs.readFile(path.join(home, '.aws', 'credentials'), 'utf8');
  const configFile = () => path.join(home, '.aws', 'config');

  it('lists the IAM user and the role that needs MFA beside the Identity Center roles, and the loop as a problem', async () => {
    await poll(() => view(page).getAttribute('data-view')).toBe('main');
    await poll(() => page.getByTestId('section').first().getAttribute('data-section')).toBe('profiles');
    await poll(() => profileRow('admin').count()).toBe(1);

    const admin = profileRow('admin');
    expect(await admin.getAttribute('data-kind')).toBe('assumed-role');
    expect(await admin.getByTestId('profile-kind').textContent()).toBe('assumed role');
    expect(await admin.getByTestId('mfa-marker').textContent()).toBe('MFA');
    expect(await admin.textContent()).toContain('111122223333 · NeedsMfa');
    expect(await page.getByRole('listitem', { name: 'alice, IAM user' }).getAttribute('data-mfa')).toBe('true');

    // The loop is said in words, for each profile in it, without blocking anything else.
    const problem = page.locator('[data-testid="profile-problem"][data-profile="loop-a"]');
    expect(await problem.textContent()).toMatch(/loop-a can’t be used:.*loop.*loop-a → loop-b → loop-a/);
    expect(await page.locator('[data-testid="profile-problem"][data-profile="loop-b"]').count()).toBe(1);
    expect(await page.getByTestId('error-banner').count()).toBe(0);

    // The search covers profile names, kinds, account ids and role names.
    await search(page, 'needsmfa');
    await poll(() => page.getByTestId('profile-row').count()).toBe(1);
    expect(await page.getByTestId('profile-row').getAttribute('data-profile')).toBe('admin');
    expect(await page.getByTestId('match-count').textContent()).toMatch(/1 of \d+ config profiles/);
    await search(page, 'iam user');
    await poll(() => page.getByTestId('profile-row').first().getAttribute('data-profile')).toBe('alice');
    await search(page, '');
  });

  it('uses the role in the terminal: asks for the MFA code, writes emulator keys, leaves the hand-written keys byte for byte', async () => {
    await profileRow('admin').getByRole('button', { name: 'Use in terminal' }).click();
    const sheet = page.getByRole('dialog', { name: 'Use in terminal' });
    await sheet.getByRole('textbox', { name: 'Profile name' }).fill('work');
    await sheet.getByRole('button', { name: 'Use' }).click();

    // The code is asked for in the small dialog: six digits, numeric keypad, one-time-code.
    const dialog = mfaDialog();
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain(ALICE.mfaSerial);
    const code = dialog.getByRole('textbox', { name: 'MFA code' });
    expect(await code.getAttribute('inputmode')).toBe('numeric');
    expect(await code.getAttribute('autocomplete')).toBe('one-time-code');
    await code.fill('12');
    await dialog.getByRole('button', { name: 'Continue' }).click();
    expect(await dialog.getByTestId('field-error').textContent()).toMatch(/six digits/);
    // A modal: Tab goes round its own controls, never to the list behind it.
    await code.focus();
    for (let i = 0; i < 4; i++) await page.keyboard.press('Tab');
    expect(await hasFocusWithin(dialog)).toBe(true);
    await code.fill(ALICE.mfaCode!);
    await page.keyboard.press('Enter');

    await poll(() => page.locator('[data-testid="active-profile"][data-profile="work"]').count(), 15_000).toBe(1);
    await poll(() => page.getByTestId('announcer').textContent()).toMatch(/Profile work now uses admin until/);
    expect(await mfaDialog().count()).toBe(0);

    const written = await credentialsText();
    expect(written.startsWith(USER_CREDENTIALS)).toBe(true);
    const work = (await readProfile(home, 'work'))!;
    expect(work.accessKeyId).not.toBe(ALICE.accessKeyId);
    expect((await whoAmI(harness.fake!, work)).arn).toMatch(/assumed-role\/NeedsMfa\//);

    // The MFA session now serves the profile: the row says how long.
    await poll(() => profileRow('admin').getByTestId('mfa-session').textContent()).toMatch(/session \d+h/);
  });

  it('opens the console for the role through federation, with no second code', async () => {
    const before = harness.opened.length;
    await profileRow('admin').getByRole('button', { name: 'Open console' }).click();
    // The first console open asks how to switch accounts, one sentence per mode.
    const ask = page.getByRole('dialog', { name: 'How should the console open?' });
    await poll(() => ask.count()).toBe(1);
    await ask.getByRole('button', { name: 'Multi-session' }).click();
    await poll(() => harness.opened.length, 15_000).toBe(before + 1);
    const url = new URL(harness.opened.at(-1)!);
    expect(`${url.origin}${url.pathname}`).toBe(harness.fake!.env.LATCHKEY_FEDERATION_ENDPOINT);
    expect(url.searchParams.get('Action')).toBe('login');
    expect(url.searchParams.get('SigninToken')).toBe('[REDACTED]'); // as the harness keeps it
    expect(await mfaDialog().count()).toBe(0);
  });

  it('after the MFA session is ended, a cancelled dialog says nothing and a wrong code is an error in words', async () => {
    await profileRow('admin').getByRole('button', { name: 'End MFA session' }).click();
    await poll(() => profileRow('admin').getByTestId('mfa-session').count()).toBe(0);

    const clipboardBefore = harness.clipboard.length;
    await profileRow('admin').getByRole('button', { name: 'Copy credentials as environment variables' }).click();
    await mfaDialog().getByRole('textbox', { name: 'MFA code' }).press('Escape');
    await poll(() => mfaDialog().count()).toBe(0);

    await profileRow('admin').getByRole('button', { name: 'Copy credentials as environment variables' }).click();
    await mfaDialog().waitFor();
    // The cancelled attempt ended (before this second question could come) without a banner.
    expect(await page.getByTestId('error-banner').count()).toBe(0);
    await mfaDialog().getByRole('textbox', { name: 'MFA code' }).fill('000000');
    await mfaDialog().getByRole('button', { name: 'Continue' }).click();
    const banner = page.getByTestId('error-banner');
    await poll(() => banner.getAttribute('data-mfa'), 15_000).toBe('true');
    expect(await banner.getAttribute('data-code')).toBe('ACCESS_DENIED');
    const words = (await banner.textContent())!;
    expect(words).toMatch(/The MFA step didn’t work/);
    expect(words).toMatch(/MFA code was not accepted/);
    expect(words).not.toMatch(/\bat .+:\d+|Exception/);
    expect(harness.clipboard.length).toBe(clipboardBefore);

    // "Try again" asks for a new code; with it the credentials are copied.
    await banner.getByRole('button', { name: 'Try again' }).click();
    expect(await banner.count()).toBe(0);
    await mfaDialog().getByRole('textbox', { name: 'MFA code' }).fill(ALICE.mfaCode!);
    await page.keyboard.press('Enter');
    await poll(() => harness.clipboard.length, 15_000).toBe(clipboardBefore + 1);
    expect(await banner.count()).toBe(0);
  });

  it('says a wrong code in the "Use in terminal" sheet the person is looking at, and tries again from there', async () => {
    await profileRow('admin').getByRole('button', { name: 'End MFA session' }).click();
    await poll(() => profileRow('admin').getByTestId('mfa-session').count()).toBe(0);
    await profileRow('admin').getByRole('button', { name: 'Use in terminal' }).click();
    const sheet = page.getByRole('dialog', { name: 'Use in terminal' });
    await sheet.getByRole('textbox', { name: 'Profile name' }).fill('work2');
    await page.keyboard.press('Enter');
    await mfaDialog().getByRole('textbox', { name: 'MFA code' }).fill('000000');
    await page.keyboard.press('Enter');

    // In the sheet, not in a banner behind it; focus on the button that tries again.
    const error = sheet.getByTestId('sheet-error');
    await poll(() => error.getAttribute('data-mfa'), 15_000).toBe('true');
    expect(await error.getAttribute('role')).toBe('alert');
    expect(await error.textContent()).toMatch(/The MFA step didn’t work\..*Check the code and try again/);
    expect(await page.getByTestId('error-banner').count()).toBe(0);
    const retry = sheet.getByRole('button', { name: 'Try again' });
    await poll(() => isFocused(retry)).toBe(true);

    await page.keyboard.press('Enter');
    await mfaDialog().getByRole('textbox', { name: 'MFA code' }).fill(ALICE.mfaCode!);
    await page.keyboard.press('Enter');
    await poll(() => page.locator('[data-testid="active-profile"][data-profile="work2"]').count(), 15_000).toBe(1);
    // The list hears of the new profile (an event) just before the sheet hears its answer.
    await poll(() => sheet.count()).toBe(0);
    expect((await readProfile(home, 'work2'))?.accessKeyId).toMatch(/^ASIA/);
  });

  it('stores an IAM user in the keychain from Settings: the secret is cleared and never shown, and the user joins the list', async () => {
    await page.getByRole('button', { name: 'Settings' }).click();
    const form = page.getByRole('form', { name: 'Store an IAM user' });
    await form.getByRole('textbox', { name: 'Profile name' }).fill('bob-keys');
    await form.getByRole('textbox', { name: 'Access key ID' }).fill(BOB.accessKeyId);
    const secret = form.getByLabel('Secret access key');
    expect(await secret.getAttribute('type')).toBe('password');
    expect(await secret.getAttribute('autocomplete')).toBe('off');
    await secret.fill(BOB.secretAccessKey);
    await form.getByRole('button', { name: 'Store in keychain' }).click();

    await poll(() => page.locator('[data-testid="keychain-user"][data-profile="bob-keys"]').count()).toBe(1);
    expect(await secret.inputValue()).toBe('');
    expect(await page.content()).not.toContain(BOB.secretAccessKey);

    await page.getByRole('button', { name: 'Back' }).click();
    await poll(() => profileRow('bob-keys').getAttribute('data-kind')).toBe('iam-user');
    // It works: its session credentials come from the emulator (no MFA device, no dialog).
    const before = harness.clipboard.length;
    await profileRow('bob-keys').getByRole('button', { name: 'Copy credentials as environment variables' }).click();
    await poll(() => harness.clipboard.length).toBe(before + 1);
    expect(harness.clipboard.at(-1)).toMatch(/^export AWS_ACCESS_KEY_ID=/);
    expect(harness.clipboard.at(-1)).not.toContain(BOB.accessKeyId);

    // Removed from the keychain, it leaves the list.
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('button', { name: 'Remove bob-keys' }).click();
    await poll(() => page.locator('[data-testid="keychain-user"]').count()).toBe(0);
    await page.getByRole('button', { name: 'Back' }).click();
    await poll(() => page.getByTestId('profile-row').count()).toBe(3);
    expect(await profileRow('bob-keys').count()).toBe(0);
  });

  it('exports a chosen Identity Center role to ~/.aws/config: shows the diff, refreshes it when the file changed, then writes exactly that', async () => {
    const role = harness.fake!.accounts[0]!;
    const roleKey = `${session}/${role.accountId}/${role.roles[0]}`;
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('button', { name: 'Export roles to AWS config…' }).click();
    await poll(() => view(page).getAttribute('data-view')).toBe('export');

    await page.getByRole('searchbox', { name: 'Find roles' }).fill(`${role.accountId} ${role.roles[0]}`);
    await page.locator(`[data-testid="export-role"][data-key="${roleKey}"]`).getByRole('checkbox').check();
    await page.getByRole('textbox', { name: 'Profile name prefix (optional)' }).fill('sso-');
    await page.getByRole('button', { name: 'Preview changes' }).click();

    const diff = page.getByTestId('export-diff');
    await poll(() => diff.textContent()).toContain(`+sso_session = ${session}`);
    expect(await diff.locator('.diff-add').count()).toBeGreaterThan(2);
    const beforeWrite = await fs.readFile(configFile(), 'utf8');
    expect(beforeWrite).not.toContain(`sso_session = ${session}\nsso_account_id`);

    // Someone edits the file meanwhile: nothing is written, the new diff is shown.
    const edited = `${beforeWrite}\n[profile late]\nregion = us-west-2\n`;
    await fs.writeFile(configFile(), edited);
    await page.getByRole('button', { name: 'Write to ~/.aws/config' }).click();
    await page.getByTestId('export-changed').waitFor();
    expect(await fs.readFile(configFile(), 'utf8')).toBe(edited);
    await poll(() => diff.textContent()).toContain(`+sso_session = ${session}`);

    await page.getByRole('button', { name: 'Write to ~/.aws/config' }).click();
    await poll(() => page.getByTestId('export-written').textContent()).toMatch(/Profiles written to .*config: 1\./);
    const after = await fs.readFile(configFile(), 'utf8');
    expect(after.startsWith(edited)).toBe(true);
    expect(after).toMatch(
      new RegExp(`\\[profile sso-[^\\]]+\\]\\nsso_session = ${session}\\nsso_account_id = ${role.accountId}\\nsso_role_name = ${role.roles[0]}`),
    );
    expect(popup.pageErrors).toEqual([]);
  });
});
