import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeAws, type FakeAws } from '../../devkit/fake-aws';
import { deviceLoginCli, runCli } from '../../devkit/cli';
import { tempHome, type TempHome } from '../../devkit/home';

// A config or credentials file the AWS CLI refuses (a duplicate section or key, a byte order
// mark) still works in Latchkey, and every write to it says, in one line on stderr, which
// line keeps the AWS CLI from reading it.

let fake: FakeAws;
let home: TempHome;
let env: Record<string, string>;

beforeAll(async () => {
  fake = await startFakeAws({ accounts: 2, rolesPerAccount: 1, deviceInterval: 0.5 });
});
afterAll(async () => {
  await fake.close();
});
beforeEach(async () => {
  home = await tempHome();
  env = { ...home.env, ...fake.env };
  await fs.mkdir(path.join(home.home, '.aws'), { recursive: true });
});
afterEach(async () => {
  await home.cleanup();
});

const warnings = (stderr: string) => stderr.split('\n').filter((l) => l.startsWith('latchkey: warning:'));
const role = () => `${fake.accounts[0]!.accountId}/${fake.accounts[0]!.roles[0]}`;

describe('files the AWS CLI cannot read', () => {
  it('use writes the profile into a credentials file with a duplicate section, and warns once naming the line', async () => {
    expect((await deviceLoginCli(fake, env, ['--session', 'corp'])).code).toBe(0);
    const handWritten = '[old]\naws_access_key_id = AKIAOLD\n\n[old]\naws_secret_access_key = oldsecret\n';
    await fs.writeFile(env.AWS_SHARED_CREDENTIALS_FILE!, handWritten, { mode: 0o600 });

    const use = await runCli(['use', role(), '--profile', 'work'], env);
    expect(use.code).toBe(0);
    expect(warnings(use.stderr)).toEqual([
      'latchkey: warning: ~/.aws/credentials line 4: the section [old] appears a second time, so the AWS CLI and botocore cannot read this file (Latchkey can). Fix that line to use it with them.',
    ]);
    const after = await fs.readFile(env.AWS_SHARED_CREDENTIALS_FILE!, 'utf8');
    expect(after.startsWith(handWritten)).toBe(true);
    expect(after).toMatch(/\[work\]\n# Managed by Latchkey/);
    // Latchkey keeps reading it: the profile is listed as active and can be removed again.
    const unuse = await runCli(['unuse', 'work'], env);
    expect(unuse.code).toBe(0);
    expect(warnings(unuse.stderr)).toHaveLength(1);
    expect(await fs.readFile(env.AWS_SHARED_CREDENTIALS_FILE!, 'utf8')).toBe(handWritten);
  }, 60_000);

  it('a sign-in that adds its sso-session to a config with a byte order mark warns; export to it warns too', async () => {
    const config = '\ufeff[profile dup]\nregion = eu-west-1\nregion = us-east-1\n';
    await fs.writeFile(env.AWS_CONFIG_FILE!, config);
    const login = await deviceLoginCli(fake, env, ['--session', 'corp']);
    expect(login.code).toBe(0);
    expect(warnings(login.stderr)).toEqual([
      expect.stringMatching(/^latchkey: warning: ~\/\.aws\/config line 1: it starts with a byte order mark \(BOM\).*cannot read this file \(Latchkey can\)/),
    ]);
    expect(await fs.readFile(env.AWS_CONFIG_FILE!, 'utf8')).toContain('[sso-session corp]');

    const exported = await runCli(['export', role(), '--yes'], env);
    expect(exported.code).toBe(0);
    expect(warnings(exported.stderr)).toEqual([expect.stringContaining('~/.aws/config line 1: it starts with a byte order mark')]);
    // Profiles still resolve from it.
    const listed = await runCli(['roles', '--profiles', '--json'], env);
    expect(listed.code).toBe(0);
    expect((JSON.parse(listed.stdout) as { profile: string }[]).length).toBe(1);
  }, 60_000);

  it('says nothing about a file the AWS CLI reads', async () => {
    const login = await deviceLoginCli(fake, env, ['--session', 'corp']);
    expect(login.code).toBe(0);
    const use = await runCli(['use', role(), '--profile', 'work'], env);
    expect(use.code).toBe(0);
    expect(warnings(login.stderr + use.stderr)).toEqual([]);
  }, 60_000);
});
