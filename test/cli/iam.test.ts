import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { CLI, deviceLoginCli, runCli } from '../../devkit/cli';
import { hasAwsCli, runAws, skipNote } from '../../devkit/peers';
import { exportProfileName } from '../../src/core/iam/config-export';
import { ALICE, DEPLOY_ROLE, MFA_ROLE, USER_CREDENTIALS, iamOrg } from '../core/iam/helpers';
import { useCliHome } from '../helpers/per-test';

// Config profiles from the command: as ROLE in use / console / credential-process,
// --mfa-code, roles --profiles, export. The built command, spawned against the emulator.

const ctx = useCliHome({
  fake: iamOrg({ deviceInterval: 1 }),
  prepare: async ({ fake, home, env }) => {
    const account = fake.accounts[0]!;
    await fs.mkdir(`${home}/.aws`, { recursive: true });
    await fs.writeFile(
      env.AWS_CONFIG_FILE!,
      `[sso-session corp]\nsso_start_url = ${fake.startUrl}\nsso_region = ${fake.region}\nsso_registration_scopes = sso:account:access\n\n` +
        `[profile sso-admin]\nsso_session = corp\nsso_account_id = ${account.accountId}\nsso_role_name = ${account.roles[0]}\n\n` +
        `[profile deploy]\nrole_arn = ${DEPLOY_ROLE}\nsource_profile = sso-admin\nregion = eu-west-1\n\n` +
        `[profile alice]\nmfa_serial = ${ALICE.mfaSerial}\n\n` +
        `[profile alice-admin]\nrole_arn = ${MFA_ROLE}\nsource_profile = alice\n\n` +
        `[profile loop-a]\nrole_arn = ${DEPLOY_ROLE}\nsource_profile = loop-b\n\n[profile loop-b]\nrole_arn = ${DEPLOY_ROLE}\nsource_profile = loop-a\n`,
    );
    await fs.writeFile(env.AWS_SHARED_CREDENTIALS_FILE!, USER_CREDENTIALS, { mode: 0o600 });
  },
});

async function signIn(): Promise<void> {
  expect((await deviceLoginCli(ctx.fake, ctx.env, ['--session', 'corp'])).code).toBe(0);
}

const oneLine = (stderr: string) => stderr.trim().split('\n');

