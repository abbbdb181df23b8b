import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Harness } from '../../harness/server';
import type { Settings } from '../../src/shared/views';
import { browserSkipNote, hasChromium } from '../../devkit/browser';
import { waitFor } from '../../devkit/wait';
import { openPopup, poll, view, type Popup } from './support';

// A sign-in the popup did not start (the tray's "Sign in to …", a notification's click) and
// one where the browser cannot be opened, in Chromium through the web harness to the real
// core and the emulator: the popup shows the code and why it is a code, follows the sign-in
// to its end, and the sign-in setting is a control in Settings.

browserSkipNote();

describe.skipIf(!hasChromium)('signing in from anywhere, in the popup', () => {
  let popup: Popup;
  let harness: Harness;
  let page: Page;
  let browserWorks = false;

  beforeAll(async () => {
    popup = await openPopup({
      fake: { accounts: 1, rolesPerAccount: 1, deviceInterval: 0.2 },
      onOpenExternal: () => {
        if (!browserWorks) throw new Error('no browser to open');
      },
    });
    ({ harness, page } = popup);
    // The popup has loaded with no session (the sign-in view) before one is added: loaded after
    // the add, it would open on the main view instead.
    await waitFor(async () => (await view(page).getAttribute('data-view')) === 'signin', 10_000, 'the sign-in view');
    const added = await harness.latchkey.sessions.add({ startUrl: harness.fake!.startUrl, region: harness.fake!.region, name: 'corp' });
    expect(added.name).toBe('corp');
  });

  afterAll(async () => {
    await popup?.close();
  });

  /** Calls a channel as the tray or a notification does: from main, not from the page. */
  const fromTray = (channel: string, request: unknown) =>
    harness.fetch(`/rpc/${channel}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(request) });

  it('a sign-in started by the tray whose browser cannot open: the popup shows the code, why, and moves on once approved', async () => {
    await poll(() => view(page).getAttribute('data-view')).toBe('signin');
    const answer = fromTray('sessions.login', { session: 'corp', flow: 'auto' });
    const waiting = page.getByTestId('sign-in-waiting');
    await poll(() => waiting.getAttribute('data-session')).toBe('corp');
    const reason = page.getByTestId('device-reason');
    await poll(() => reason.getAttribute('data-reason')).toBe('browser-failed');
    expect(await reason.textContent()).toBe('The browser could not be opened, so Latchkey switched to a device code. Use it on any device with a browser.');
    const userCode = (await page.getByTestId('user-code').textContent())!.trim();
    expect(harness.fake!.pendingUserCodes()).toContain(userCode);

    harness.fake!.approveDevice(userCode);
    expect(await (await answer).json()).toMatchObject({ ok: true });
    await poll(() => view(page).getAttribute('data-view'), 15_000).toBe('main');
    await poll(() => page.getByTestId('session').getAttribute('data-signed-in')).toBe('true');
  });

  it('the sign-in setting is a control in Settings; "Device code" there makes the next sign-in a code, with no reason to give', async () => {
    await page.getByRole('button', { name: 'Settings' }).click();
    const select = page.getByRole('combobox', { name: 'Sign in with' });
    expect(await select.inputValue()).toBe('auto');
    expect(await select.locator('option').allTextContents()).toEqual(['Automatic', 'Browser', 'Device code']);
    await select.selectOption('device');
    await poll(() => page.getByTestId('announcer').textContent()).toBe('Saved');

    browserWorks = true;
    const answer = fromTray('sessions.login', { session: 'corp', flow: 'auto' });
    await poll(async () => (await page.getByTestId('user-code').textContent())?.trim()).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    expect(await page.getByTestId('device-reason').count()).toBe(0);
    // Cancelled from the popup, though the tray started it: the popup leaves the waiting view.
    await page.getByRole('button', { name: 'Cancel' }).click();
    expect(await (await answer).json()).toMatchObject({ ok: false, code: 'CANCELLED' });
    await poll(() => page.getByTestId('sign-in-waiting').count()).toBe(0);
  });

  it('in Japanese, the reason is in Japanese', async () => {
    // A prompt as main sends it, with the reason the core found (an SSH session).
    const settings = ((await (await fromTray('settings.get', undefined)).json()) as { value: Settings }).value;
    harness.emit('settings-changed', { ...settings, language: 'ja' });
    harness.emit('sign-in-prompt', {
      session: 'corp',
      kind: 'device',
      userCode: 'ABCD-EFGH',
      verificationUri: 'https://device.sso.us-east-1.amazonaws.com/',
      verificationUriComplete: 'https://device.sso.us-east-1.amazonaws.com/?user_code=ABCD-EFGH',
      expiresAt: Date.now() + 600_000,
      reason: 'ssh',
    });
    const reason = page.getByTestId('device-reason');
    await poll(() => reason.textContent()).toBe(
      'SSH セッションのため、ここのブラウザーではサインインを完了できません。ブラウザーのある任意のデバイスでコードを使ってください。',
    );
    harness.emit('sign-in-finished', { session: 'corp', ok: false });
    await poll(() => page.getByTestId('sign-in-waiting').count()).toBe(0);
  });

  it('raised no error in the page', () => {
    expect(popup.pageErrors).toEqual([]);
  });
});
