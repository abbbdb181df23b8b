// `npm run screenshots`: the popup's main states in light, dark and Japanese, driven through the
// web harness against the emulator, written to docs/screenshots/ at the popup's size (380×560)
// and twice the pixels. Locators here avoid English names so the Japanese run uses the same.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { hasChromium, CHROMIUM_PATH, launchChromium, popupContext } from '../devkit/browser';
import { REPO, startHarness, type Harness } from './server';

const OUT = path.join(REPO, 'docs', 'screenshots');

interface Variant {
  name: string;
  colorScheme: 'light' | 'dark';
  locale: string;
}

const VARIANTS: Variant[] = [
  { name: 'light', colorScheme: 'light', locale: 'en-US' },
  { name: 'dark', colorScheme: 'dark', locale: 'en-US' },
  { name: 'ja', colorScheme: 'light', locale: 'ja-JP' },
];

type Win = { latchkey: import('../src/shared/api').LatchkeyApi };

async function settle(page: Page): Promise<void> {
  // Fonts, the countdowns' first tick and the list's measurement.
  await page.evaluate(() => (globalThis as unknown as { document: { fonts: { ready: Promise<unknown> } } }).document.fonts.ready);
  await page.waitForTimeout(400);
}

async function shoot(page: Page, file: string): Promise<void> {
  await settle(page);
  await page.screenshot({ path: path.join(OUT, file) });
  console.log(`  ${path.relative(REPO, path.join(OUT, file))}`);
}

async function capture(browser: Browser, variant: Variant): Promise<void> {
  const harness: Harness = await startHarness({
    fake: { accounts: 40, rolesPerAccount: 3, deviceInterval: 0.5 },
    locale: variant.locale,
    renderer: 'built',
    appInfo: { credentialsFile: '~/.aws/credentials', configFile: '~/.aws/config' },
  });
  await ownChromiumProfiles(harness);
  const context = await popupContext(browser, { colorScheme: variant.colorScheme, locale: variant.locale, deviceScaleFactor: 2 });
  try {
    const page = await context.newPage();
    const fake = harness.fake!;
    await page.goto(harness.pageUrl);
    const app = page.getByTestId('app');
    await app.and(page.locator('[data-view="signin"]')).waitFor();
    await shoot(page, `signin-${variant.name}.png`);

    // Device code sign-in, the code on screen.
    await page.getByRole('radio').nth(1).check();
    await page.locator('input[type="url"]').fill(fake.startUrl);
    await page.locator('form select').first().selectOption(fake.region);
    await page.locator('form button[type="submit"]').click();
    const userCode = (await page.getByTestId('user-code').textContent())!.trim();
    await shoot(page, `device-code-${variant.name}.png`);

    fake.approveDevice(userCode);
    await app.and(page.locator('[data-view="main"]')).waitFor({ timeout: 15_000 });
    await page.getByTestId('role-row').first().waitFor({ timeout: 15_000 });

    // Two favorites and an active profile, through the same API the UI uses.
    const session = (await harness.latchkey.sessions.list())[0]!.name;
    const byName = (n: string) => fake.accounts.find((a) => a.accountName === n)!.accountId;
    await page.evaluate(
      async ({ session, production, staging }) => {
        const { latchkey } = globalThis as unknown as Win;
        await latchkey.favorites.toggle({ kind: 'sso', session, accountId: production, roleName: 'AdministratorAccess' });
        await latchkey.favorites.toggle({ kind: 'sso', session, accountId: staging, roleName: 'ReadOnlyAccess' });
        await latchkey.profiles.use({ target: { kind: 'sso', session, accountId: staging, roleName: 'PowerUserAccess' }, profile: 'default' });
      },
      { session, production: byName('production'), staging: byName('staging') },
    );
    await page.locator('[data-testid="role-row"][data-section="favorites"]').first().waitFor();
    await page.getByTestId('active-profile').first().waitFor();
    // The "Signed in to …" toast fades after a few seconds; the pictures show the list, not it.
    await page.locator('[data-testid="announcer"]:not(.toast-visible)').waitFor({ state: 'attached', timeout: 10_000 });
    await shoot(page, `main-${variant.name}.png`);

    // The first console open asks how to switch accounts (answered with Escape: nothing opens).
    const favorite = page.locator('[data-testid="role-row"][data-section="favorites"]').first();
    await favorite.locator('.role-text').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByTestId('console-mode-choice').waitFor();
    await shoot(page, `console-mode-${variant.name}.png`);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });

    // A role's console options: "Open in…" lists the other modes and the browser profiles
    // found, shown here as a list (a native menu does not appear in a page's screenshot).
    await favorite.locator('button[aria-haspopup="dialog"]').first().click();
    const openIn = dialog.locator('select').nth(2);
    await openIn.locator('option[value^="own:"]').first().waitFor({ state: 'attached' });
    await openIn.selectOption('profile');
    await openIn.evaluate((element) => {
      const select = element as unknown as { options: { length: number }; setAttribute(name: string, value: string): void };
      select.setAttribute('size', String(select.options.length));
    });
    await shoot(page, `console-open-in-${variant.name}.png`);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });

    await page.getByTestId('nav-settings').click();
    await app.and(page.locator('[data-view="settings"]')).waitFor();
    await shoot(page, `settings-${variant.name}.png`);
  } finally {
    await context.close();
    await harness.close();
  }
}

/** The person's own Chromium profiles, as Chromium lists them in its Local State, so "Open in…"
 * offers them (Debian's Chromium is installed wherever these pictures are taken). */
async function ownChromiumProfiles(harness: Harness): Promise<void> {
  const dir = path.join(harness.env.XDG_CONFIG_HOME ?? path.join(harness.home, '.config'), 'chromium');
  await fs.mkdir(dir, { recursive: true });
  const infoCache = { Default: { name: 'Personal' }, 'Profile 1': { name: 'Work' } };
  await fs.writeFile(path.join(dir, 'Local State'), JSON.stringify({ profile: { info_cache: infoCache } }));
}

async function main(): Promise<void> {
  if (!hasChromium) {
    console.error(`screenshots: Chromium is not installed at ${CHROMIUM_PATH} (apt-get install -y chromium)`);
    process.exit(1);
  }
  if (!spawnSync('fc-list', [':lang=ja'], { encoding: 'utf8' }).stdout?.trim()) {
    console.warn('screenshots: no Japanese font found; the ja screenshots will show boxes (apt-get install -y fonts-noto-cjk)');
  }
  await fs.mkdir(OUT, { recursive: true });
  const browser = await launchChromium();
  try {
    for (const variant of VARIANTS) {
      console.log(`screenshots: ${variant.name}`);
      await capture(browser, variant);
    }
  } finally {
    await browser.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