const hasScript = spawnSync('script', ['--version']).status === 0;
const shellQuote = (arg: string) => `'${arg.replace(/'/g, `'\\''`)}'`;

/** Runs the command on a pseudo-terminal, typing `input`; the terminal's output and the exit code. */
function onTerminal(args: string[], input: string): Promise<{ code: number | null; output: string }> {
  const command = [process.execPath, CLI, ...args].map(shellQuote).join(' ');
  const child = spawn('script', ['-qec', command, '/dev/null'], { env: ctx.env, stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  child.stdin.end(input);
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, output: output.replace(/\r/g, '') })));
}

describe('a role chained from an SSO profile', () => {
  it('use writes it (the AWS CLI reads it), console --print signs in, credential-process prints it', async () => {
    await signIn();
    const use = await runCli(['use', 'deploy', '--profile', 'work'], ctx.env);
    expect(use.stderr).toMatch(/Profile "work" .* now holds profile deploy: role Deploy in 444455556666, chained from profile sso-admin, valid until /);
    expect(use.code).toBe(0);
    const creds = await fs.readFile(ctx.env.AWS_SHARED_CREDENTIALS_FILE!, 'utf8');
    expect(creds.startsWith(USER_CREDENTIALS)).toBe(true);
    expect(creds).toContain('# Managed by Latchkey (profile deploy)');
    if (hasAwsCli) {
      const who = await runAws(['sts', 'get-caller-identity', '--profile', 'work', '--region', 'us-east-1', '--output', 'json'], ctx.env);
      expect(JSON.parse(who.stdout).Arn).toMatch(/^arn:aws:sts::444455556666:assumed-role\/Deploy\/latchkey-\d+$/);
    }

    const consoleRun = await runCli(['console', 'deploy', '--print', '--service', 'ec2'], ctx.env);
    expect(consoleRun.code).toBe(0);
    const url = new URL(consoleRun.stdout.trim());
    expect(url.searchParams.get('Destination')).toBe('https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1');

    const cp = await runCli(['credential-process', 'deploy'], ctx.env);
    expect(cp.code).toBe(0);
    const out = JSON.parse(cp.stdout);
    expect(out).toMatchObject({ Version: 1, AccessKeyId: expect.stringMatching(/^ASIA/) });
    expect(Date.parse(out.Expiration) - Date.now()).toBeLessThanOrEqual(3600_000);
    const again = await runCli(['credential-process', 'deploy'], ctx.env);
    expect(JSON.parse(again.stdout).AccessKeyId).toBe(out.AccessKeyId); // served from the cache
  });
});

describe('IAM users with MFA', () => {
  it('without a terminal or --mfa-code, says to pass --mfa-code (exit 1); with it, use works and credential-process reuses the MFA session', async () => {
    const noCode = await runCli(['use', 'alice-admin', '--profile', 'admin'], ctx.env);
    expect(noCode.code).toBe(1);
    expect(oneLine(noCode.stderr)).toHaveLength(1);
    expect(noCode.stderr).toMatch(/needs a code from the MFA device .*--mfa-code CODE/);

    const use = await runCli(['use', 'alice-admin', '--profile', 'admin', '--mfa-code', ALICE.mfaCode!], ctx.env);
    expect(use.stderr).toContain(
      'now holds profile alice-admin: role NeedsMfa in 111122223333, assumed with the keys of IAM user profile alice and MFA, valid until ',
    );
    expect(use.code).toBe(0);
    const cp = await runCli(['credential-process', 'alice-admin'], ctx.env);
    expect(cp.code).toBe(0);
    const user = await runCli(['credential-process', 'alice'], ctx.env);
    expect(user.code).toBe(0);
    expect(ctx.fake.stats().sts.GetSessionToken).toBe(1); // one code, one MFA session, three uses
    expect(ctx.fake.stats().sts.AssumeRole).toBe(2);
    expect((await fs.readFile(ctx.env.AWS_SHARED_CREDENTIALS_FILE!, 'utf8')).startsWith(USER_CREDENTIALS)).toBe(true);
    // No secret in anything printed to the terminal (credential-process's stdout is meant to hold them).
    const printed = [noCode.stderr, use.stderr, use.stdout, cp.stderr, user.stderr].join('\n');
    for (const secret of ctx.fake.issuedSecrets()) expect(printed).not.toContain(secret);
  });

  it.skipIf(!hasAwsCli)('the AWS CLI runs credential-process for a role that needs MFA, on the MFA session one code made', async () => {
    expect((await runCli(['use', 'alice', '--profile', 'a', '--mfa-code', ALICE.mfaCode!], ctx.env)).code).toBe(0);
    await fs.appendFile(ctx.env.AWS_CONFIG_FILE!, `\n[profile via-cp]\ncredential_process = ${process.execPath} ${CLI} credential-process alice-admin\n`);
    const who = await runAws(['sts', 'get-caller-identity', '--profile', 'via-cp', '--region', 'us-east-1', '--output', 'json'], ctx.env);
    expect(who.stderr).toBe('');
    expect(JSON.parse(who.stdout).Arn).toMatch(/^arn:aws:sts::111122223333:assumed-role\/NeedsMfa\/latchkey-\d+$/);
    expect(ctx.fake.stats().sts.GetSessionToken).toBe(1);
  });

  it('credential-process with no MFA session and no terminal fails in one line saying what to run', async () => {
    const cp = await runCli(['credential-process', 'alice-admin'], ctx.env);
    expect(cp.code).toBe(1);
    expect(cp.stdout).toBe('');
    expect(oneLine(cp.stderr)).toHaveLength(1);
    expect(cp.stderr).toContain('latchkey use alice-admin --mfa-code CODE');
  });

  it('a wrong code and a malformed code get clear messages', async () => {
    const wrong = await runCli(['use', 'alice', '--profile', 'a', '--mfa-code', '000000'], ctx.env);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/The MFA code was not accepted/);
    const bad = await runCli(['use', 'alice', '--profile', 'a', '--mfa-code', '12345'], ctx.env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/6 digits/);
    expect(ctx.fake.stats().sts.GetSessionToken).toBe(1);
  });

  // A real terminal: `script` (util-linux) runs the command on a pseudo-terminal, which
  // node's child_process cannot allocate.
  it.skipIf(!hasScript)('on a terminal, use asks for the code; Ctrl+D at the prompt cancels in one line, nothing written', async () => {
    const cancelled = await onTerminal(['use', 'alice', '--profile', 'a'], '\x04');
    expect(cancelled.output).toContain('MFA code for profile "alice" (arn:aws:iam::111122223333:mfa/alice): ');
    expect(cancelled.output).toContain('latchkey: Cancelled at the prompt (Ctrl+D); nothing was changed.');
    expect(cancelled.output).not.toMatch(/unexpected error|\n\s+at /);
    expect(cancelled.code).toBe(1);
    expect(await fs.readFile(ctx.env.AWS_SHARED_CREDENTIALS_FILE!, 'utf8')).toBe(USER_CREDENTIALS);

    const typed = await onTerminal(['use', 'alice', '--profile', 'a'], `${ALICE.mfaCode}\n`);
    expect(typed.output).toMatch(/Profile "a" .* now holds profile alice/);
    expect(typed.code).toBe(0);
    expect(ctx.fake.stats().sts.GetSessionToken).toBe(1);
  });

  it('console for an IAM user goes through GetFederationToken', async () => {
    const r = await runCli(['console', 'alice', '--print', '--region', 'eu-central-1'], ctx.env);
    expect(r.code).toBe(0);
    expect(new URL(r.stdout.trim()).searchParams.get('Action')).toBe('login');
    expect(ctx.fake.stats().sts.GetFederationToken).toBe(1);
  });

  it('console --duration is refused in one line for an IAM user and a chained role (AWS accepts none there)', async () => {
    const user = await runCli(['console', 'alice', '--print', '--duration', '60'], ctx.env);
    expect(user.code).toBe(2);
    expect(oneLine(user.stderr)).toEqual([expect.stringMatching(/does not accept a console session duration for an IAM user's federation token/)]);
    expect(user.stdout).toBe('');
    await signIn();
    const chained = await runCli(['console', 'deploy', '--print', '--duration', '60'], ctx.env);
    expect(chained.code).toBe(2);
    expect(oneLine(chained.stderr)).toEqual([expect.stringMatching(/does not accept a console session duration for a chained role/)]);
  });
});

describe('what use says it wrote', () => {
  it('names an IAM user session as a user (not a role), and an SSO profile as an Identity Center role', async () => {
    const alice = await runCli(['use', 'alice', '--profile', 'a', '--mfa-code', ALICE.mfaCode!], ctx.env);
    expect(alice.code).toBe(0);
    expect(alice.stderr).toMatch(
      /^Profile "a" in .* now holds profile alice: an MFA session of IAM user alice in 111122223333, valid until \S+Z \(12 h\)\.\n$/,
    );
    const bob = await runCli(['use', 'bob', '--profile', 'b'], ctx.env);
    expect(bob.code).toBe(0);
    expect(bob.stderr).toContain('now holds profile bob: a session of IAM user bob in 111122223333 (no MFA), valid until ');

    await signIn();
    const account = ctx.fake.accounts[0]!;
    const sso = await runCli(['use', 'sso-admin', '--profile', 's'], ctx.env);
    expect(sso.code).toBe(0);
    expect(sso.stderr).toContain(`now holds profile sso-admin: Identity Center role ${account.roles[0]} in ${account.accountId} (session corp), valid until `);
    // The account's name comes from the cached list (a lookup by id alone asks AWS for no list).
    expect((await runCli(['roles'], ctx.env)).code).toBe(0);
    const role = await runCli(['use', `${account.accountId}/${account.roles[1]}`, '--profile', 'r'], ctx.env);
    expect(role.code).toBe(0);
    expect(role.stderr).toMatch(
      new RegExp(`now holds ${account.accountName} \\(${account.accountId}\\)/${account.roles[1]}, valid until \\S+Z \\(1 h\\)\\.\\n$`),
    );
  });
});

describe('options that do not apply to the ROLE given', () => {
  it('--session with a config profile, and --mfa-code with an Identity Center role: exit 2, one line, nothing written', async () => {
    const account = ctx.fake.accounts[0]!;
    const ssoRole = `${account.accountId}/${account.roles[0]}`;
    const runs = [
      [
        ['use', 'deploy', '--session', 'corp', '--profile', 'x'],
        /^latchkey: --session does not apply to profile "deploy" of ~\/\.aws\/config: the profile's own settings say where its credentials come from\./,
      ],
      [['console', 'deploy', '--session', 'corp', '--print'], /--session does not apply to profile "deploy"/],
      [['credential-process', 'deploy', '--session', 'corp'], /--session does not apply to profile "deploy"/],
      [
        ['use', ssoRole, '--mfa-code', '123456', '--profile', 'x'],
        /^latchkey: --mfa-code does not apply to an Identity Center role \(\d{12}\/\w+\): the sign-in to its session is the second factor/,
      ],
      [['console', ssoRole, '--mfa-code', '123456', '--print'], /--mfa-code does not apply to an Identity Center role/],
      [['credential-process', ssoRole, '--mfa-code', '123456'], /--mfa-code does not apply to an Identity Center role/],
      // A profile whose credentials never use a code here.
      [['use', 'bob', '--mfa-code', '123456', '--profile', 'x'], /--mfa-code does not apply to profile "bob": it sets no mfa_serial/],
      [
        ['use', 'deploy', '--mfa-code', '123456', '--profile', 'x'],
        /--mfa-code does not apply to profile "deploy": neither it nor the profiles it builds on \(sso-admin\) set mfa_serial/,
      ],
      [
        ['console', 'alice', '--mfa-code', ALICE.mfaCode!, '--print'],
        /--mfa-code does not apply to the console for IAM user profile "alice": it signs in through GetFederationToken/,
      ],
    ] as const;
    for (const [args, message] of runs) {
      const r = await runCli([...args], ctx.env);
      expect({ args, code: r.code, stdout: r.stdout }).toEqual({ args, code: 2, stdout: '' });
      expect(oneLine(r.stderr)).toHaveLength(1);
      expect(r.stderr).toMatch(message);
    }
    expect(await fs.readFile(ctx.env.AWS_SHARED_CREDENTIALS_FILE!, 'utf8')).toBe(USER_CREDENTIALS);
    expect(ctx.fake.stats().sts).toEqual({});
  });
});

describe('a target profile that ~/.aws/config gives credentials of its own', () => {
  const conflicts: [string, string][] = [
    ['role_arn, source_profile', `role_arn = ${DEPLOY_ROLE}\nsource_profile = alice\n`],
    ['sso_session, sso_account_id, sso_role_name', 'sso_session = corp\nsso_account_id = 111122223333\nsso_role_name = Admin\n'],
    ['credential_process', 'credential_process = /usr/bin/false\n'],
    ['role_arn, credential_source', `role_arn = ${DEPLOY_ROLE}\ncredential_source = Environment\n`],
  ];
  it.each(conflicts)('is refused (%s) with a hint to pick another --profile; nothing written', async (settings, body) => {
    await fs.appendFile(ctx.env.AWS_CONFIG_FILE!, `\n[profile partner]\nregion = eu-west-1\n${body}`);
    const r = await runCli(['use', 'bob', '--profile', 'partner'], ctx.env);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `latchkey: [profile partner] in ~/.aws/config gets its own credentials (${settings}), which would override or be overridden by the keys Latchkey writes to profile "partner". ` +
        'Choose another name with --profile (for example --profile partner-latchkey).\n',
    );
    expect(await fs.readFile(ctx.env.AWS_SHARED_CREDENTIALS_FILE!, 'utf8')).toBe(USER_CREDENTIALS);
    expect(ctx.fake.stats().sts).toEqual({});
  });

  it('an Identity Center role is refused too (here [default] is an SSO profile); a profile with only region and output is written', async () => {
    await signIn();
    const account = ctx.fake.accounts[0]!;
    await fs.appendFile(
      ctx.env.AWS_CONFIG_FILE!,
      `\n[default]\nsso_session = corp\nsso_account_id = ${account.accountId}\nsso_role_name = ${account.roles[0]}\n\n[profile plain]\nregion = eu-west-1\noutput = json\n`,
    );
    const refused = await runCli(['use', `${account.accountId}/${account.roles[0]}`], ctx.env);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(
      /^latchkey: \[default\] in ~\/\.aws\/config gets its own credentials \(sso_session, sso_account_id, sso_role_name\).*--profile default-latchkey/,
    );
    expect(await fs.readFile(ctx.env.AWS_SHARED_CREDENTIALS_FILE!, 'utf8')).toBe(USER_CREDENTIALS);
    const plain = await runCli(['use', `${account.accountId}/${account.roles[0]}`, '--profile', 'plain'], ctx.env);
    expect(plain.code).toBe(0);
    expect(await fs.readFile(ctx.env.AWS_SHARED_CREDENTIALS_FILE!, 'utf8')).toMatch(/\[plain\][\s\S]*aws_session_token/);
  });
});

describe('profiles in the catalog and in errors', () => {
  it('roles --profiles --json lists resolvable profiles and names the broken ones on stderr; roles --json keeps its contract', async () => {
    const r = await runCli(['roles', '--profiles', '--json'], ctx.env);
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as { profile: string; kind: string; mfa: boolean }[];
    expect(rows.map((p) => [p.profile, p.kind, p.mfa])).toEqual([
      ['alice', 'iam-user', true],
      ['alice-admin', 'assumed-role', true],
      ['bob', 'iam-user', false],
      ['deploy', 'chained-role', false],
      ['sso-admin', 'sso-profile', false],
    ]);
    expect(r.stderr).toContain('loop-a → loop-b → loop-a');
    await signIn();
    const roles = JSON.parse((await runCli(['roles', '--json'], ctx.env)).stdout) as Record<string, unknown>[];
    expect(Object.keys(roles[0]!).sort()).toEqual(['accountId', 'accountName', 'roleName', 'session']);
  });

  it('with no SSO session, roles lists the profiles as a table', async () => {
    const config = (await fs.readFile(ctx.env.AWS_CONFIG_FILE!, 'utf8')).replace(/\[sso-session corp\][^[]*/, '');
    await fs.writeFile(ctx.env.AWS_CONFIG_FILE!, config);
    const r = await runCli(['roles'], ctx.env);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^alice-admin\s+role from IAM user \(MFA\)\s+111122223333\/NeedsMfa via alice$/m);
    expect(r.stdout).toMatch(/^bob\s+IAM user\s*$/m);
    // A table: the accounts line up whatever the kind's label.
    const withAccount = r.stdout.split('\n').filter((l) => /\d{12}/.test(l));
    expect(withAccount.length).toBeGreaterThan(1);
    expect(new Set(withAccount.map((l) => l.search(/\d{12}/))).size).toBe(1);
    expect(r.stderr).toMatch(/skipped profile "sso-admin": .*no complete \[sso-session corp\]/);
  });

  it('a source_profile loop is a one-line error, exit 2', async () => {
    const r = await runCli(['use', 'loop-a'], ctx.env);
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toHaveLength(1);
    expect(r.stderr).toContain('loop-a → loop-b → loop-a');
  });
});

describe('latchkey export', () => {
  it('prints the diff and writes only with --yes; a hand-written name is refused', async () => {
    await signIn();
    const account = ctx.fake.accounts[1]!;
    const role = `${account.accountId}/${account.roles[0]}`;
    const before = await fs.readFile(ctx.env.AWS_CONFIG_FILE!, 'utf8');
    const preview = await runCli(['export', role, '--profile-prefix', 'lk-'], ctx.env);
    expect(preview.code).toBe(0);
    const name = exportProfileName('lk-', account.accountName, account.roles[0]!);
    expect(preview.stdout).toContain(`+[profile ${name}]`);
    expect(preview.stderr).toMatch(/Nothing was written.*--yes/);
    expect(await fs.readFile(ctx.env.AWS_CONFIG_FILE!, 'utf8')).toBe(before);

    const write = await runCli(['export', role, '--profile-prefix', 'lk-', '--yes'], ctx.env);
    expect(write.code).toBe(0);
    const after = await fs.readFile(ctx.env.AWS_CONFIG_FILE!, 'utf8');
    expect(after.startsWith(before)).toBe(true);
    expect(after).toContain(`[profile ${name}]\nsso_session = corp\nsso_account_id = ${account.accountId}`);
    // The exported profile is itself a ROLE Latchkey resolves.
    const cp = await runCli(['credential-process', name], ctx.env);
    expect(cp.code).toBe(0);

    const clash = exportProfileName('x-', account.accountName, account.roles[0]!);
    await fs.appendFile(ctx.env.AWS_CONFIG_FILE!, `\n[profile ${clash}]\nregion = us-east-1\n`);
    const mine = await fs.readFile(ctx.env.AWS_CONFIG_FILE!, 'utf8');
    const refused = await runCli(['export', role, '--profile-prefix', 'x-', '--yes'], ctx.env);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/already has a profile ".*" that Latchkey did not write/);
    expect(await fs.readFile(ctx.env.AWS_CONFIG_FILE!, 'utf8')).toBe(mine);
  });

  it('re-exporting changes nothing; --remove says what it removed and leaves the file as it was', async () => {
    await signIn();
    const account = ctx.fake.accounts[0]!;
    const role = `${account.accountId}/${account.roles[1]}`;
    const name = exportProfileName('', account.accountName, account.roles[1]!);
    const before = await fs.readFile(ctx.env.AWS_CONFIG_FILE!, 'utf8');
    expect((await runCli(['export', role, '--yes'], ctx.env)).code).toBe(0);
    const again = await runCli(['export', role, '--yes'], ctx.env);
    expect(again.stdout).toBe('');
    expect(again.stderr).toMatch(/already has these profiles; nothing to change/);

    const removed = await runCli(['export', '--remove', name, 'not-exported', '--yes'], ctx.env);
    expect(removed.code).toBe(0);
    expect(removed.stdout).toContain(`-[profile ${name}]`);
    expect(removed.stderr).toBe('Removed 1 Latchkey profile(s) from ~/.aws/config; 0 remain.\n');
    expect(await fs.readFile(ctx.env.AWS_CONFIG_FILE!, 'utf8')).toBe(before);
    const gone = await runCli(['export', '--remove', name, '--yes'], ctx.env);
    expect(gone.stderr).toBe(`Latchkey's export block in ~/.aws/config has no profile "${name}"; nothing to change.\n`);
  });

  it('has help', async () => {
    const r = await runCli(['export', '--help'], ctx.env);
    expect(r.stdout).toMatch(/^Usage: latchkey export/);
  });
});

skipNote('the AWS CLI (reading a chained-role profile Latchkey wrote)', hasAwsCli);
