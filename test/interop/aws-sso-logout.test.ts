import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeAws, type FakeAws } from '../../devkit/fake-aws';
import { FAKE_BROWSER, deviceLoginCli, runCli } from '../../devkit/cli';
import { tempHome } from '../../devkit/home';
import { hasAwsCli, runAws, skipNote } from '../../devkit/peers';

// After the AWS CLI signs out, Latchkey's credential-process hands out nothing of that sign-in.
// AWS CLI v2's `aws sso logout` calls the portal's Logout, removes the token files and every
// cached file marked ProviderType "sso" — Latchkey's included. AWS CLI v1 has only the API call
// (`aws sso logout --access-token`), which leaves the token file; there the person deletes it,
// as the v1 documentation's "removes the locally stored SSO tokens" suggests they would.

skipNote('the AWS CLI (aws)', hasAwsCli);
const awsMajor = hasAwsCli ? Number(/aws-cli\/(\d+)/.exec(spawnSync('aws', ['--version'], { encoding: 'utf8' }).stdout + '')?.[1] ?? 0) : 0;
if (awsMajor === 1) console.warn('[interop] AWS CLI v1: aws sso logout only calls the portal; the test removes the token file itself, as v2 would');

let fake: FakeAws;
beforeAll(async () => {
  fake = await startFakeAws({ accounts: 2, rolesPerAccount: 1, deviceInterval: 1 });
});
afterAll(async () => {
  await fake.close();
});

describe.skipIf(!hasAwsCli)('aws sso logout, then latchkey credential-process', () => {
  it('refuses the cached credentials of the sign-in the AWS CLI ended', async () => {
    const home = await tempHome();
    try {
      const env = { ...home.env, ...fake.env };
      expect((await deviceLoginCli(fake, env, ['--session', 'corp'])).code).toBe(0);
      const role = `${fake.accounts[0]!.accountName}/${fake.accounts[0]!.roles[0]}`;
      expect((await runCli(['credential-process', role], env)).code).toBe(0);
      const tokenFile = path.join(home.home, '.aws', 'sso', 'cache', `${createHash('sha1').update('corp').digest('hex')}.json`);
      const cacheDir = path.join(home.home, '.aws', 'cli', 'cache');
      const cached = (await fs.readdir(cacheDir)).filter((f) => f.startsWith('latchkey-'));
      expect(cached).toHaveLength(1);

      const awsEnv = { ...env, AWS_DEFAULT_REGION: fake.region };
      if (awsMajor >= 2) {
        const out = await runAws(['sso', 'logout'], awsEnv);
        expect(out.stderr).toBe('');
        expect(out.code).toBe(0);
        // The AWS CLI's sweep found Latchkey's cached credentials by their ProviderType.
        expect((await fs.readdir(cacheDir)).filter((f) => f.startsWith('latchkey-'))).toEqual([]);
      } else {
        const { accessToken } = JSON.parse(await fs.readFile(tokenFile, 'utf8')) as { accessToken: string };
        const out = await runAws(['sso', 'logout', '--access-token', accessToken, '--region', fake.region], awsEnv);
        expect(out.stderr).toBe('');
        expect(out.code).toBe(0);
        await fs.rm(tokenFile);
      }
      expect(fake.stats().portal.byOperation.Logout).toBe(1);
      await expect(fs.stat(tokenFile)).rejects.toMatchObject({ code: 'ENOENT' });

      // The cache, if still on disk, is not served: a sign-in is needed, which the person denies.
      const after = await runCli(['credential-process', role], { ...env, BROWSER: FAKE_BROWSER, FAKE_BROWSER_DECISION: 'deny' });
      expect(after.stdout).toBe('');
      expect(after.code).toBe(1);
    } finally {
      await home.cleanup();
    }
  }, 60_000);
});
