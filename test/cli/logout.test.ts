import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEPLOY_ROLE } from '../core/iam/helpers';
import { FAKE_BROWSER, REPO, runCli } from '../../devkit/cli';
import { useCliHome } from '../helpers/per-test';

// `latchkey logout` ends what the sign-in handed out: the token (told to the portal), the
// credentials credential-process cached from it, the renewal of its profiles. And
// credential-process never serves cached credentials once the sign-in's token file is gone.
// The built command, spawned against the emulator, with real files in a temporary HOME.

const UNLINK_REFUSED = path.join(REPO, 'test/cli/fixtures/unlink-refused.cjs');
const HAND_WRITTEN = '# my keys\r\n[personal]\r\naws_access_key_id = AKIAEXAMPLE\r\naws_secret_access_key = x\r\n\r\n';

const ctx = useCliHome({
  fake: { accounts: 3, rolesPerAccount: 2, deviceInterval: 1 },
  configure: { autoApprove: false },
  prepare: async ({ fake, home, env }) => {
    const account = fake.accounts[0]!;
    await fs.mkdir(path.join(home, '.aws'), { recursive: true });
    // A chained role that starts at one of the session's roles: its credentials come from the sign-in too.
    await fs.writeFile(
      env.AWS_CONFIG_FILE!,
      `[sso-session corp]\nsso_start_url = ${fake.startUrl}\nsso_region = ${fake.region}\nsso_registration_scopes = sso:account:access\n\n` +
        `[profile sso-admin]\nsso_session = corp\nsso_account_id = ${account.accountId}\nsso_role_name = ${account.roles[0]}\n\n` +
        `[profile deploy]\nrole_arn = ${DEPLOY_ROLE}\nsource_profile = sso-admin\n`,
    );
    await fs.writeFile(env.AWS_SHARED_CREDENTIALS_FILE!, HAND_WRITTEN, { mode: 0o600 });
  },
  signedIn: ['--session', 'corp'],
});

const sha1 = (text: string) => createHash('sha1').update(text).digest('hex');
const tokenFile = () => path.join(ctx.home, '.aws', 'sso', 'cache', `${sha1('corp')}.json`);
const cliCache = () => path.join(ctx.home, '.aws', 'cli', 'cache');
const role = (i: number, r = 0) => `${ctx.fake.accounts[i]!.accountName}/${ctx.fake.accounts[i]!.roles[r]}`;
const exists = (file: string) =>
  fs.stat(file).then(
    () => true,
    () => false,
  );
const latchkeyCaches = async () => (await fs.readdir(cliCache()).catch(() => [] as string[])).filter((f) => /^latchkey-[0-9a-f]{40}\.json$/.test(f)).sort();
/** BROWSER for a sign-in that must not happen: the person denies it at the portal. */
const denyingBrowser = () => ({ ...ctx.env, BROWSER: FAKE_BROWSER, FAKE_BROWSER_DECISION: 'deny' });

async function credentialProcess(target: string, extraEnv: Record<string, string> = ctx.env) {
  const r = await runCli(['credential-process', target], extraEnv);
  return { ...r, json: r.code === 0 ? (JSON.parse(r.stdout) as { AccessKeyId: string }) : undefined };
}

async function writeFiles(files: Record<string, string>): Promise<void> {
  await fs.mkdir(cliCache(), { recursive: true });
  for (const [name, body] of Object.entries(files)) await fs.writeFile(path.join(cliCache(), name), body, { mode: 0o600 });
}

