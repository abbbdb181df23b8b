import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCredentialsFile } from '../../src/core/aws/credentials-file';
import { startFakeAws, type FakeAws, type FakeConfigUpdate } from '../../devkit/fake-aws';
import { STOPPED_EARLY } from '../../src/cli/exit-guard';
import { deviceLoginCli, runCli, startCli, type CliResult } from '../../devkit/cli';
import { tempHome, type TempHome } from '../../devkit/home';
import { leakedSecretKinds } from '../reliability/network-helpers';
import { whoAmI } from '../../devkit/who-am-i';
import { credentialProcessOutput } from '../helpers/credential-process-output';

// Every command, spawned as built, against a portal that throttles the way AWS does: a token
// bucket with bursts of 3, GetRoleCredentials on its own budget, 429s with and without
// Retry-After, 10% of the calls that pass failing with 500. Each command either delivers
// (exit 0 and the credentials, URL or file it promises) or exits 1 with one clear line — never
// 0 with nothing. The organisation is small enough that a run takes seconds, big enough that
// every sync is throttled (it sends its requests together); the 30 parallel credential_process
// calls start their requests as fast as the machine starts 30 processes, so the first 15 are
// refused with 429 whatever the load, and the budget does the rest.

const ACCOUNTS = 15;
const ROLES = ['AdministratorAccess', 'ReadOnlyAccess'];
const ROLE = 'ReadOnlyAccess';

const SHAPES: { name: string; shape: FakeConfigUpdate }[] = [
  { name: 'one budget for every call, 10 req/s in bursts of 3, no Retry-After', shape: { portalRateLimit: 10, portalBurst: 3, portalFailureRate: 0.1 } },
  {
    name: 'GetRoleCredentials on a tighter budget of its own (3 req/s, bursts of 2), Retry-After on every other 429',
    shape: {
      portalRateLimit: 10,
      portalBurst: 3,
      portalOperationLimits: { GetRoleCredentials: { rate: 3, burst: 2 } },
      portalRetryAfter: 'alternate',
      portalFailureRate: 0.1,
    },
  },
];

/** Exit 1 with one line that says what happened and what to do, and nothing on stdout. */
function expectOneClearLine(r: CliResult, what: string): void {
  expect(r.code, `${what}: exit code (stderr: ${r.stderr})`).toBe(1);
  expect(r.stdout, `${what}: stdout`).toBe('');
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines, `${what}: stderr`).toHaveLength(1);
  expect(lines[0]).toMatch(/^latchkey: .*(again|Check)/);
  expect(lines[0]).not.toBe(STOPPED_EARLY);
}

