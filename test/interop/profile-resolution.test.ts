import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeAws, type FakeAws, type FakeIamUser } from '../../devkit/fake-aws';
import { deviceLoginCli, runCli } from '../../devkit/cli';
import { tempHome, type TempHome } from '../../devkit/home';
import { hasAwsCli, pythonEnv, runAws, skipNote } from '../../devkit/peers';

// Where the AWS SDKs disagree about a profile, Latchkey resolves it as the AWS CLI does. The
// AWS CLI (botocore) and Latchkey read the same files against the emulator and must agree.

skipNote('the AWS CLI (aws), for the profile resolution tests', hasAwsCli);

const KEYS_USER: FakeIamUser = {
  userName: 'keys',
  accessKeyId: 'AKIAKEYS000000000001',
  secretAccessKey: 'keys/secret+key/00000000000000000000000',
  accountId: '999988887777',
};
const ROLE = 'arn:aws:iam::444455556666:role/Deploy';

let fake: FakeAws;
let home: TempHome;
let env: Record<string, string>;

beforeAll(async () => {
  fake = await startFakeAws({ accounts: 2, rolesPerAccount: 1, deviceInterval: 0.5, iamUsers: [KEYS_USER] });
});
afterAll(async () => {
  await fake.close();
});
beforeEach(async () => {
  home = await tempHome();
  env = { ...home.env, ...fake.env, ...pythonEnv(), AWS_DEFAULT_REGION: 'us-east-1' };
  const sso = fake.accounts[1]!;
  await fs.mkdir(path.join(home.home, '.aws'), { recursive: true });
  await fs.writeFile(
    env.AWS_CONFIG_FILE!,
    [
      `[sso-session corp]\nsso_start_url = ${fake.startUrl}\nsso_region = ${fake.region}\n`,
      // SSO settings and keys in one profile: botocore tries SSO first, the JS SDK the keys.
      `[profile both]\nsso_session = corp\nsso_account_id = ${sso.accountId}\nsso_role_name = ${sso.roles[0]}\naws_access_key_id = ${KEYS_USER.accessKeyId}\naws_secret_access_key = ${KEYS_USER.secretAccessKey}\n`,
      `[profile keys]\naws_access_key_id = ${KEYS_USER.accessKeyId}\naws_secret_access_key = ${KEYS_USER.secretAccessKey}\n`,
      // botocore's int() cannot read "1h": it drops the setting and AWS's default applies.
      `[profile hourly]\nrole_arn = ${ROLE}\nsource_profile = keys\nduration_seconds = 1h\n`,
      `[profile twice]\nrole_arn = ${ROLE}\nsource_profile = keys\ncredential_source = Environment\n`,
    ].join('\n'),
  );
});
afterEach(async () => {
  await home.cleanup();
});

async function awsAccount(profile: string): Promise<string> {
  const result = await runAws(['sts', 'get-caller-identity', '--profile', profile, '--output', 'json'], env);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout).Account as string;
}

/** The account of the credentials Latchkey hands out for the profile (asked of the emulator's STS through the AWS CLI). */
async function latchkeyAccount(profile: string): Promise<{ account: string; stderr: string; expiration: number }> {
  const result = await runCli(['credential-process', profile], env);
  expect(result.code).toBe(0);
  const out = JSON.parse(result.stdout) as { AccessKeyId: string; SecretAccessKey: string; SessionToken: string; Expiration: string };
  const { AWS_CONFIG_FILE: _c, ...bare } = env;
  const who = await runAws(['sts', 'get-caller-identity', '--output', 'json'], {
    ...bare,
    AWS_CONFIG_FILE: path.join(home.home, 'none'),
    AWS_ACCESS_KEY_ID: out.AccessKeyId,
    AWS_SECRET_ACCESS_KEY: out.SecretAccessKey,
    AWS_SESSION_TOKEN: out.SessionToken,
  });
  expect(who.code).toBe(0);
  return { account: JSON.parse(who.stdout).Account as string, stderr: result.stderr, expiration: Date.parse(out.Expiration) };
}

describe.skipIf(!hasAwsCli)('profile resolution, as the AWS CLI does it', () => {
  it('a profile with both SSO settings and keys gets the SSO role, from the AWS CLI and from Latchkey', async () => {
    expect((await deviceLoginCli(fake, env, ['--session', 'corp'])).code).toBe(0);
    const sso = fake.accounts[1]!.accountId;
    expect(await awsAccount('both')).toBe(sso);
    expect((await latchkeyAccount('both')).account).toBe(sso);
    expect(await awsAccount('keys')).toBe(KEYS_USER.accountId);
  }, 90_000);

  it('a duration_seconds the AWS CLI ignores is ignored with a warning, not refused', async () => {
    expect(await awsAccount('hourly')).toBe('444455556666');
    const ours = await latchkeyAccount('hourly');
    expect(ours.account).toBe('444455556666');
    expect(ours.stderr).toMatch(/^latchkey: warning: duration_seconds of \[profile hourly\] in .* is not a whole number of seconds, so it is ignored/);
    expect(ours.stderr.trim().split('\n')).toHaveLength(1);
    // AWS's default session: one hour.
    expect(Math.abs(ours.expiration - Date.now() - 3600_000)).toBeLessThan(120_000);
  }, 60_000);

  it('source_profile together with credential_source is refused by both, for the same reason', async () => {
    const aws = await runAws(['sts', 'get-caller-identity', '--profile', 'twice'], env);
    expect(aws.code).not.toBe(0);
    expect(aws.stderr).toContain('The profile "twice" contains both source_profile and credential_source.');
    const ours = await runCli(['credential-process', 'twice'], env);
    expect(ours.code).toBe(2);
    expect(ours.stderr).toMatch(/^latchkey: The profile "twice" contains both source_profile and credential_source/);
  }, 60_000);
});
