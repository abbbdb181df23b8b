import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { approveDeviceCode, deviceLoginCli, runCli, startCli } from '../../devkit/cli';
import { hasAwsCli, pythonEnv, runAws, skipNote } from '../../devkit/peers';
import { useCliHome } from '../helpers/per-test';

// The AWS CLI (botocore) uses a legacy SSO profile — sso_start_url + sso_region, no
// sso_session — with the token Latchkey's sign-in left for it, with no second sign-in.

skipNote('the AWS CLI (aws), for the legacy SSO profile tests', hasAwsCli);

const ctx = useCliHome({ fake: { accounts: 2, rolesPerAccount: 1, deviceInterval: 0.5 }, env: () => pythonEnv() });

function legacyProfile(name: string, startUrl = ctx.fake.startUrl): string {
  const account = ctx.fake.accounts[1]!;
  return [
    `[profile ${name}]`,
    `sso_start_url = ${startUrl}`,
    `sso_region = ${ctx.fake.region}`,
    `sso_account_id = ${account.accountId}`,
    `sso_role_name = ${account.roles[0]}`,
    'region = us-east-1',
    '',
  ].join('\n');
}

async function writeConfig(text: string): Promise<void> {
  await fs.mkdir(path.dirname(ctx.env.AWS_CONFIG_FILE!), { recursive: true });
  await fs.writeFile(ctx.env.AWS_CONFIG_FILE!, text);
}

async function callerAccount(profile: string): Promise<string> {
  const result = await runAws(['sts', 'get-caller-identity', '--profile', profile, '--output', 'json'], ctx.env);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout).Account as string;
}

describe.skipIf(!hasAwsCli)('legacy SSO profiles and the AWS CLI', () => {
  it('after latchkey login to the sso-session, aws --profile legacy works with no second sign-in', async () => {
    await writeConfig(
      `[sso-session corp]\nsso_start_url = ${ctx.fake.startUrl}\nsso_region = ${ctx.fake.region}\n\n${legacyProfile('legacy')}\n${legacyProfile('legacy-slash', `${ctx.fake.startUrl}/`)}`,
    );
    expect((await deviceLoginCli(ctx.fake, ctx.env, ['--session', 'corp'])).code).toBe(0);
    expect(ctx.fake.stats().signIns).toBe(1);
    expect(await callerAccount('legacy')).toBe(ctx.fake.accounts[1]!.accountId);
    expect(await callerAccount('legacy-slash')).toBe(ctx.fake.accounts[1]!.accountId);
    expect(ctx.fake.stats().signIns).toBe(1);
  }, 90_000);

  it('latchkey login --profile signs in for a legacy profile with no sso-session, and leaves the config alone', async () => {
    const config = legacyProfile('legacy');
    await writeConfig(config);
    const result = await approveDeviceCode(ctx.fake, startCli(['login', '--profile', 'legacy', '--device-code', '--no-browser'], ctx.env));
    expect(result.stderr).toContain(`Signed in for profile "legacy" (${ctx.fake.startUrl})`);
    expect(result.code).toBe(0);
    expect(await fs.readFile(ctx.env.AWS_CONFIG_FILE!, 'utf8')).toBe(config);
    expect(await callerAccount('legacy')).toBe(ctx.fake.accounts[1]!.accountId);
    expect(ctx.fake.stats().signIns).toBe(1);
    // Latchkey itself uses the same sign-in for the profile.
    const used = await runCli(['credential-process', 'legacy'], ctx.env);
    expect(used.code).toBe(0);
    expect(JSON.parse(used.stdout)).toMatchObject({ Version: 1 });
    expect(ctx.fake.stats().signIns).toBe(1);
  }, 90_000);
});

describe('latchkey login --profile', () => {
  it('signs in to the sso-session a profile names', async () => {
    await writeConfig(`[sso-session corp]\nsso_start_url = ${ctx.fake.startUrl}\nsso_region = ${ctx.fake.region}\n\n[profile modern]\nsso_session = corp\n`);
    const result = await approveDeviceCode(ctx.fake, startCli(['login', '--profile', 'modern', '--device-code', '--no-browser'], ctx.env));
    expect(result.stderr).toContain('Signed in to "corp"');
    expect(result.code).toBe(0);
  }, 60_000);

  it('refuses a profile that does not sign in with Identity Center, and --profile with --session', async () => {
    await writeConfig('[profile keys]\nregion = eu-west-1\n');
    const notSso = await runCli(['login', '--profile', 'keys'], ctx.env);
    expect(notSso.code).toBe(2);
    expect(notSso.stderr).toMatch(/^latchkey: Profile "keys" does not sign in with IAM Identity Center/);
    const both = await runCli(['login', '--profile', 'keys', '--session', 'corp'], ctx.env);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('--profile names the sign-in by itself');
    expect(ctx.fake.stats().registrations).toBe(0);
  });
});
