import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { deviceLoginCli, runCli, type CliResult } from '../../devkit/cli';
import type { FakeAws } from '../../devkit/fake-aws';
import { tempHome } from '../../devkit/home';
import { whoAmI } from '../../devkit/who-am-i';
import { startFakeForTest } from '../helpers/per-test';

// The first credentials in a fresh HOME (signed in, no catalog cached) against a portal that
// throttles, in an organisation of three account pages: by account id no list call at all, by
// name only the account pages up to the name and one role page. What a lookup learns makes
// the next one free, and never passes for the full list `latchkey roles` shows.

const ACCOUNTS = 250; // three pages of 100
const ROLE = 'ReadOnlyAccess';
const ON_PAGE_2 = 150;

async function signedInFreshHome(): Promise<{ fake: FakeAws; env: Record<string, string> }> {
  const fake = await startFakeForTest({ accounts: ACCOUNTS, rolesPerAccount: 2, deviceInterval: 0.2, seed: 17 });
  const home = await tempHome('role-lookup');
  onTestFinished(() => home.cleanup());
  const env = { ...home.env, ...fake.env };
  expect((await deviceLoginCli(fake, env)).code).toBe(0);
  await expect(fs.readdir(path.join(env.LATCHKEY_HOME!, 'catalog'))).rejects.toThrow(); // nothing cached
  fake.configure({ portalRateLimit: 20, latencyMs: 20 });
  fake.resetStats();
  return { fake, env };
}

/** Portal calls since the last reset, by operation (0 when none). */
function calls(fake: FakeAws): { ListAccounts: number; ListAccountRoles: number; GetRoleCredentials: number } {
  const by = fake.stats().portal.byOperation;
  return { ListAccounts: by.ListAccounts ?? 0, ListAccountRoles: by.ListAccountRoles ?? 0, GetRoleCredentials: by.GetRoleCredentials ?? 0 };
}

async function expectCredentialsOf(fake: FakeAws, r: CliResult, accountId: string): Promise<void> {
  expect(r.code, r.stderr).toBe(0);
  expect(r.stderr).toBe('');
  const out = JSON.parse(r.stdout) as { AccessKeyId: string; SecretAccessKey: string; SessionToken: string };
  const who = await whoAmI(fake, { accessKeyId: out.AccessKeyId, secretAccessKey: out.SecretAccessKey, sessionToken: out.SessionToken });
  expect(who.account).toBe(accountId);
}

/** Exit `code` with one line on stderr matching `line`, nothing on stdout. */
function expectOneLine(r: CliResult, code: number, line: RegExp): void {
  expect(r.stdout).toBe('');
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(line);
  expect(r.code, r.stderr).toBe(code);
}