describe.each(SHAPES)('under a throttled portal: $name', ({ shape }) => {
  let fake: FakeAws;
  let home: TempHome;
  let env: Record<string, string>;
  const account = (n: number) => fake.accounts[n]!;
  /** Asserts the throttle really refused something since the last reset: a test it never bit proves nothing. */
  const expectThrottled = (operation: string) => expect(fake.stats().portal.throttledByOperation[operation] ?? 0, `${operation} 429s`).toBeGreaterThan(0);

  beforeAll(async () => {
    fake = await startFakeAws({ accounts: ACCOUNTS, rolesPerAccount: ROLES.length, deviceInterval: 0.2, seed: 11 });
    home = await tempHome();
    env = { ...home.env, ...fake.env };
    expect((await deviceLoginCli(fake, env)).code).toBe(0); // sign-in is OIDC, which is not throttled
    fake.configure(shape);
  });
  afterAll(async () => {
    await home.cleanup();
    await fake.close();
  });

  it('export, with no catalog yet, lists the accounts under the throttle and writes the profiles', async () => {
    fake.resetStats();
    // A lookup sends fewer calls than a burst: a queued 429 makes sure it rides out a throttled role page.
    fake.failNextPortalCalls(1, 429, 'ListAccountRoles');
    const roles = [account(4), account(5)].map((a) => `${a.accountName}/${ROLE}`);
    const r = await runCli(['export', ...roles, '--yes'], env);
    expect(r.stderr).toMatch(/^Wrote 2 Latchkey profile/m);
    expect(r.code).toBe(0);
    const config = await fs.readFile(env.AWS_CONFIG_FILE!, 'utf8');
    for (const a of [account(4), account(5)]) expect(config).toContain(`sso_account_id = ${a.accountId}`);
    expect(config).toContain(`sso_role_name = ${ROLE}`);
    expectThrottled('ListAccountRoles');
  });

  it('roles --refresh --json lists every account and role', async () => {
    fake.resetStats();
    const r = await runCli(['roles', '--refresh', '--json'], env);
    expect(r.code, r.stderr).toBe(0);
    const rows = JSON.parse(r.stdout) as { accountId: string; roleName: string }[];
    expect(rows.map((x) => `${x.accountId}/${x.roleName}`).sort()).toEqual(fake.accounts.flatMap((a) => a.roles.map((n) => `${a.accountId}/${n}`)).sort());
    expectThrottled('ListAccountRoles');
  });

  it('use by account name, with the catalog gone, looks it up and writes credentials AWS accepts', async () => {
    await fs.rm(path.join(env.LATCHKEY_HOME!, 'catalog'), { recursive: true, force: true });
    fake.resetStats();
    fake.failNextPortalCalls(1, 429, 'ListAccountRoles');
    const target = account(7);
    const r = await runCli(['use', `${target.accountName}/${ROLE}`, '--profile', 'p7'], env);
    expect(r.stderr).toContain('Profile "p7"');
    expect(r.code).toBe(0);
    const section = (await readCredentialsFile(env.AWS_SHARED_CREDENTIALS_FILE!)).get('p7')!;
    const creds = { accessKeyId: section.aws_access_key_id!, secretAccessKey: section.aws_secret_access_key!, sessionToken: section.aws_session_token! };
    expect((await whoAmI(fake, creds)).account).toBe(target.accountId);
    expectThrottled('ListAccountRoles');
  });

  it('console --print gives a sign-in URL that works', async () => {
    const r = await runCli(['console', `${account(8).accountId}/${ROLE}`, '--print'], env);
    expect(r.code, r.stderr).toBe(0);
    const url = new URL(r.stdout.trim());
    expect(url.searchParams.get('Action')).toBe('login');
    expect((await fetch(url, { redirect: 'manual' })).status).toBe(302);
  });

  it('30 credential-process calls for 30 roles, started together with nothing cached, all deliver credentials', async () => {
    await fs.rm(path.join(home.home, '.aws', 'cli', 'cache'), { recursive: true, force: true });
    fake.resetStats();
    fake.failNextPortalCalls(15, 429);
    const targets = fake.accounts.flatMap((a) => ROLES.map((r) => `${a.accountId}/${r}`));
    expect(targets).toHaveLength(30);
    const results = await Promise.all(targets.map((role) => startCli(['credential-process', role], env).done));
    const keys = new Set<string>();
    results.forEach((r, i) => {
      expect(r.code, `call ${i}: ${r.stderr}`).toBe(0);
      expect(r.stderr, `call ${i}`).toBe('');
      const out = JSON.parse(r.stdout) as Record<string, unknown>;
      expect(out).toEqual(credentialProcessOutput());
      keys.add(out.AccessKeyId as string);
    });
    expect(keys.size).toBe(30);
    expect(
      leakedSecretKinds(
        fake,
        results.map((r) => r.stderr),
      ),
    ).toEqual([]);
    expect(fake.stats().portal.throttledByOperation.GetRoleCredentials).toBeGreaterThanOrEqual(15);
  }, 120_000);
});

describe('under a portal that fails every call', () => {
  let fake: FakeAws;
  let home: TempHome;
  let env: Record<string, string>;

  beforeAll(async () => {
    fake = await startFakeAws({ accounts: 5, rolesPerAccount: 2, deviceInterval: 0.2, seed: 12 });
    home = await tempHome();
    env = { ...home.env, ...fake.env };
    expect((await deviceLoginCli(fake, env)).code).toBe(0);
    expect((await runCli(['roles'], env)).code).toBe(0); // the catalog is cached: these calls need only credentials
    fake.configure({ portalRateLimit: 10, portalBurst: 3, portalFailureRate: 1 });
  });
  afterAll(async () => {
    await home.cleanup();
    await fake.close();
  });

  it('each command exits 1 with one clear line, writes nothing, and prints no credentials', async () => {
    const role = `${fake.accounts[1]!.accountName}/${ROLE}`;
    const [use, consoleUrl, credentialProcess] = await Promise.all([
      runCli(['use', role, '--profile', 'failed'], env),
      runCli(['console', role, '--print'], env),
      runCli(['credential-process', role], env),
    ]);
    expectOneClearLine(use, 'use');
    expectOneClearLine(consoleUrl, 'console');
    expectOneClearLine(credentialProcess, 'credential-process');
    await expect(fs.stat(env.AWS_SHARED_CREDENTIALS_FILE!)).rejects.toThrow();
    expectOneClearLine(await runCli(['roles', '--refresh', '--json'], env), 'roles --refresh');
  }, 60_000);
});
