import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { startFakeAws } from '../../devkit/fake-aws';
import { CLI, FAKE_BROWSER, deviceLoginCli, runCli, startCli } from '../../devkit/cli';
import { tempHome } from '../../devkit/home';
import { waitFor } from '../../devkit/wait';
import { useCliHome } from '../helpers/per-test';
import { credentialProcessOutput } from '../helpers/credential-process-output';

const ctx = useCliHome({ fake: { accounts: 4, rolesPerAccount: 2, deviceInterval: 1 }, configure: { autoApprove: false } });

const tokenFile = (name: string) => path.join(ctx.home, '.aws', 'sso', 'cache', `${createHash('sha1').update(name).digest('hex')}.json`);

/** Signs in with the device code flow, approving the code at the emulator as a person would. */
async function deviceLogin(extra: string[] = []): Promise<void> {
  const result = await deviceLoginCli(ctx.fake, ctx.env, extra);
  expect(result.stderr).toContain('Signed in');
  expect(result.code).toBe(0);
}

describe('latchkey login', () => {
  it('signs in with a device code, adds the sso-session, and caches the token in the AWS CLI format', async () => {
    await deviceLogin();
    const config = await fs.readFile(ctx.env.AWS_CONFIG_FILE!, 'utf8');
    expect(config).toContain('[sso-session d-9067c0ffee]');
    expect(config).toContain(`sso_start_url = ${ctx.fake.startUrl}`);
    const token = JSON.parse(await fs.readFile(tokenFile('d-9067c0ffee'), 'utf8'));
    expect(token).toMatchObject({ startUrl: ctx.fake.startUrl, region: ctx.fake.region });
    expect(token.expiresAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect((await fs.stat(tokenFile('d-9067c0ffee'))).mode & 0o777).toBe(0o600);
    expect(ctx.fake.stats().signIns).toBe(1);
  });

  it('signs in to an sso-session the AWS CLI made, even one whose name Latchkey would not choose', async () => {
    // Quoted, as botocore reads a name with a space (it splits the header shell-style).
    const config = `[sso-session "my company"]\nsso_start_url = ${ctx.fake.startUrl}\nsso_region = ${ctx.fake.region}\nsso_registration_scopes = sso:account:access\n`;
    await fs.mkdir(path.dirname(ctx.env.AWS_CONFIG_FILE!), { recursive: true });
    await fs.writeFile(ctx.env.AWS_CONFIG_FILE!, config);
    await deviceLogin(['--session', 'my company']);
    expect(await fs.readFile(ctx.env.AWS_CONFIG_FILE!, 'utf8')).toBe(config);
    expect(JSON.parse(await fs.readFile(tokenFile('my company'), 'utf8'))).toMatchObject({ startUrl: ctx.fake.startUrl });
    // A new session of that name is still refused: Latchkey adds only names it can write safely.
    const other = await runCli(['login', '--start-url', 'https://other.awsapps.com/start', '--region', ctx.fake.region, '--session', 'my company'], ctx.env);
    expect(other.code).toBe(2);
  });

  it('signs in through the browser (PKCE), printing the URL on a line of its own', async () => {
    ctx.fake.configure({ autoApprove: true });
    const result = await runCli(['login', '--start-url', ctx.fake.startUrl, '--region', ctx.fake.region], { ...ctx.env, BROWSER: FAKE_BROWSER });
    expect(result.code).toBe(0);
    const urlLine = result.stderr.split('\n').find((l) => l.includes('/authorize?'));
    expect(urlLine).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/authorize\?\S+$/);
    expect(urlLine).toContain('code_challenge_method=S256');
    expect(ctx.fake.stats().tokens.authorizationCode).toBe(1);
  });

  it('explains a wrong start URL in one line and exits 2 or 1 without a stack trace', async () => {
    const result = await runCli(
      ['login', '--start-url', 'https://wrong.awsapps.com/start', '--region', ctx.fake.region, '--device-code', '--no-browser'],
      ctx.env,
    );
    expect(result.code).not.toBe(0);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/start URL/i);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('rejects --start-url without --region as bad usage', async () => {
    const result = await runCli(['login', '--start-url', ctx.fake.startUrl], ctx.env);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--start-url and --region go together/);
  });
});