describe('latchkey logout', () => {
  it("ends the sign-in at the portal and removes the token and only the session's cached credentials", async () => {
    const first = await credentialProcess(role(0));
    expect(first.code).toBe(0);
    expect((await credentialProcess(role(1))).code).toBe(0);
    expect((await credentialProcess('deploy')).code).toBe(0);
    const ours = await latchkeyCaches();
    expect(ours).toHaveLength(3);
    // Beside them: an MFA session (an IAM user's keys, not this sign-in), the AWS CLI's own
    // cache, and credentials from another sign-in. None of them is this session's.
    const far = new Date(Date.now() + 3_600_000).toISOString();
    const others = {
      [`latchkey-mfa-${'a'.repeat(40)}.json`]: JSON.stringify({
        version: 1,
        sourceAccessKeyId: 'AKIAEXAMPLE',
        serial: 'arn:aws:iam::111122223333:mfa/x',
        accessKeyId: 'ASIAMFA',
        secretAccessKey: 's',
        sessionToken: 't',
        expiration: Date.now() + 3_600_000,
      }),
      [`${sha1('aws-cli-own')}.json`]: JSON.stringify({
        ProviderType: 'sso',
        Credentials: { AccessKeyId: 'ASIACLI', SecretAccessKey: 's', SessionToken: 't', Expiration: far },
      }),
      [`latchkey-${sha1('other')}.json`]: JSON.stringify({
        Version: 1,
        AccessKeyId: 'ASIAOTHER',
        SecretAccessKey: 's',
        SessionToken: 't',
        Expiration: far,
        ProviderType: 'sso',
        SsoSession: 'other',
      }),
    };
    await writeFiles(others);

    const result = await runCli(['logout', '--session', 'corp'], ctx.env);
    expect(result.stderr).toMatch(/^Signed out of "corp": the sign-in ended at AWS; removed its token and 3 cached credentials\.\n/);
    expect(result.code).toBe(0);
    expect(ctx.fake.stats().portal.byOperation.Logout).toBe(1);
    expect(await exists(tokenFile())).toBe(false);
    expect(await latchkeyCaches()).toEqual([`latchkey-${sha1('other')}.json`]);
    for (const [name, body] of Object.entries(others)) expect(await fs.readFile(path.join(cliCache(), name), 'utf8')).toBe(body);

    // Nothing of the sign-in is handed out again: credential-process would need a new sign-in,
    // which the person denies here, so it ends with exit 1 and prints no credentials.
    for (const target of [role(0), 'deploy']) {
      const after = await credentialProcess(target, denyingBrowser());
      expect(after.stdout).toBe('');
      expect(after.code).toBe(1);
    }
  });

  it('stops renewing the profiles and lists each with the time it stays valid, leaving the credentials file as it was', async () => {
    expect((await runCli(['use', role(0), '--profile', 'work'], ctx.env)).code).toBe(0);
    expect((await runCli(['use', 'deploy', '--profile', 'deploy-session'], ctx.env)).code).toBe(0);
    expect((await runCli(['use', role(1), '--profile', 'ops'], ctx.env)).code).toBe(0);
    const credentials = await fs.readFile(ctx.env.AWS_SHARED_CREDENTIALS_FILE!, 'utf8');
    const expiryOf = (profile: string) => new RegExp(`\\[${profile}\\][^[]*x_security_token_expires = (\\S+)`).exec(credentials)![1]!;

    const result = await runCli(['logout'], ctx.env);
    expect(result.code).toBe(0);
    const lines = result.stderr.trim().split('\n');
    expect(lines[1]).toBe('These profiles keep their credentials until they expire; Latchkey no longer renews them:');
    const listed = lines.slice(2, -1);
    expect(listed).toHaveLength(3);
    for (const [profile, what] of [
      ['work', `${ctx.fake.accounts[0]!.accountId}/${ctx.fake.accounts[0]!.roles[0]}`],
      ['deploy-session', 'profile deploy'],
      ['ops', `${ctx.fake.accounts[1]!.accountId}/${ctx.fake.accounts[1]!.roles[0]}`],
    ] as const) {
      const line = listed.find((l) => l.trimStart().startsWith(`${profile} `));
      expect(line).toContain(what);
      expect(line).toMatch(new RegExp(`valid until ${expiryOf(profile).replace(/\.\d{3}Z$/, 'Z')} \\((\\d+ min|1 h)\\)$`));
    }
    expect(lines.at(-1)).toBe('Remove them now with "latchkey logout --session corp --unuse", or one with "latchkey unuse PROFILE".');
    expect(await fs.readFile(ctx.env.AWS_SHARED_CREDENTIALS_FILE!, 'utf8')).toBe(credentials);
    // The app's refresh loop reads this: each profile is marked as signed out, so it is not renewed.
    const state = JSON.parse(await fs.readFile(path.join(ctx.env.LATCHKEY_HOME!, 'state.json'), 'utf8')) as {
      activeProfiles: { profile: string; signedOutAt?: number }[];
    };
    expect(state.activeProfiles.map((p) => [p.profile, typeof p.signedOutAt]).sort()).toEqual([
      ['deploy-session', 'number'],
      ['ops', 'number'],
      ['work', 'number'],
    ]);
  });

  it('--unuse also removes those profiles, and only the sections Latchkey wrote: every other byte stays', async () => {
    expect((await runCli(['use', role(0), '--profile', 'work'], ctx.env)).code).toBe(0);
    expect((await runCli(['use', 'deploy', '--profile', 'deploy-session'], ctx.env)).code).toBe(0);
    await fs.appendFile(ctx.env.AWS_SHARED_CREDENTIALS_FILE!, '; after ours\r\n[later]\r\nregion = eu-west-1\r\n');
    // What the person wrote, around Latchkey's two sections (and the blank line it put before them).
    const expected = `${HAND_WRITTEN}; after ours\r\n[later]\r\nregion = eu-west-1\r\n`;

    const result = await runCli(['logout', '--unuse'], ctx.env);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`Removed "work", "deploy-session" from ${ctx.env.AWS_SHARED_CREDENTIALS_FILE}.`);
    expect(result.stderr).not.toContain('keep their credentials');
    expect(await fs.readFile(ctx.env.AWS_SHARED_CREDENTIALS_FILE!, 'utf8')).toBe(expected);
    expect((await runCli(['sessions', '--json'], ctx.env)).stdout).toContain('"activeProfiles": []');
  });

  it('exits 1 naming the file when a cached credential cannot be removed, and 0 once it is', async () => {
    expect((await credentialProcess(role(0))).code).toBe(0);
    const refused = await runCli(['logout'], { ...ctx.env, NODE_OPTIONS: `--require ${UNLINK_REFUSED}`, LATCHKEY_TEST_UNLINK_REFUSED_DIR: cliCache() });
    expect(refused.stderr).toMatch(
      /^latchkey: Could not remove .*latchkey-[0-9a-f]{40}\.json: permission was denied\. Check the file and folder permissions, then try again\.\n$/,
    );
    expect(refused.code).toBe(1);
    expect(await latchkeyCaches()).toHaveLength(1);
    // Run again: nothing is signed in any more, and the leftover goes.
    const again = await runCli(['logout'], ctx.env);
    expect(again.stderr).toMatch(/^Signed out of "corp": you were not signed in; removed 1 cached credential\.\n$/);
    expect(again.code).toBe(0);
    expect(await latchkeyCaches()).toEqual([]);
  });

  it('exits 1 when the token cannot be removed', async () => {
    const refused = await runCli(['logout'], {
      ...ctx.env,
      NODE_OPTIONS: `--require ${UNLINK_REFUSED}`,
      LATCHKEY_TEST_UNLINK_REFUSED_DIR: path.dirname(tokenFile()),
    });
    expect(refused.stderr).toMatch(/^latchkey: Could not remove .*\.json: permission was denied\./);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(refused.code).toBe(1);
    expect(await exists(tokenFile())).toBe(true);
  });

  it('says when the portal could not be told, and still removes the token here', async () => {
    expect((await credentialProcess(role(0))).code).toBe(0);
    const result = await runCli(['logout'], { ...ctx.env, AWS_ENDPOINT_URL_SSO: 'http://127.0.0.1:9' });
    expect(result.stderr).toMatch(
      /^Signed out of "corp": AWS could not be reached, so the sign-in stays valid there until it expires \(nothing on this computer can use it any more\); removed its token and 1 cached credential\.\n$/,
    );
    expect(result.code).toBe(0);
    expect(await exists(tokenFile())).toBe(false);
  });
});

describe('latchkey credential-process once the token file is gone', () => {
  it('does not serve its cached credentials; a new sign-in brings new ones', async () => {
    const cached = await credentialProcess(role(2));
    expect((await credentialProcess('deploy')).code).toBe(0);
    expect((await credentialProcess(role(2))).json).toEqual(cached.json);
    await fs.rm(tokenFile()); // as a person, or a tool other than Latchkey, would

    // Both the role's and the chained role's (whose chain starts at the session) need a sign-in.
    for (const target of [role(2), 'deploy']) {
      const denied = await credentialProcess(target, denyingBrowser());
      expect(denied.stdout).toBe('');
      expect(denied.code).toBe(1);
    }

    const signIns = ctx.fake.stats().signIns;
    const renewed = await credentialProcess(role(2), { ...ctx.env, BROWSER: FAKE_BROWSER });
    expect(renewed.code).toBe(0);
    expect(renewed.json!.AccessKeyId).not.toBe(cached.json!.AccessKeyId);
    expect(ctx.fake.stats().signIns).toBe(signIns + 1);
  });
});
