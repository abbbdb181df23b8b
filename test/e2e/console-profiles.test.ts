import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH, browserSkipNote, hasChromium } from '../../devkit/browser';
import { deviceLoginCli, runCli } from '../../devkit/cli';
import { startFakeAws, type FakeAws } from '../../devkit/fake-aws';
import { tempHome, type TempHome } from '../../devkit/home';
import { waitFor } from '../../devkit/wait';
import { markBrowserProfiles } from '../helpers/browser-profile';
import { startConsoleHost, type ConsoleHost } from './console-host';

// `latchkey console --switch profile` starting Debian's Chromium itself: account A and account B,
// opened one after the other, land in two Latchkey-managed --user-data-dir folders and both
// stay signed in. --browser names a small script that adds what the test needs (headless, the
// console hosts mapped to the emulator, a DevTools port to look inside) and starts Chromium.

browserSkipNote();

describe.skipIf(!hasChromium)('the console in a browser profile per role', () => {
  let fake: FakeAws;
  let home: TempHome;
  let env: Record<string, string>;
  let consoleHost: ConsoleHost;
  let launcher: string;
  const browsers: Browser[] = [];

  beforeAll(async () => {
    fake = await startFakeAws({ accounts: 2, rolesPerAccount: 1, deviceInterval: 1 });
    home = await tempHome();
    env = { ...home.env, ...fake.env };
    markBrowserProfiles(path.join(env.LATCHKEY_HOME!, 'browser-profiles'));
    expect((await deviceLoginCli(fake, env)).code).toBe(0);
    consoleHost = await startConsoleHost(fake.url);
    launcher = path.join(home.home, 'bin', 'chromium-for-tests');
    await fs.mkdir(path.dirname(launcher), { recursive: true });
    const flags = [
      ...CHROMIUM_ARGS,
      '--headless',
      '--remote-debugging-port=0',
      `--host-resolver-rules=MAP *.console.aws.amazon.com 127.0.0.1:${consoleHost.port}`,
      '--ignore-certificate-errors',
    ];
    await fs.writeFile(launcher, `#!/bin/sh\nexec "${CHROMIUM_PATH}" ${flags.map((f) => `'${f}'`).join(' ')} "$@"\n`, { mode: 0o755 });
  });

  afterAll(async () => {
    for (const b of browsers) {
      // Started by the command, not by the test: asked to quit over DevTools, then given time to
      // finish writing its profile before the folder is removed.
      const gone = new Promise((resolve) => b.once('disconnected', resolve));
      await (await b.newBrowserCDPSession()).send('Browser.close').catch(() => undefined);
      await gone;
    }
    if (env) await fs.rm(profilesRoot(), { recursive: true, force: true, maxRetries: 20, retryDelay: 100 });
    await fake?.close();
    consoleHost?.close();
    await home?.cleanup();
  });

  const role = (i: number) => `${fake.accounts[i]!.accountId}/${fake.accounts[i]!.roles[0]}`;
  const profilesRoot = () => path.join(env.LATCHKEY_HOME!, 'browser-profiles');

  /** Opens account i's console in profile mode; returns the console page in the browser it started. */
  async function openInProfile(i: number): Promise<{ dir: string; page: Page }> {
    const before = new Set(await fs.readdir(profilesRoot()).catch(() => []));
    const r = await runCli(['console', role(i), '--switch', 'profile', '--browser', launcher], env);
    expect(r.code, r.stderr).toBe(0);
    const added = (await fs.readdir(profilesRoot())).filter((d) => !before.has(d));
    expect(added).toHaveLength(1);
    const dir = path.join(profilesRoot(), added[0]!);
    const port = await waitFor(
      async () => (await fs.readFile(path.join(dir, 'DevToolsActivePort'), 'utf8').catch(() => '')).split('\n')[0] || undefined,
      20_000,
      'Chromium to start',
    );
    const browser = await chromium.connectOverCDP(`http://127.0.0.1:${port}`);
    browsers.push(browser);
    const page = await waitFor(
      async () =>
        browser
          .contexts()[0]
          ?.pages()
          .find((p) => p.url().includes('/console/')),
      20_000,
      'the console page',
    );
    await page.locator('#signed-in-as').waitFor();
    return { dir, page };
  }

  const signedInAs = (page: Page) => page.locator('#signed-in-as').textContent();

  it('A and B open in two managed profiles, side by side, and both stay signed in', async () => {
    const a = await openInProfile(0);
    expect(await signedInAs(a.page)).toContain(fake.accounts[0]!.accountId);

    const b = await openInProfile(1);
    expect(b.dir).not.toBe(a.dir);
    expect(await signedInAs(b.page)).toContain(fake.accounts[1]!.accountId);

    // Opening B did not sign A out: each profile holds its own console session.
    await a.page.reload();
    expect(await signedInAs(a.page)).toContain(fake.accounts[0]!.accountId);
    expect(await a.page.locator('#sessions li').count()).toBe(1);
    expect(await b.page.locator('#sessions li').count()).toBe(1);
    for (const d of [a.dir, b.dir]) expect((await fs.stat(d)).mode & 0o777).toBe(0o700);
  });
});
