import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeAws } from '../../devkit/fake-aws';
import { runCli, startCli } from '../../devkit/cli';
import { startSignedInHome, type SignedInHome } from '../../devkit/signed-in-home';
import { SOAK } from './soak';

// The long variants of test/cli/throttled.test.ts, for `npm run soak`: the organisation and the
// three commands of the report that found commands ending with exit 0 and no output, and a
// portal that lets a role's credentials through only once in minutes.

describe.skipIf(!SOAK)('commands against a hard-throttled portal (soak)', () => {
  let signedIn: SignedInHome;
  let fake: FakeAws;
  let env: Record<string, string>;

  beforeAll(async () => {
    signedIn = await startSignedInHome({ accounts: 100, rolesPerAccount: 3, seed: 42 });
    ({ fake, env } = signedIn);
    fake.configure({ portalRateLimit: 10, portalBurst: 3, portalFailureRate: 0.1 });
  });
  afterAll(() => signedIn.close());

  it('30 credential-process with no catalog yet: each lists 100 accounts through one shared 10 req/s budget, and all deliver', async () => {
    const targets = fake.accounts.slice(3, 33).map((a) => `${a.accountId}/ReadOnlyAccess`);
    const results = await Promise.all(targets.map((role) => startCli(['credential-process', role], env).done));
    results.forEach((r, i) => {
      expect(r.code, `call ${i}: ${r.stderr}`).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ Version: 1, AccessKeyId: expect.stringMatching(/^ASIA/) });
    });
  }, 900_000);

  it('roles --refresh --json, then use by account name', async () => {
    const roles = await runCli(['roles', '--refresh', '--json'], env);
    expect(roles.code, roles.stderr).toBe(0);
    expect(JSON.parse(roles.stdout)).toHaveLength(300);
    const use = await runCli(['use', 'acct-0042/ReadOnlyAccess', '--profile', 'p42'], env);
    expect(use.stderr).toContain('Profile "p42"');
    expect(use.code).toBe(0);
  }, 300_000);

  it('a role whose credentials AWS keeps refusing for over a minute: exit 1 with one line saying so', async () => {
    fake.configure({ portalOperationLimits: { GetRoleCredentials: { rate: 0.005, burst: 1 } }, portalFailureRate: 0 });
    const role = `${fake.accounts[50]!.accountId}/ReadOnlyAccess`;
    expect((await runCli(['credential-process', role], env)).code).toBe(0); // the one call the budget allows
    const other = `${fake.accounts[51]!.accountId}/ReadOnlyAccess`;
    const refused = await runCli(['credential-process', other], env);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toMatch(/^latchkey: AWS is throttling requests to the access portal \(GetRoleCredentials\)\. [^\n]*again[^\n]*\n$/);
  }, 180_000);
});
