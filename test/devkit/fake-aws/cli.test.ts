import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { REPO, runCli } from '../../../devkit/cli';
import { tempHome } from '../../../devkit/home';
import { waitFor } from '../../../devkit/wait';

// `npm run fake -- --iam-user NAME[:CODE] --role-requiring-mfa ARN`: what it prints is pasted
// as is into the AWS files, and the built command then gets an MFA session and the role.

const ROLE = 'arn:aws:iam::111122223333:role/NeedsMfa';
let child: ChildProcess | undefined;
let cleanup: (() => Promise<void>) | undefined;

afterEach(async () => {
  if (child?.pid !== undefined && child.exitCode === null) {
    const exited = new Promise((resolve) => child!.once('exit', resolve));
    process.kill(child.pid, 'SIGTERM');
    await exited;
  }
  child = undefined;
  await cleanup?.();
});

function startFakeCli(args: string[]): { output: () => string; exited: Promise<number | null> } {
  child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO, 'devkit/fake-aws/cli.ts'), ...args], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));
  return { output: () => output, exited };
}

/** The lines after a "# ---- TITLE…" marker up to the next marker. */
function block(output: string, title: string): string {
  const start = output.indexOf(`# ---- ${title}`);
  expect(start).toBeGreaterThanOrEqual(0);
  const body = output.slice(output.indexOf('\n', start) + 1);
  return body.slice(0, body.indexOf('# ----'));
}

describe('npm run fake with IAM users', () => {
  it('prints credentials and config snippets that work as pasted: an MFA session with the chosen code, then a role that needs MFA', async () => {
    const fake = startFakeCli(['--iam-user', 'alice:654321', '--iam-user', 'bob', '--role-requiring-mfa', ROLE]);
    const output = await waitFor(() => (fake.output().includes('--profile work') ? fake.output() : undefined), 20_000, 'the fake to print its set-up');
    expect(output).toContain('FAKE keys: they work only against this emulator');
    expect(output).toContain('MFA codes: alice 654321, bob 123456');
    const credentials = block(output, 'IAM users: paste into ~/.aws/credentials');
    expect(credentials).toMatch(/^\[alice\]\naws_access_key_id = AKIA[A-Z2-7]{16}\naws_secret_access_key = \S{40}\n/);
    const config = block(output, 'and into ~/.aws/config');
    const serial = /^mfa_serial = (arn:aws:iam::(\d{12}):mfa\/alice)$/m.exec(config);
    expect(serial).not.toBeNull();
    expect(config).toContain(`[profile alice-role]\nrole_arn = ${ROLE}\nsource_profile = alice\nmfa_serial = ${serial![1]}\n`);

    const home = await tempHome();
    cleanup = home.cleanup;
    const env: Record<string, string> = { ...home.env };
    for (const [, key, value] of output.matchAll(/^export (\w+)=(\S+)$/gm)) env[key!] = value!;
    expect(env.AWS_ENDPOINT_URL_STS).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    await fs.mkdir(path.join(home.home, '.aws'));
    await fs.writeFile(env.AWS_SHARED_CREDENTIALS_FILE!, credentials, { mode: 0o600 });
    await fs.writeFile(env.AWS_CONFIG_FILE!, config);

    const wrong = await runCli(['use', 'alice', '--profile', 'alice-session', '--mfa-code', '123456'], env);
    expect(wrong.code).toBe(1); // alice's device was given 654321
    expect(wrong.stderr).toMatch(/The MFA code was not accepted/);
    const user = await runCli(['use', 'alice', '--profile', 'alice-session', '--mfa-code', '654321'], env);
    expect(user.stderr).toContain(`now holds profile alice: an MFA session of IAM user alice in ${serial![2]}`);
    expect(user.code).toBe(0);
    const role = await runCli(['use', 'alice-role', '--profile', 'work'], env); // no code: the MFA session serves
    expect(role.stderr).toContain('now holds profile alice-role: role NeedsMfa in 111122223333');
    expect(role.code).toBe(0);
    const bob = await runCli(['use', 'bob', '--profile', 'bob-session', '--mfa-code', '123456'], env);
    expect(bob.code).toBe(0);
  });

  it('refuses a malformed --iam-user or --role-requiring-mfa with its usage, exit 2', async () => {
    for (const args of [
      ['--iam-user', 'bad name'],
      ['--iam-user', 'carol:12345'],
      ['--role-requiring-mfa', 'NeedsMfa'],
    ]) {
      const fake = startFakeCli(args);
      expect(await fake.exited).toBe(2);
      expect(fake.output()).toMatch(/--(iam-user|role-requiring-mfa) .*\nusage: npm run fake/);
    }
  });
});

describe('npm run fake with a throttle', () => {
  it('throttles as the flags say and prints the shape', async () => {
    const fake = startFakeCli([
      '--accounts',
      '2',
      '--rate',
      '0.5',
      '--burst',
      '2',
      '--credentials-rate',
      '10',
      '--credentials-burst',
      '3',
      '--retry-after',
      'always',
      '--failure-rate',
      '0.1',
    ]);
    const output = await waitFor(() => (fake.output().includes('# control') ? fake.output() : undefined), 20_000, 'the fake to print its set-up');
    expect(output).toContain('portal throttled at 0.5 req/s in bursts of 2 (listings)');
    expect(output).toContain('GetRoleCredentials throttled apart at 10 req/s in bursts of 3');
    expect(output).toContain('429s carry Retry-After: always');
    expect(output).toContain('10% of portal calls fail with 500');
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)![1]!;
    // Calls without a sign-in pass the throttle first: two get 401, the third a 429 with Retry-After.
    const answers = [];
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${url}/assignment/accounts`, { headers: { 'x-amz-sso_bearer_token': 'none' } });
      answers.push(res.status === 429 ? `429 retry-after=${res.headers.get('retry-after')}` : String(res.status));
    }
    expect(answers.filter((a) => a.startsWith('429'))).toEqual(['429 retry-after=2']);
  });

  it('refuses a burst without its rate, or an unknown Retry-After mode, with its usage, exit 2', async () => {
    for (const args of [
      ['--burst', '3'],
      ['--rate', '10', '--retry-after', 'sometimes'],
    ]) {
      const fake = startFakeCli(args);
      expect(await fake.exited).toBe(2);
      expect(fake.output()).toMatch(/--(burst|retry-after) .*\nusage: npm run fake/);
    }
  });
});