describe('latchkey roles, use, unuse, console', () => {
  beforeEach(async () => {
    await deviceLogin();
  });

  it('lists every account and role as JSON', async () => {
    const result = await runCli(['roles', '--json'], ctx.env);
    expect(result.code).toBe(0);
    const rows = JSON.parse(result.stdout) as { session: string; accountId: string; accountName: string; roleName: string }[];
    const expected = ctx.fake.accounts.flatMap((a) => a.roles.map((r) => `${a.accountId}/${a.accountName}/${r}`)).sort();
    expect(rows.map((r) => `${r.accountId}/${r.accountName}/${r.roleName}`).sort()).toEqual(expected);
    expect(new Set(rows.map((r) => r.session))).toEqual(new Set(['d-9067c0ffee']));
  });

  it('serves the cached catalog without asking AWS again, and asks again with --refresh', async () => {
    await runCli(['roles', '--json'], ctx.env);
    const before = ctx.fake.stats().portal.total;
    await runCli(['roles'], ctx.env);
    expect(ctx.fake.stats().portal.total).toBe(before);
    await runCli(['roles', '--refresh'], ctx.env);
    expect(ctx.fake.stats().portal.total).toBeGreaterThan(before);
  });

  it('use writes a profile the AWS files understand; unuse removes only that section', async () => {
    const original = '# my keys\r\n[personal]\r\naws_access_key_id = AKIAEXAMPLE\r\naws_secret_access_key = x\r\n';
    await fs.writeFile(ctx.env.AWS_SHARED_CREDENTIALS_FILE!, original);
    const account = ctx.fake.accounts[0]!;
    const use = await runCli(['use', `${account.accountName}/${account.roles[0]}`, '--profile', 'work'], ctx.env);
    expect(use.stderr).toContain('Profile "work"');
    expect(use.code).toBe(0);
    const written = await fs.readFile(ctx.env.AWS_SHARED_CREDENTIALS_FILE!, 'utf8');
    expect(written.startsWith(original)).toBe(true);
    expect(written).toMatch(/\[work\][\s\S]*aws_access_key_id\s*=\s*ASIA/);
    expect(written).toMatch(/aws_session_token\s*=/);

    const sessions = JSON.parse((await runCli(['sessions', '--json'], ctx.env)).stdout);
    expect(sessions[0].activeProfiles).toEqual([expect.objectContaining({ profile: 'work', accountId: account.accountId })]);

    const unuse = await runCli(['unuse', 'work'], ctx.env);
    expect(unuse.code).toBe(0);
    expect(await fs.readFile(ctx.env.AWS_SHARED_CREDENTIALS_FILE!, 'utf8')).toBe(original);
  });

  it('refuses to overwrite or remove a profile the person wrote, exit 2, file untouched', async () => {
    const original = '[default]\naws_access_key_id = AKIAEXAMPLE\naws_secret_access_key = x\n';
    await fs.writeFile(ctx.env.AWS_SHARED_CREDENTIALS_FILE!, original);
    const account = ctx.fake.accounts[0]!;
    const use = await runCli(['use', `${account.accountId}/${account.roles[0]}`], ctx.env);
    expect(use.code).toBe(2);
    expect(use.stderr).toMatch(/not written by Latchkey|hand-written|--profile/i);
    const unuse = await runCli(['unuse', 'default'], ctx.env);
    expect(unuse.code).toBe(2);
    expect(await fs.readFile(ctx.env.AWS_SHARED_CREDENTIALS_FILE!, 'utf8')).toBe(original);
  });

  it('says which accounts and roles exist when a role is unknown (exit 1), with the command that lists them', async () => {
    const bad = await runCli(['use', 'no-such-account/Admin'], ctx.env);
    expect(bad.code).toBe(1);
    // The core's advice as a command line (cliHint), not the app's words (hint).
    expect(bad.stderr).toBe(
      'latchkey: No account "no-such-account" is assigned to you in this session. Run "latchkey roles --refresh" to see the accounts you can reach.\n',
    );
    const malformed = await runCli(['use', 'justoneword'], ctx.env);
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toMatch(/ACCOUNT\/ROLE_NAME.*"latchkey roles" lists both/);
  });

  it('console --print gives a federation sign-in URL that lands in the region and service asked for', async () => {
    const account = ctx.fake.accounts[1]!;
    const result = await runCli(['console', `${account.accountId}/${account.roles[0]}`, '--region', 'eu-west-1', '--service', 'ec2', '--print'], ctx.env);
    expect(result.code).toBe(0);
    const url = new URL(result.stdout.trim());
    expect(url.searchParams.get('Action')).toBe('login');
    expect(url.searchParams.get('Destination')).toBe('https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1');
    const res = await fetch(url, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(ctx.fake.stats().federation.logins).toContain('https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1');
  });

  it('console refuses a region of another partition than the session’s (exit 2)', async () => {
    const account = ctx.fake.accounts[0]!;
    const result = await runCli(['console', `${account.accountId}/${account.roles[0]}`, '--region', 'cn-north-1', '--print'], ctx.env);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/aws-cn partition/);
    expect(result.stdout).toBe('');
  });

  it('console opens the URL with the BROWSER command', async () => {
    const account = ctx.fake.accounts[0]!;
    const marker = path.join(ctx.home, 'opened.txt');
    const result = await runCli(['console', `${account.accountId}/${account.roles[0]}`], {
      ...ctx.env,
      BROWSER: FAKE_BROWSER,
      FAKE_BROWSER_DECISION: 'follow',
      FAKE_BROWSER_LOG: marker,
    });
    expect(result.code).toBe(0);
    const opened = await waitFor(() => fs.readFile(marker, 'utf8').catch(() => undefined), 10_000, 'the browser to be opened');
    expect(opened).toContain('Action=login');
  });
});

