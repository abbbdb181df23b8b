import { spawnSync } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FakeAws } from '../../devkit/fake-aws';
import { CLI, REPO, runCli, startCli } from '../../devkit/cli';
import { startSignedInHome, type SignedInHome } from '../../devkit/signed-in-home';
import { waitFor } from '../../devkit/wait';
import { keysFromEnv, whoAmI } from '../../devkit/who-am-i';

// A role per shell: `latchkey env` for the current shell, `latchkey exec ROLE -- CMD` for one
// program, `latchkey status` for the prompt.

let signedIn: SignedInHome;
let fake: FakeAws;
let home: string;
let env: Record<string, string>;
let role: string;

beforeAll(async () => {
  signedIn = await startSignedInHome({ accounts: 2, rolesPerAccount: 1 }, { label: 'exec' });
  ({ fake, home, env } = signedIn);
  role = `${fake.accounts[1]!.accountId}/${fake.accounts[1]!.roles[0]}`;
});
afterAll(() => signedIn.close());

/** A node one-liner as CMD: prints what it was given as JSON. */
const printEnv = [process.execPath, '-e', 'console.log(JSON.stringify(process.env))'];

describe('latchkey exec', () => {
  it('runs CMD with the role’s keys and expiry, AWS_PROFILE cleared, and the exec marker set', async () => {
    const result = await runCli(['exec', role, '--', ...printEnv], { ...env, AWS_PROFILE: 'other', AWS_DEFAULT_PROFILE: 'other' });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const seen = JSON.parse(result.stdout) as Record<string, string>;
    expect(seen.AWS_PROFILE).toBeUndefined();
    expect(seen.AWS_DEFAULT_PROFILE).toBeUndefined();
    expect(seen.LATCHKEY_EXEC).toBe(role);
    expect(seen.AWS_CREDENTIAL_EXPIRATION).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const id = await whoAmI(fake, keysFromEnv(seen));
    expect(id.account).toBe(fake.accounts[1]!.accountId);
  });

  it('returns CMD’s exit code, and reads CMD’s own -h as CMD’s', async () => {
    expect((await runCli(['exec', role, '--', 'sh', '-c', 'exit 7'], env)).code).toBe(7);
    const ls = await runCli(['exec', role, '--', 'ls', '-h', '/'], env);
    expect(ls.code).toBe(0);
    expect(ls.stdout).not.toContain('Usage: latchkey');
  });

  it('says a missing command in one line and exits 127, as a shell does', async () => {
    const result = await runCli(['exec', role, '--', 'no-such-command-latchkey'], env);
    expect(result.code).toBe(127);
    expect(result.stderr).toBe('latchkey: no-such-command-latchkey: command not found.\n');
  });

  it('asks for the command after "--" (exit 2)', async () => {
    const result = await runCli(['exec', role], env);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('"--"');
  });

  it('refuses to run inside another exec unless --force', async () => {
    const nested = await runCli(['exec', role, '--', 'true'], { ...env, LATCHKEY_EXEC: 'prod/Admin' });
    expect(nested.code).toBe(2);
    expect(nested.stderr).toMatch(/^latchkey: Already inside "latchkey exec prod\/Admin".*--force.*\n$/);
    const forced = await runCli(['exec', role, '--force', '--', ...printEnv], { ...env, LATCHKEY_EXEC: 'prod/Admin' });
    expect(forced.code).toBe(0);
    expect((JSON.parse(forced.stdout) as Record<string, string>).LATCHKEY_EXEC).toBe(role);
  });

  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    it(`passes ${signal} on to CMD and returns the code CMD exits with`, async () => {
      const script = `for (const s of ['SIGINT','SIGTERM','SIGHUP']) process.on(s, () => { console.log('got ' + s); process.exit(40); }); console.log('ready'); setInterval(() => {}, 1000);`;
      const running = startCli(['exec', role, '--', process.execPath, '-e', script], env);
      let out = '';
      running.child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
      await waitFor(() => out.includes('ready') || undefined, 15_000, 'CMD to start');
      running.child.kill(signal);
      const result = await running.done;
      expect(result.stdout).toContain(`got ${signal}`);
      expect(result.code).toBe(40);
    });
  }

  it('exits 128 + N when a signal ends CMD', async () => {
    const running = startCli(['exec', role, '--', process.execPath, '-e', `console.log('ready'); setInterval(() => {}, 1000)`], env);
    let out = '';
    running.child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    await waitFor(() => out.includes('ready') || undefined, 15_000, 'CMD to start');
    running.child.kill('SIGTERM');
    expect((await running.done).code).toBe(143);
  });
});

