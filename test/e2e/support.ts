import fs from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { startHarness, type Harness, type HarnessOptions } from '../../harness/server';
import { launchChromium, popupContext } from '../../devkit/browser';

// What the end-to-end tests share: locators from the UI map (/tmp/lk/ui-map.md, kept in the
// renderer's testids and accessible names) and checks of what the app wrote.

export interface FileCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
}

/** The keys of one profile in the temp HOME's credentials file, or undefined. */
export async function readProfile(home: string, profile: string): Promise<FileCredentials | undefined> {
  let text: string;
  try {
    text = await fs.readFile(path.join(home, '.aws', 'credentials'), 'utf8');
  } catch {
    return undefined;
  }
  const section = new RegExp(`^\\[${profile}\\][^\\n]*\\n([\\s\\S]*?)(?=^\\[|(?![\\s\\S]))`, 'm').exec(text)?.[1];
  if (!section) return undefined;
  const value = (key: string) => new RegExp(`^${key}\\s*=\\s*(\\S+)`, 'm').exec(section)?.[1] ?? '';
  return { accessKeyId: value('aws_access_key_id'), secretAccessKey: value('aws_secret_access_key'), sessionToken: value('aws_session_token') };
}

export const view = (page: Page) => page.getByTestId('app');

/** A role's row in a section of the list ("session/accountId/roleName"). */
export function roleRow(page: Page, key: string, section: 'favorites' | 'recents' | 'accounts' = 'accounts'): Locator {
  return page.locator(`[data-testid="role-row"][data-key="${key}"][data-section="${section}"]`);
}

/** Narrows the list with the search box so a row is rendered (the list is virtualized). */
export async function search(page: Page, query: string): Promise<void> {
  await page.getByRole('searchbox').fill(query);
}

/** expect.poll with a timeout that holds on a busy two-core machine running every test file
 * (vitest's default is one second). */
export function poll<T>(probe: () => T | Promise<T>, timeout = 10_000) {
  return expect.poll(probe, { timeout, interval: 50 });
}

export interface Popup {
  harness: Harness;
  browser: Browser;
  page: Page;
  /** Uncaught errors in the page, for a final "raised no error" check. */
  pageErrors: string[];
  close(): Promise<void>;
}

/**
 * The harness and Chromium started side by side, then one popup-sized page opened on it;
 * `prepare` runs before the page loads (sign in, seed files), so the app opens on that state.
 */
export async function openPopup(options: HarnessOptions, prepare?: (harness: Harness) => Promise<void>): Promise<Popup> {
  const [harness, browser] = await Promise.all([startHarness(options), launchChromium()]);
  await prepare?.(harness);
  const page = await (await popupContext(browser, options.locale ? { locale: options.locale } : {})).newPage();
  page.setDefaultTimeout(10_000);
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(harness.pageUrl);
  return {
    harness,
    browser,
    page,
    pageErrors,
    async close() {
      await browser.close();
      await harness.close();
    },
  };
}

type FocusWin = { document: { activeElement: unknown } };

/** Whether this element has the keyboard focus (in-page code names the global itself). */
export function isFocused(locator: Locator): Promise<boolean> {
  return locator.evaluate((el) => el === (globalThis as unknown as FocusWin).document.activeElement);
}

/** Whether the keyboard focus is this element or inside it. */
export function hasFocusWithin(locator: Locator): Promise<boolean> {
  return locator.evaluate((el) => (el as unknown as { contains(node: unknown): boolean }).contains((globalThis as unknown as FocusWin).document.activeElement));
}