describe('resolving one role in a fresh HOME, throttled portal', () => {
  it('by account id: credentials with no list call', async () => {
    const { fake, env } = await signedInFreshHome();
    const target = fake.accounts[ACCOUNTS - 1]!;
    await expectCredentialsOf(fake, await runCli(['credential-process', `${target.accountId}/${ROLE}`], env), target.accountId);
    expect(calls(fake)).toEqual({ ListAccounts: 0, ListAccountRoles: 0, GetRoleCredentials: 1 });
    // `use` too; with no name known it says the id alone.
    const use = await runCli(['use', `${target.accountId}/AdministratorAccess`, '--profile', 'p'], env);
    expect(use.code, use.stderr).toBe(0);
    expect(use.stderr).toMatch(new RegExp(`now holds ${target.accountId}/AdministratorAccess, valid until `));
    expect(calls(fake)).toEqual({ ListAccounts: 0, ListAccountRoles: 0, GetRoleCredentials: 2 });
  });

  it('by account name: the account pages up to the name and one role page; the next lookup makes none; roles still lists everything', async () => {
    const { fake, env } = await signedInFreshHome();
    const target = fake.accounts[ON_PAGE_2]!;
    await expectCredentialsOf(fake, await runCli(['credential-process', `${target.accountName}/${ROLE}`], env), target.accountId);
    expect(calls(fake)).toEqual({ ListAccounts: 2, ListAccountRoles: 1, GetRoleCredentials: 1 });

    // Learned: the same account by name (another role, so no cached credentials answer) needs no list call.
    fake.resetStats();
    await expectCredentialsOf(fake, await runCli(['credential-process', `${target.accountName}/AdministratorAccess`], env), target.accountId);
    expect(calls(fake)).toEqual({ ListAccounts: 0, ListAccountRoles: 0, GetRoleCredentials: 1 });
    // An account from a page already read: its name is known, only its roles are listed.
    fake.resetStats();
    const seen = fake.accounts[10]!;
    await expectCredentialsOf(fake, await runCli(['credential-process', `${seen.accountName}/${ROLE}`], env), seen.accountId);
    expect(calls(fake)).toEqual({ ListAccounts: 0, ListAccountRoles: 1, GetRoleCredentials: 1 });

    // What lookups learned is not the full list: `roles` syncs every account.
    fake.resetStats();
    const roles = await runCli(['roles', '--json'], env);
    expect(roles.code, roles.stderr).toBe(0);
    const rows = JSON.parse(roles.stdout) as { accountId: string; roleName: string }[];
    expect(new Set(rows.map((r) => r.accountId)).size).toBe(ACCOUNTS);
    expect(rows).toHaveLength(ACCOUNTS * 2);
    const answered = (op: 'ListAccounts' | 'ListAccountRoles') => calls(fake)[op] - (fake.stats().portal.throttledByOperation[op] ?? 0);
    expect([answered('ListAccounts'), answered('ListAccountRoles')]).toEqual([3, ACCOUNTS]);
  }, 60_000);

  it('lookups learning while a full sync runs never cost the full catalog', async () => {
    const { fake, env } = await signedInFreshHome();
    const sync = runCli(['roles', '--refresh', '--json'], env);
    const lookups = await Promise.all(
      [50, 120, 180, 240].map((i) => runCli(['credential-process', `${fake.accounts[i]!.accountName}/${ROLE}`], env).then((r) => ({ r, i }))),
    );
    for (const { r, i } of lookups) await expectCredentialsOf(fake, r, fake.accounts[i]!.accountId);
    expect((await sync).code).toBe(0);
    // And later lookups, learning more, leave it too.
    await expectCredentialsOf(
      fake,
      await runCli(['credential-process', `${fake.accounts[7]!.accountName}/AdministratorAccess`], env),
      fake.accounts[7]!.accountId,
    );
    fake.resetStats();
    const cached = await runCli(['roles', '--json'], env);
    expect(cached.code, cached.stderr).toBe(0);
    expect(JSON.parse(cached.stdout)).toHaveLength(ACCOUNTS * 2);
    expect(fake.stats().portal.total).toBe(0);
  }, 60_000);

  it('a role or account id this identity lacks: exit 1, one line naming both, no list call', async () => {
    const { fake, env } = await signedInFreshHome();
    const [wrongRole, wrongAccount] = await Promise.all([
      runCli(['credential-process', `${fake.accounts[3]!.accountId}/NoSuchRole`], env),
      runCli(['credential-process', `999999999999/${ROLE}`], env),
    ]);
    expectOneLine(
      wrongRole,
      1,
      new RegExp(`^latchkey: You have no access to role "NoSuchRole" in account ${fake.accounts[3]!.accountId}\\. Run "latchkey roles"`),
    );
    expectOneLine(wrongAccount, 1, /^latchkey: You have no access to role "ReadOnlyAccess" in account 999999999999\. Run "latchkey roles"/);
    expect(calls(fake)).toEqual({ ListAccounts: 0, ListAccountRoles: 0, GetRoleCredentials: 2 });
  });

  it('an account name nobody has, or a role the named account lacks: exit 1, one line saying what exists, nothing on stdout', async () => {
    const { fake, env } = await signedInFreshHome();
    const noAccount = await runCli(['credential-process', `no-such-account/${ROLE}`], env);
    expectOneLine(noAccount, 1, /^latchkey: No account "no-such-account" is assigned to you in this session\. Run "latchkey roles --refresh"/);
    expect(calls(fake)).toEqual({ ListAccounts: 3, ListAccountRoles: 0, GetRoleCredentials: 0 });

    fake.resetStats();
    const target = fake.accounts[ON_PAGE_2]!;
    const noRole = await runCli(['use', `${target.accountName}/NoSuchRole`, '--profile', 'x'], env);
    expectOneLine(
      noRole,
      1,
      new RegExp(
        `^latchkey: You have no role "NoSuchRole" in account ${target.accountName} \\(${target.accountId}\\)\\. Roles there: AdministratorAccess, ReadOnlyAccess\\.$`,
      ),
    );
    // Every account page was read a moment ago: the name is known, one role page checks the role.
    expect(calls(fake)).toEqual({ ListAccounts: 0, ListAccountRoles: 1, GetRoleCredentials: 0 });
    await expect(fs.stat(env.AWS_SHARED_CREDENTIALS_FILE!)).rejects.toThrow();
  });
});
