import fs from 'node:fs';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';

// Debian's Chromium, driven by playwright-core (`npx playwright install` cannot work on these
// machines). Tests that need it are skipped, with a note saying why, where it is absent.

export const CHROMIUM_PATH = process.env.LATCHKEY_CHROMIUM ?? '/usr/bin/chromium';
export const hasChromium = fs.existsSync(CHROMIUM_PATH);

/** The flags that make Chromium quiet and reliable in a container with no GPU or sandbox. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** The popup's size in the app (src/main creates the window at this size). */
export const POPUP_VIEWPORT = { width: 380, height: 560 };

export function browserSkipNote(present = hasChromium): void {
  if (!present) console.warn(`[e2e] skipped: Chromium is not installed at ${CHROMIUM_PATH} (apt-get install -y chromium)`);
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/** A popup-sized page context; `locale` drives navigator.language for the UI's language choice. */
export function popupContext(
  browser: Browser,
  options: { locale?: string; colorScheme?: 'light' | 'dark'; deviceScaleFactor?: number } = {},
): Promise<BrowserContext> {
  return browser.newContext({
    viewport: POPUP_VIEWPORT,
    locale: options.locale ?? 'en-US',
    colorScheme: options.colorScheme ?? 'light',
    deviceScaleFactor: options.deviceScaleFactor ?? 1,
    reducedMotion: 'reduce',
  });
}
