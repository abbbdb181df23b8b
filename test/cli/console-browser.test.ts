import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, startCli } from '../../devkit/cli';
import { waitFor } from '../../devkit/wait';
import { useCliHome } from '../helpers/per-test';

// latchkey console --browser PATH and the profile and container modes: the browser named is the
// one started, each role gets its own private --user-data-dir, and no argument ever holds the
// sign-in token (the browser recorder logs its arguments).

const FAKE_BROWSER_PATH = path.resolve(__dirname, '../../devkit/fake-aws/fake-browser.mjs');
const LOCAL_URL = /^http:\/\/127\.0\.0\.1:\d+\/[A-Za-z0-9_-]{32}$/;

const ctx = useCliHome({
  fake: { accounts: 2, rolesPerAccount: 1, deviceInterval: 1 },
  env: (home) => ({ FAKE_BROWSER_DECISION: 'follow', FAKE_BROWSER_ARGV_LOG: path.join(home, 'argv.jsonl'), FAKE_BROWSER_LOG: path.join(home, 'visited.txt') }),
  signedIn: true,
});

const argvLog = () => ctx.env.FAKE_BROWSER_ARGV_LOG!;
const role = (i: number) => `${ctx.fake.accounts[i]!.accountId}/${ctx.fake.accounts[i]!.roles[0]}`;
const started = async (): Promise<string[][]> =>
  (await fs.readFile(argvLog(), 'utf8'))
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as string[]);

describe('latchkey console --browser and the profile mode', () => {
  it('--switch profile starts the browser at PATH in a private folder of the role, the same one each time', async () => {
    for (const i of [0, 0, 1]) {
      const r = await runCli(['console', role(i), '--switch', 'profile', '--browser', FAKE_BROWSER_PATH], ctx.env);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toMatch(/^Opened the AWS console as .* \(its own browser profile\)\.\n$/);
    }
    const runs = await started();
    expect(runs).toHaveLength(3);
    const profilesRoot = path.join(ctx.env.LATCHKEY_HOME!, 'browser-profiles');
    const dirs = runs.map((argv) => {
      expect(argv.join(' ')).not.toMatch(/SigninToken/i);
      expect(argv.slice(1)).toEqual(['--no-first-run', '--no-default-browser-check', expect.stringMatching(LOCAL_URL)]);
      return argv[0]!.replace(/^--user-data-dir=/, '');
    });
    expect(dirs[0]).toBe(dirs[1]);
    expect(dirs[2]).not.toBe(dirs[0]);
    for (const d of dirs) {
      expect(path.dirname(d)).toBe(profilesRoot);
      expect((await fs.stat(d)).mode & 0o777).toBe(0o700);
    }
    // The browser went from the one-time URL to the sign-in and on to the console. The command ends
    // once the one-time URL is fetched; the browser finishes its redirects (and its log) after that.
    const consoleHomes = async () => {
      const hops = (await fs.readFile(ctx.env.FAKE_BROWSER_LOG!, 'utf8').catch(() => '')).trim().split('\n').filter(Boolean);
      return hops.filter((u) => new URL(u).pathname === '/console/home').length;
    };
    await waitFor(async () => (await consoleHomes()) >= 3, 10_000, 'each browser to reach the console');
    expect(await consoleHomes()).toBe(3);
  });

  it('--browser PATH is used in multi-session mode too, with the one-time URL as its only argument', async () => {
    const r = await runCli(['console', role(0), '--switch', 'multi-session', '--browser', FAKE_BROWSER_PATH], ctx.env);
    expect(r.code, r.stderr).toBe(0);
    expect(await started()).toEqual([[expect.stringMatching(LOCAL_URL)]]);
    // The command ends once the one-time URL is fetched; the browser follows on to the console.
    await waitFor(
      async () => (await fs.readFile(ctx.env.FAKE_BROWSER_LOG!, 'utf8').catch(() => '')).includes('/console/home'),
      10_000,
      'the browser to reach the console',
    );
  });

  it('--switch profile with a browser that is not there, or a Firefox path, says so in one line (exit 1 or 2)', async () => {
    const missing = await runCli(['console', role(0), '--switch', 'profile', '--browser', path.join(ctx.home, 'no-such-browser')], ctx.env);
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^latchkey: Could not start no-such-browser \(ENOENT\)\./)]);
    const firefox = await runCli(['console', role(0), '--switch', 'profile', '--browser', '/opt/firefox/firefox'], ctx.env);
    expect(firefox.code).toBe(2);
    expect(firefox.stderr).toMatch(/firefox cannot open a browser profile per role/);
    const unknown = await runCli(['console', role(0), '--switch', 'profile', '--browser', 'netscape'], ctx.env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/--browser netscape is not a browser Latchkey knows/);
  });
});

describe('latchkey console --switch container', () => {
  it('--print shows the container URL around the sign-in URL', async () => {
    const r = await runCli(['console', role(0), '--switch', 'container', '--print'], ctx.env);
    expect(r.code, r.stderr).toBe(0);
    const printed = r.stdout.trim();
    expect(printed).toMatch(/^ext\+granted-containers:name=AWS%20/);
    const inner = new URL(new URLSearchParams(printed.slice('ext+granted-containers:'.length)).get('url')!);
    expect(inner.pathname).toBe('/federation');
  });

  it('starts Firefox with the container URL whose url is the one-time local URL', async () => {
    const firefox = path.join(ctx.home, 'bin', 'firefox');
    await fs.mkdir(path.dirname(firefox), { recursive: true });
    await fs.writeFile(firefox, `#!/bin/sh\nexec "${process.execPath}" "${FAKE_BROWSER_PATH}" "$@"\n`, { mode: 0o755 });
    const run = startCli(['console', role(1), '--switch', 'container', '--browser', firefox], { ...ctx.env, FAKE_BROWSER_DECISION: 'none' });
    const argv = await waitFor(async () => (await fs.readFile(argvLog(), 'utf8').catch(() => '')).trim() || undefined, 20_000, 'Firefox to be started');
    const [containerUrl, ...rest] = JSON.parse(argv) as string[];
    expect(rest).toEqual([]);
    expect(containerUrl).not.toMatch(/SigninToken/i);
    expect(containerUrl).toMatch(/^ext\+granted-containers:name=AWS%20[^&]+&url=[^&]+&color=[a-z]+&icon=[a-z]+$/);
    const local = new URLSearchParams(containerUrl!.slice('ext+granted-containers:'.length)).get('url')!;
    expect(local).toMatch(LOCAL_URL);
    // The add-on opens the one-time URL in the container; it hands on to the sign-in once.
    const hop = await fetch(local, { redirect: 'manual' });
    expect(new URL(hop.headers.get('location')!).pathname).toBe('/federation');
    const r = await run.done;
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/\(its own container\)/);
  });
});