describe('latchkey credential-process', () => {
  it('prints credential_process JSON and reuses cached credentials', async () => {
    await deviceLogin();
    const account = ctx.fake.accounts[0]!;
    const role = `${account.accountId}/${account.roles[0]}`;
    const first = await runCli(['credential-process', role], ctx.env);
    expect(first.code).toBe(0);
    const out = JSON.parse(first.stdout);
    expect(out).toEqual(credentialProcessOutput());
    const calls = ctx.fake.stats().portal.byOperation;
    const before = JSON.stringify(calls);
    const second = await runCli(['credential-process', role], ctx.env);
    expect(JSON.parse(second.stdout)).toEqual(out);
    expect(JSON.stringify(ctx.fake.stats().portal.byOperation)).toBe(before);
  });

  it('20 calls started together with no valid token cause exactly one sign-in', async () => {
    // The sso-session exists but nobody has signed in yet.
    await fs.mkdir(path.dirname(ctx.env.AWS_CONFIG_FILE!), { recursive: true });
    await fs.writeFile(
      ctx.env.AWS_CONFIG_FILE!,
      `[sso-session org]\nsso_start_url = ${ctx.fake.startUrl}\nsso_region = ${ctx.fake.region}\nsso_registration_scopes = sso:account:access\n`,
    );
    const account = ctx.fake.accounts[2]!;
    const runs = Array.from(
      { length: 20 },
      () => startCli(['credential-process', `${account.accountId}/${account.roles[1]}`], { ...ctx.env, BROWSER: FAKE_BROWSER }).done,
    );
    const results = await Promise.all(runs);
    for (const r of results) {
      expect(r.stderr).not.toMatch(/error/i);
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout).Version).toBe(1);
    }
    expect(ctx.fake.stats().signIns).toBe(1);
  }, 120_000);
});