describe('latchkey exec --server', () => {
  let userFiles: { credentials: string; config: string };
  beforeEach(async () => {
    // A [default] with keys would win over the container endpoint in every SDK.
    userFiles = {
      credentials: '[default]\naws_access_key_id = AKIAHANDWRITTEN00001\naws_secret_access_key = hand-written\n',
      config: (await fs.readFile(env.AWS_CONFIG_FILE!, 'utf8')) + '\n[default]\nregion = eu-west-1\ncredential_process = false\n',
    };
    await fs.writeFile(env.AWS_SHARED_CREDENTIALS_FILE!, userFiles.credentials);
    await fs.writeFile(env.AWS_CONFIG_FILE!, userFiles.config);
  });
  afterEach(async () => {
    await fs.rm(env.AWS_SHARED_CREDENTIALS_FILE!, { force: true });
    await fs.writeFile(env.AWS_CONFIG_FILE!, userFiles.config.replace(/\n\[default\][^]*$/, ''));
  });

  it('gives CMD an endpoint and a token, no keys, and shared files where no [default] shadows the endpoint', async () => {
    const script = `const fs = require('fs'); const e = process.env; console.log(JSON.stringify({ env: e, credentials: fs.readFileSync(e.AWS_SHARED_CREDENTIALS_FILE, 'utf8'), config: fs.readFileSync(e.AWS_CONFIG_FILE, 'utf8') }))`;
    const result = await runCli(['exec', role, '--server', '--', process.execPath, '-e', script], {
      ...env,
      AWS_PROFILE: 'other',
      AWS_ACCESS_KEY_ID: 'AKIAFROMTHESHELL0001',
      AWS_SECRET_ACCESS_KEY: 'from-the-shell',
      AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '/v2/credentials/x',
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const seen = JSON.parse(result.stdout) as { env: Record<string, string>; credentials: string; config: string };
    for (const name of ['AWS_PROFILE', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI']) {
      expect(seen.env[name], name).toBeUndefined();
    }
    expect(seen.env.AWS_CONTAINER_CREDENTIALS_FULL_URI).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/latchkey\/[0-9a-f]{32}$/);
    expect(seen.env.AWS_CONTAINER_AUTHORIZATION_TOKEN).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(seen.credentials).toBe('');
    expect(seen.config).toContain('region = eu-west-1');
    expect(seen.config).toContain('[sso-session');
    expect(seen.config).not.toContain('credential_process');
    // The person's own files are untouched, and Latchkey's copies are gone once CMD ends.
    expect(await fs.readFile(env.AWS_SHARED_CREDENTIALS_FILE!, 'utf8')).toBe(userFiles.credentials);
    expect(await fs.readFile(env.AWS_CONFIG_FILE!, 'utf8')).toBe(userFiles.config);
    await expect(fs.access(seen.env.AWS_CONFIG_FILE!)).rejects.toThrow();
    expect(await fs.readdir(path.join(env.LATCHKEY_HOME!, 'exec'))).toEqual([]);
    // The endpoint ends with the command.
    await expect(fetch(seen.env.AWS_CONTAINER_CREDENTIALS_FULL_URI!)).rejects.toThrow();
  });
});

describe('latchkey env', () => {
  it('prints lines bash evaluates into the role’s credentials, clearing AWS_PROFILE', async () => {
    const result = await runCli(['env', role], env);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    const file = path.join(home, '.aws', 'env.sh');
    await fs.writeFile(file, result.stdout, { mode: 0o600 });
    const shell = spawnSync('bash', ['-c', `. "$1"; "${process.execPath}" -e 'console.log(JSON.stringify(process.env))'`, 'bash', file], {
      env: { PATH: process.env.PATH ?? '', HOME: home, AWS_PROFILE: 'other' },
      stdio: ['ignore', 'pipe', 'pipe'],
      encoding: 'utf8',
    });
    await fs.rm(file);
    const seen = JSON.parse(shell.stdout) as Record<string, string>;
    expect(seen.AWS_PROFILE).toBeUndefined();
    expect(seen.AWS_REGION).toBeUndefined();
    expect(Date.parse(seen.AWS_CREDENTIAL_EXPIRATION!)).toBeGreaterThan(Date.now());
    const id = await whoAmI(fake, keysFromEnv(seen));
    expect(id.account).toBe(fake.accounts[1]!.accountId);
  });

  it('sets the region a profile of ~/.aws/config names, in every format', async () => {
    const config = await fs.readFile(env.AWS_CONFIG_FILE!, 'utf8');
    const account = fake.accounts[0]!;
    await fs.appendFile(
      env.AWS_CONFIG_FILE!,
      `\n[profile ops]\nsso_session = d-9067c0ffee\nsso_account_id = ${account.accountId}\nsso_role_name = ${account.roles[0]}\nregion = eu-central-1\n`,
    );
    try {
      const json = await runCli(['env', 'ops', '--format', 'json'], env);
      expect(json.stderr).toBe('');
      expect(JSON.parse(json.stdout)).toMatchObject({ AWS_REGION: 'eu-central-1', AWS_DEFAULT_REGION: 'eu-central-1' });
      const ps = await runCli(['env', 'ops', '--format', 'powershell'], env);
      expect(ps.stdout).toContain("$Env:AWS_REGION = 'eu-central-1'\n");
    } finally {
      await fs.writeFile(env.AWS_CONFIG_FILE!, config);
    }
  });

  it('refuses an unknown format with one line (exit 2)', async () => {
    const result = await runCli(['env', role, '--format', 'tcsh'], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^latchkey: --format must be one of sh, fish, powershell, cmd, json, dotenv \(not "tcsh"\)\..*\n$/);
    expect(result.stdout).toBe('');
  });
});

describe('latchkey status', () => {
  it('prints each session and active profile with the time left, and the same as JSON', async () => {
    expect((await runCli(['use', role, '--profile', 'work'], env)).code).toBe(0);
    const text = await runCli(['status'], env);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^session d-9067c0ffee: signed in, (1 h|\d+ min) left \(renews automatically\)$/m);
    expect(text.stdout).toMatch(new RegExp(`^profile work: d-9067c0ffee ${role}, (1 h|\\d+ min) left$`, 'm'));
    const json = JSON.parse((await runCli(['status', '--json'], env)).stdout) as {
      sessions: { name: string; signedIn: boolean; secondsLeft: number }[];
      profiles: { profile: string; accountId: string; secondsLeft: number; expiration: string }[];
      shell: unknown;
    };
    expect(json.sessions).toMatchObject([{ name: 'd-9067c0ffee', signedIn: true }]);
    expect(json.sessions[0]!.secondsLeft).toBeGreaterThan(3000);
    expect(json.profiles).toMatchObject([{ profile: 'work', accountId: fake.accounts[1]!.accountId }]);
    expect(json.profiles[0]!.expiration).toMatch(/Z$/);
    expect(json.shell).toBeNull();
    // Inside exec, the shell's own credentials show too.
    const inside = await runCli(['exec', role, '--', process.execPath, CLI, 'status'], env);
    expect(inside.stdout).toMatch(new RegExp(`^shell: ${role}, (1 h|\\d+ min) left$`, 'm'));
  });

  /** Runs `script` (bin/latchkey.js, or the full bundle itself) with a hook that records every
   * module it loads and, with `now`, stops the clock there, so two runs see the same instant. */
  async function spawnRecorded(script: string, args: string[], runEnv: Record<string, string>, now?: number) {
    const hook = path.join(home, 'record-modules.cjs');
    const record = path.join(home, 'modules.txt');
    await fs.writeFile(
      hook,
      `const Module = require('module'); const fs = require('fs'); const load = Module._load;
       if (${now ?? 0}) Date.now = () => ${now ?? 0};
       Module._load = function (request, ...rest) { fs.appendFileSync(${JSON.stringify(record)}, request + '\\n'); return load.call(this, request, ...rest); };`,
    );
    await fs.rm(record, { force: true });
    const r = spawnSync(process.execPath, ['-r', hook, script, ...args], { env: runEnv, encoding: 'utf8' });
    const modules = (await fs.readFile(record, 'utf8')).split('\n');
    return { result: { code: r.status, stdout: r.stdout, stderr: r.stderr }, modules };
  }
  const FULL_BUNDLE = path.join(REPO, 'out/cli/latchkey.cjs');
  const loadsFullBundle = (modules: string[]) => modules.some((m) => m.endsWith('latchkey.cjs'));

  it('never loads the AWS SDK (nor do status and credential-process with cached credentials load the command bundle, node:crypto or promise-based fs)', async () => {
    const loaded = async (args: string[]) => {
      const { result, modules } = await spawnRecorded(CLI, args, env);
      expect(result.code).toBe(0);
      return modules;
    };
    // The built command loads the SDK from its vendor bundle; anything else would load the packages.
    const isSdk = (m: string) => /^@(aws-sdk|smithy)\//.test(m) || m.endsWith('/vendor/aws-sdk.cjs');
    const costly = (m: string) => /^(node:)?(crypto|fs\/promises)$/.test(m);
    // The hook sees the SDK where a command does load it.
    expect((await loaded(['sessions'])).some(isSdk)).toBe(true);
    // status answers from its own small bundle.
    expect((await runCli(['use', role, '--profile', 'work'], env)).code).toBe(0);
    for (const args of [['status'], ['status', '--json']]) {
      const prompt = await loaded(args);
      expect(prompt.some((m) => m.endsWith('fast-status.cjs'))).toBe(true);
      expect(prompt.filter((m) => m.endsWith('latchkey.cjs') || isSdk(m) || costly(m))).toEqual([]);
    }
    // credential-process with cached credentials answers from its own small bundle.
    expect((await runCli(['credential-process', role], env)).code).toBe(0);
    const hot = await loaded(['credential-process', role]);
    expect(hot.some((m) => m.endsWith('cached-credential-process.cjs'))).toBe(true);
    expect(hot.filter((m) => m.endsWith('latchkey.cjs') || isSdk(m))).toEqual([]);
    // Nor the two builtins that cost more to load than the whole answer.
    expect(hot.filter(costly)).toEqual([]);
  });

  it('prints from its small entry byte for byte what the full command prints', async () => {
    expect((await runCli(['use', role, '--profile', 'work'], env)).code).toBe(0);
    const config = await fs.readFile(env.AWS_CONFIG_FILE!, 'utf8');
    const empty = path.join(home, 'empty');
    await fs.mkdir(empty, { recursive: true });
    const emptyEnv = {
      ...env,
      HOME: empty,
      LATCHKEY_HOME: path.join(empty, '.latchkey'),
      AWS_CONFIG_FILE: path.join(empty, 'config'),
      AWS_SHARED_CREDENTIALS_FILE: path.join(empty, 'credentials'),
    };
    const expiry = new Date(Date.now() + 40 * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const shellKeys = { AWS_ACCESS_KEY_ID: 'AKIAFROMTHESHELL0001', AWS_SECRET_ACCESS_KEY: 'from-the-shell', AWS_CREDENTIAL_EXPIRATION: expiry };
    // A second session, never signed in to.
    await fs.appendFile(env.AWS_CONFIG_FILE!, '\n[sso-session other]\nsso_start_url = https://other.awsapps.com/start\nsso_region = eu-west-1\n');
    try {
      const cases: [string, Record<string, string>][] = [
        ['signed in, an active profile', env],
        ['inside exec', { ...env, ...shellKeys, LATCHKEY_EXEC: role }],
        ['keys from the environment', { ...env, ...shellKeys }],
        ['nothing set up', emptyEnv],
      ];
      const instants = [Date.now(), Date.now() + 3 * 3600_000, Date.now() + 200 * 86_400_000];
      for (const [label, caseEnv] of cases) {
        for (const now of instants) {
          for (const args of [['status'], ['status', '--json']]) {
            const fast = await spawnRecorded(CLI, args, caseEnv, now);
            const full = await spawnRecorded(FULL_BUNDLE, args, caseEnv, now);
            const what = `${label}, ${args.join(' ')}, at ${new Date(now).toISOString()}`;
            expect(loadsFullBundle(fast.modules), what).toBe(false);
            expect(loadsFullBundle(full.modules), what).toBe(true);
            expect(fast.result, what).toEqual(full.result);
            expect(fast.result.code, what).toBe(0);
          }
        }
      }
    } finally {
      await fs.writeFile(env.AWS_CONFIG_FILE!, config);
    }
  });

  it('leaves to the full command what its small entry does not answer', async () => {
    const emptyHome = path.join(home, 'fallback');
    const latchkeyHome = path.join(emptyHome, '.latchkey');
    await fs.mkdir(latchkeyHome, { recursive: true });
    const emptyEnv = {
      ...env,
      HOME: emptyHome,
      LATCHKEY_HOME: latchkeyHome,
      AWS_CONFIG_FILE: path.join(emptyHome, 'config'),
      AWS_SHARED_CREDENTIALS_FILE: path.join(emptyHome, 'credentials'),
    };
    const help = await spawnRecorded(CLI, ['status', '--help'], emptyEnv);
    expect(help.result.stdout).toMatch(/^Usage: latchkey status/);
    const bad = await spawnRecorded(CLI, ['status', '--jsn'], emptyEnv);
    expect(bad.result.code).toBe(2);
    expect(bad.result.stderr.trim().split('\n')).toHaveLength(1);
    // A broken state file is set aside by the full command, and the status goes on.
    await fs.writeFile(path.join(latchkeyHome, 'state.json'), '{ not json');
    const broken = await spawnRecorded(CLI, ['status'], emptyEnv);
    expect(broken.result).toEqual({ code: 0, stdout: '', stderr: 'No SSO sessions and no active profiles yet. Start with: latchkey login\n' });
    expect((await fs.readdir(latchkeyHome)).some((f) => f.startsWith('state.json.corrupt-'))).toBe(true);
    // A bad LATCHKEY_LOG_LEVEL is the full command's error to report.
    const level = await spawnRecorded(CLI, ['status'], { ...emptyEnv, LATCHKEY_LOG_LEVEL: 'loud' });
    expect(level.result.code).toBe(2);
    expect(level.result.stderr).toMatch(/^latchkey: LATCHKEY_LOG_LEVEL is "loud"/);
    for (const run of [help, bad, broken, level]) expect(loadsFullBundle(run.modules)).toBe(true);
  });
});

describe('latchkey serve', () => {
  it('prints the lines to export, serves each role at its own endpoint until stopped, then exits 0', async () => {
    const other = `${fake.accounts[0]!.accountId}/${fake.accounts[0]!.roles[0]}`;
    const running = startCli(['serve', role, other], env);
    let out = '';
    running.child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    await waitFor(() => (out.split('\n').filter((l) => l.startsWith('export ')).length === 4 ? true : undefined), 15_000, 'the export lines');
    const blocks = out.split(/^# /m).filter(Boolean);
    expect(blocks.map((b) => b.split('\n')[0])).toEqual([role, other]);
    const accounts = [];
    for (const block of blocks) {
      const url = /^export AWS_CONTAINER_CREDENTIALS_FULL_URI=(http:\/\/127\.0\.0\.1:\d+\/latchkey\/[0-9a-f]{32})$/m.exec(block)![1]!;
      const token = /^export AWS_CONTAINER_AUTHORIZATION_TOKEN=(\S+)$/m.exec(block)![1]!;
      const creds = (await (await fetch(url, { headers: { Authorization: token } })).json()) as Record<string, string>;
      expect(creds.Expiration).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      const id = await whoAmI(fake, { accessKeyId: creds.AccessKeyId!, secretAccessKey: creds.SecretAccessKey!, sessionToken: creds.Token! });
      accounts.push(id.account);
      // Another role's token opens nothing here.
      const foreign = blocks.find((b) => b !== block)!;
      const otherToken = /^export AWS_CONTAINER_AUTHORIZATION_TOKEN=(\S+)$/m.exec(foreign)![1]!;
      expect((await fetch(url, { headers: { Authorization: otherToken } })).status).toBe(401);
    }
    expect(accounts).toEqual([fake.accounts[1]!.accountId, fake.accounts[0]!.accountId]);
    running.child.kill('SIGTERM');
    const result = await running.done;
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/Serving 2 roles on 127\.0\.0\.1:\d+ until stopped/);
  });

  it('refuses a bad --port with one line (exit 2)', async () => {
    const result = await runCli(['serve', role, '--port', '99999'], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^latchkey: --port must be a number from 1 to 65535/);
  });
});
