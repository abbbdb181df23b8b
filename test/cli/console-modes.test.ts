import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FAKE_BROWSER, runCli } from '../../devkit/cli';
import { waitFor } from '../../devkit/wait';
import { useCliHome } from '../helpers/per-test';

// latchkey console: the mode (--switch or the app's setting), --print, --duration, --path, and
// the browser started with a one-time local URL rather than the sign-in token.

const ctx = useCliHome({ fake: { accounts: 2, rolesPerAccount: 1, deviceInterval: 1 }, signedIn: true });

const lines = (text: string) => text.trim().split('\n');

describe('latchkey console modes', () => {
  it('without a chosen mode prints the plain sign-in URL and says once how to choose', async () => {
    const r = await runCli(['console', ctx.role, '--print'], ctx.env);
    expect(r.code).toBe(0);
    expect(new URL(r.stdout.trim()).pathname).toBe('/federation');
    expect(new URL(r.stdout.trim()).searchParams.get('Action')).toBe('login');
    expect(lines(r.stderr)).toEqual([expect.stringMatching(/multi-session mode.*--switch sign-out/)]);
  });

  it('--switch sign-out prints the sign-out hand-over URL, served by the emulator next to /federation', async () => {
    const r = await runCli(['console', ctx.role, '--switch', 'sign-out', '--print'], ctx.env);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const url = new URL(r.stdout.trim());
    expect(url.origin + url.pathname).toBe(new URL('/oauth', ctx.fake.url).href);
    expect(url.searchParams.get('Action')).toBe('logout');
    const signin = new URL(url.searchParams.get('redirect_uri')!);
    expect(signin.pathname).toBe('/federation');
    expect(signin.searchParams.get('Action')).toBe('login');
    // The hand-over signs out and continues to the sign-in, which lands on the console.
    const out = await fetch(url, { redirect: 'manual' });
    expect(out.status).toBe(302);
    expect(out.headers.get('location')).toBe(signin.href);
  });

  it('follows the app setting, and --switch overrides it', async () => {
    await fs.mkdir(path.join(ctx.home, '.latchkey'), { recursive: true });
    await fs.writeFile(path.join(ctx.env.LATCHKEY_HOME ?? path.join(ctx.home, '.latchkey'), 'settings.json'), JSON.stringify({ consoleMode: 'sign-out' }));
    const fromSetting = await runCli(['console', ctx.role, '--print'], ctx.env);
    expect(fromSetting.code).toBe(0);
    expect(new URL(fromSetting.stdout.trim()).pathname).toBe('/oauth');
    const overridden = await runCli(['console', ctx.role, '--print', '--switch', 'multi-session'], ctx.env);
    expect(new URL(overridden.stdout.trim()).pathname).toBe('/federation');
  });

  it('refuses a mode it does not know, listing the ones it has (exit 2)', async () => {
    const r = await runCli(['console', ctx.role, '--switch', 'tabs', '--print'], ctx.env);
    expect(r.code).toBe(2);
    expect(lines(r.stderr)).toEqual(['latchkey: --switch tabs is not a console mode. Use --switch multi-session, sign-out, profile or container.']);
  });

  it('--duration takes 15 to 720 minutes and sends SessionDuration for an Identity Center role', async () => {
    for (const bad of ['14', '721', '90m', '0']) {
      const r = await runCli(['console', ctx.role, '--print', '--duration', bad], ctx.env);
      expect(r.code, bad).toBe(2);
      expect(lines(r.stderr), bad).toEqual([expect.stringMatching(new RegExp(`--duration ${bad} is not a console session length.*15 to 720`))]);
    }
    for (const good of ['15', '720']) {
      const r = await runCli(['console', ctx.role, '--print', '--switch', 'multi-session', '--duration', good], ctx.env);
      expect(r.code, good).toBe(0);
      expect((await fetch(r.stdout.trim(), { redirect: 'manual' })).status).toBe(302);
    }
  });

  it('--path opens a page on the region host; anything naming another host or scheme is refused', async () => {
    const r = await runCli(['console', ctx.role, '--print', '--switch', 'multi-session', '--path', '/iam/home#/roles', '--region', 'eu-west-1'], ctx.env);
    expect(r.code).toBe(0);
    expect(new URL(r.stdout.trim()).searchParams.get('Destination')).toBe('https://eu-west-1.console.aws.amazon.com/iam/home?region=eu-west-1#/roles');
    for (const bad of ['iam/home', '//evil.example/x', '/https://evil.example', '/a\\b', '/../x']) {
      const refused = await runCli(['console', ctx.role, '--print', '--path', bad], ctx.env);
      expect(refused.code, bad).toBe(2);
      expect(lines(refused.stderr), bad).toHaveLength(1);
      expect(refused.stdout, bad).toBe('');
    }
  });

  it('starts the browser with a one-time local URL, never the sign-in token, and exits once it was fetched', async () => {
    const argvLog = path.join(ctx.home, 'argv.jsonl');
    const visited = path.join(ctx.home, 'visited.txt');
    const r = await runCli(['console', ctx.role, '--switch', 'sign-out'], {
      ...ctx.env,
      BROWSER: FAKE_BROWSER,
      FAKE_BROWSER_DECISION: 'follow',
      FAKE_BROWSER_ARGV_LOG: argvLog,
      FAKE_BROWSER_LOG: visited,
    });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^Opened the AWS console as /);
    const argv = (await fs.readFile(argvLog, 'utf8')).trim().split('\n');
    expect(argv).toHaveLength(1);
    expect(argv[0]).not.toMatch(/SigninToken/i);
    expect(JSON.parse(argv[0]!)).toEqual([expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/[A-Za-z0-9_-]{32}$/)]);
    // The browser went on: sign-out, then sign-in, then the console (it logs once it gets there,
    // which may be after the command has ended).
    const hops = await waitFor(
      async () => (await fs.readFile(visited, 'utf8').catch(() => '')).trim().split('\n').filter(Boolean),
      10_000,
      'the browser to reach the console',
    );
    expect(hops.map((u) => new URL(u).pathname)).toEqual([new URL(JSON.parse(argv[0]!)[0]).pathname, '/oauth', '/federation', '/console/home']);
    expect(ctx.fake.stats().federation.logouts).toBe(1);
  });

  it('reuses the role credentials credential-process cached: a second open costs one federation call and no portal call', async () => {
    const print = () => runCli(['console', ctx.role, '--print'], ctx.env);
    const roleCalls = () => ctx.fake.stats().portal.byOperation.GetRoleCredentials ?? 0;
    expect((await print()).code).toBe(0);
    expect([roleCalls(), ctx.fake.stats().federation.signinTokens]).toEqual([1, 1]);
    expect((await print()).code).toBe(0);
    expect([roleCalls(), ctx.fake.stats().federation.signinTokens]).toEqual([1, 2]);
    // What it cached serves credential-process too, and the reverse.
    expect((await runCli(['credential-process', ctx.role], ctx.env)).code).toBe(0);
    expect(roleCalls()).toBe(1);
    // Gone from the cache (as after `latchkey logout`, or expired): the next open fetches again.
    const cacheDir = path.join(ctx.home, '.aws', 'cli', 'cache');
    for (const f of await fs.readdir(cacheDir)) await fs.rm(path.join(cacheDir, f));
    expect((await print()).code).toBe(0);
    expect([roleCalls(), ctx.fake.stats().federation.signinTokens]).toEqual([2, 3]);
  });
});
