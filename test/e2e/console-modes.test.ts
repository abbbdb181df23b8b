import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH, browserSkipNote, hasChromium } from '../../devkit/browser';
import { FAKE_BROWSER, deviceLoginCli, startCli } from '../../devkit/cli';
import { startFakeAws, type FakeAws } from '../../devkit/fake-aws';
import { tempHome, type TempHome } from '../../devkit/home';
import { waitFor } from '../../devkit/wait';
import { browserProfileDir } from '../helpers/browser-profile';
import { startConsoleHost, type ConsoleHost } from './console-host';

// `latchkey console` in Debian's Chromium, two separate profiles (--user-data-dir), through
// the emulator's model of the console session: what a person sees when account A is signed in
// and they open account B. The console hosts are mapped to the emulator's console pages, as a
// DNS entry would; the command starts the "browser" (a recorder), and the page then opens what
// it was given, as the browser would.

browserSkipNote();

const MUST_LOG_OUT = 'You must first log out before logging into a different AWS account';

describe.skipIf(!hasChromium)('the console in two browser profiles', () => {
  let fake: FakeAws;
  let home: TempHome;
  let env: Record<string, string>;
  const contexts: BrowserContext[] = [];
  const profileDirs: string[] = [];
  let opens = 0;
  let consoleHost: ConsoleHost;

  beforeAll(async () => {
    fake = await startFakeAws({ accounts: 2, rolesPerAccount: 1, deviceInterval: 1 });
    home = await tempHome();
    env = { ...home.env, ...fake.env };
    expect((await deviceLoginCli(fake, env)).code).toBe(0);
    consoleHost = await startConsoleHost(fake.url);
  });

  afterAll(async () => {
    for (const c of contexts) await c.close();
    for (const d of profileDirs) await fs.rm(d, { recursive: true, force: true });
    await fake?.close();
    consoleHost?.close();
    await home?.cleanup();
  });

  const role = (i: number) => `${fake.accounts[i]!.accountId}/${fake.accounts[i]!.roles[0]}`;

  /** A Chromium profile of its own, whose console hosts resolve to the emulator's console. */
  async function browserProfile(): Promise<Page> {
    const dir = await browserProfileDir();
    profileDirs.push(dir);
    const context = await chromium.launchPersistentContext(dir, {
      executablePath: CHROMIUM_PATH,
      args: [...CHROMIUM_ARGS, `--host-resolver-rules=MAP *.console.aws.amazon.com 127.0.0.1:${consoleHost.port}`, '--ignore-certificate-errors'],
    });
    contexts.push(context);
    return context.pages()[0] ?? context.newPage();
  }

  /** Runs `latchkey console` for account `i`; the page opens what the browser was started with. */
  async function openConsole(page: Page, i: number, mode: 'multi-session' | 'sign-out'): Promise<number | undefined> {
    const log = path.join(home.home, `browser-${opens++}.txt`);
    const run = startCli(['console', role(i), '--switch', mode], { ...env, BROWSER: FAKE_BROWSER, FAKE_BROWSER_DECISION: 'none', FAKE_BROWSER_LOG: log });
    const started = (await waitFor(() => fs.readFile(log, 'utf8').catch(() => undefined), 20_000, 'the browser to be started')).trim();
    expect(started).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/[A-Za-z0-9_-]+$/);
    const response = await page.goto(started);
    const result = await run.done;
    expect(result.code, result.stderr).toBe(0);
    return response?.status();
  }

  const signedInAs = (page: Page) => page.locator('#signed-in-as').textContent();

  it('single-session: signing in as B over A shows "You must first log out"; sign-out mode then opens B', async () => {
    const page = await browserProfile();
    await openConsole(page, 0, 'multi-session');
    expect(await signedInAs(page)).toContain(fake.accounts[0]!.accountId);

    await openConsole(page, 1, 'multi-session');
    expect(await page.locator('body').textContent()).toContain(MUST_LOG_OUT);

    await openConsole(page, 1, 'sign-out');
    expect(await signedInAs(page)).toContain(fake.accounts[1]!.accountId);
    expect(await page.locator('#sessions li').count()).toBe(1);
  });

  it('multi-session on in a second profile: B opens beside A; the classic sign-out answers 400 there', async () => {
    const page = await browserProfile();
    await page.goto(`${fake.url.replace(/\/$/, '')}/console/multi-session`);
    await openConsole(page, 0, 'multi-session');
    expect(await signedInAs(page)).toContain(fake.accounts[0]!.accountId);

    await openConsole(page, 1, 'multi-session');
    expect(await signedInAs(page)).toContain(fake.accounts[1]!.accountId);
    expect(await page.locator('#sessions li').count()).toBe(2);

    expect(await openConsole(page, 0, 'sign-out')).toBe(400);
  });

  it('the first profile kept its own session: separate profiles, separate cookies', async () => {
    const page = contexts[0]!.pages()[0]!;
    await page.goto(`${fake.url.replace(/\/$/, '')}/console/home`);
    expect(await signedInAs(page)).toContain(fake.accounts[1]!.accountId);
    expect(await page.locator('#sessions li').count()).toBe(1);
  });
});
