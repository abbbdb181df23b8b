import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeAws, type FakeAws } from '../../devkit/fake-aws';
import { deviceLoginCli, runCli } from '../../devkit/cli';
import { tempHome } from '../../devkit/home';
import { hasAwsCli, hasMoto, runAws, skipNote, startMoto } from '../../devkit/peers';

// AWS's own Python stack (the AWS CLI v1 and botocore) must read what Latchkey writes.

skipNote('the AWS CLI (aws)', hasAwsCli);
skipNote('moto (python3 -m moto.server)', hasMoto);

let fake: FakeAws;
beforeAll(async () => {
  fake = await startFakeAws({ accounts: 3, rolesPerAccount: 2, deviceInterval: 1 });
});
afterAll(async () => {
  await fake.close();
});

async function signIn(env: Record<string, string>): Promise<void> {
  expect((await deviceLoginCli(fake, env, ['--session', 'corp'])).code).toBe(0);
}

describe.skipIf(!hasAwsCli)('AWS CLI v1 interop', () => {
  it('after latchkey login, an sso_session profile of the AWS CLI gets role credentials with the token Latchkey cached', async () => {
    const home = await tempHome();
    try {
      const env = { ...home.env, ...fake.env };
      await signIn(env);
      const account = fake.accounts[1]!;
      await fs.appendFile(
        env.AWS_CONFIG_FILE!,
        `\n[profile via-sso]\nsso_session = corp\nsso_account_id = ${account.accountId}\nsso_role_name = ${account.roles[0]}\nregion = us-east-1\n`,
      );
      const before = fake.stats().signIns;
      const result = await runAws(['sts', 'get-caller-identity', '--profile', 'via-sso', '--output', 'json'], env);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout).Account).toBe(account.accountId);
      expect(fake.stats().portal.byOperation.GetRoleCredentials).toBeGreaterThanOrEqual(1);
      expect(fake.stats().signIns).toBe(before);
    } finally {
      await home.cleanup();
    }
  }, 60_000);

  it.skipIf(!hasMoto)(
    'after latchkey use, aws sts get-caller-identity against moto reads the credentials Latchkey wrote',
    async () => {
      const home = await tempHome();
      const moto = await startMoto();
      try {
        const env = { ...home.env, ...fake.env };
        await signIn(env);
        const account = fake.accounts[0]!;
        expect((await runCli(['use', `${account.accountName}/${account.roles[0]}`, '--profile', 'interop'], env)).code).toBe(0);
        const written = await fs.readFile(env.AWS_SHARED_CREDENTIALS_FILE!, 'utf8');
        const keyId = /\[interop\][\s\S]*?aws_access_key_id\s*=\s*(\S+)/.exec(written)?.[1];
        expect(keyId).toMatch(/^ASIA/);

        const awsEnv = { ...home.env, AWS_ENDPOINT_URL_STS: moto.url, AWS_DEFAULT_REGION: 'us-east-1' };
        const result = await runAws(['sts', 'get-caller-identity', '--profile', 'interop', '--output', 'json', '--debug'], awsEnv);
        expect(result.code).toBe(0);
        expect(JSON.parse(result.stdout).Arn).toMatch(/^arn:aws:sts::\d{12}:/);
        // botocore signed the request to moto with the key Latchkey wrote, and sent its session token.
        expect(result.stderr).toContain(`Credential=${keyId}/`);
        expect(result.stderr).toMatch(/X-Amz-Security-Token/i);
        expect(path.basename(env.AWS_SHARED_CREDENTIALS_FILE!)).toBe('credentials');
      } finally {
        moto.stop();
        await home.cleanup();
      }
    },
    90_000,
  );
});