describe('latchkey credential-process when AWS has ended the sign-in', () => {
  it('signs in again (once for 20 callers) although the cached token looked valid', async () => {
    await deviceLogin();
    ctx.fake.revokeAllTokens(); // signed out elsewhere: the cache still says the token is good
    ctx.fake.resetStats();
    const account = ctx.fake.accounts[1]!;
    const runs = Array.from(
      { length: 20 },
      () => startCli(['credential-process', `${account.accountId}/${account.roles[0]}`], { ...ctx.env, BROWSER: FAKE_BROWSER }).done,
    );
    const results = await Promise.all(runs);
    for (const r of results) {
      expect(r.stderr).not.toMatch(/latchkey:/);
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout).AccessKeyId).toMatch(/^ASIA/);
    }
    expect(ctx.fake.stats().signIns).toBe(1);
  }, 120_000);
});

describe('the command surface', () => {
  it('prints help for every command and the version', async () => {
    for (const cmd of ['login', 'logout', 'sessions', 'roles', 'use', 'unuse', 'console', 'credential-process']) {
      const r = await runCli([cmd, '--help'], ctx.env);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`^Usage: latchkey ${cmd}`));
    }
    const v = await runCli(['--version'], ctx.env);
    expect(v.stdout).toMatch(/^latchkey \d+\.\d+\.\d+/);
  });

  it('bad usage exits 2 with one line', async () => {
    for (const args of [['frobnicate'], ['roles', '--bogus'], ['use'], ['unuse', 'a', 'b']]) {
      const r = await runCli(args, ctx.env);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });

  it('without a sign-in, says to sign in (exit 1)', async () => {
    await fs.mkdir(path.dirname(ctx.env.AWS_CONFIG_FILE!), { recursive: true });
    await fs.writeFile(ctx.env.AWS_CONFIG_FILE!, `[sso-session org]\nsso_start_url = ${ctx.fake.startUrl}\nsso_region = ${ctx.fake.region}\n`);
    const r = await runCli(['roles'], ctx.env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/latchkey login/);
  });

  it('a malformed config file is named with its line, exit 2, file untouched', async () => {
    const bad = `[sso-session org]\nsso_start_url = ${ctx.fake.startUrl}\nthis line is wrong\n`;
    await fs.mkdir(path.dirname(ctx.env.AWS_CONFIG_FILE!), { recursive: true });
    await fs.writeFile(ctx.env.AWS_CONFIG_FILE!, bad);
    const r = await runCli(['login', '--start-url', ctx.fake.startUrl, '--region', ctx.fake.region, '--no-browser'], ctx.env);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('line 3');
    expect(await fs.readFile(ctx.env.AWS_CONFIG_FILE!, 'utf8')).toBe(bad);
  });

  it('when AWS cannot be reached, says so in one line (exit 1); a stack only with LATCHKEY_DEBUG=1', async () => {
    const offline = { ...ctx.env, AWS_ENDPOINT_URL_SSO_OIDC: 'http://127.0.0.1:9', AWS_ENDPOINT_URL_SSO: 'http://127.0.0.1:9' };
    const r = await runCli(['login', '--start-url', ctx.fake.startUrl, '--region', ctx.fake.region, '--device-code', '--no-browser'], offline);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    const debug = await runCli(['login', '--start-url', ctx.fake.startUrl, '--region', ctx.fake.region, '--device-code', '--no-browser'], {
      ...offline,
      LATCHKEY_DEBUG: '1',
    });
    expect(debug.stderr).toMatch(/\n\s+at /);
  });
});

describe('output into a pipe that closes early', () => {
  it('stops quietly, without a stack trace', async () => {
    const big = await startFakeAws({ accounts: 700, rolesPerAccount: 2, deviceInterval: 1 });
    const h = await tempHome();
    try {
      const e = { ...h.env, ...big.env };
      expect((await deviceLoginCli(big, e)).code).toBe(0);
      expect((await runCli(['roles'], e)).code).toBe(0); // fills the cache
      // More than a pipe buffer of JSON into a reader that takes 10 bytes and leaves.
      const piped = spawnSync('sh', ['-c', `"${process.execPath}" "${CLI}" roles --json | head -c 10 >/dev/null`], { env: e, encoding: 'utf8' });
      expect(piped.stderr).toBe('');
    } finally {
      await h.cleanup();
      await big.close();
    }
  }, 60_000);
});
