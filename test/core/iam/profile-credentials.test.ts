import fs from 'node:fs/promises';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { buildConsoleSigninUrl } from '../../../src/core/console/federation';
import { MfaCodeNeeded } from '../../../src/core/iam/mfa-code';
import { MemorySecretStore, safeStorageAvailability, storeIamUser } from '../../../src/core/iam/secret-store';
import { createLatchkey, type Latchkey } from '../../../src/core/sessions/latchkey';
import type { LatchkeyEvents } from '../../../src/core/sessions/latchkey-events';
import { latchkeyErrorOf } from '../../helpers/errors';
import { ALICE, BOB, DEPLOY_ROLE, EXT_ROLE, MFA_ROLE, USER_CREDENTIALS, iamOrg, useIamEnv } from './helpers';
import { whoAmI } from '../../../devkit/who-am-i';

// Config profiles end to end in the core: the real STS and SSO SDK clients against the
// emulator over HTTP, real AWS files in a temporary HOME, a manual clock shared with the fake.

const t = useIamEnv(iamOrg({ roleExternalIds: { [EXT_ROLE]: 'partner-42' }, autoApprove: true }));
let prompts: { profile: string; serial: string }[];
const prompt = (code: string) => async (request: { profile: string; serial: string }) => {
  prompts.push(request);
  return code;
};

beforeEach(async () => {
  prompts = [];
});

const cliCacheDir = () => path.join(t.home, '.aws', 'cli', 'cache');
const mfaSessionFiles = async () => (await fs.readdir(cliCacheDir())).filter((f) => /^latchkey-mfa-[0-9a-f]{40}\.json$/.test(f));

async function writeFiles(config: string, credentials = USER_CREDENTIALS): Promise<void> {
  await fs.writeFile(t.configFile, config);
  await fs.writeFile(t.credentialsFile, credentials, { mode: 0o600 });
}

async function signedIn(manager: Latchkey) {
  const session = await manager.sessions.add({ startUrl: t.fake.startUrl, region: t.fake.region, name: 'corp' });
  await manager.sessions.login(session, { flow: 'pkce' });
  return session;
}

function collect<K extends keyof LatchkeyEvents>(manager: Latchkey, event: K): LatchkeyEvents[K][] {
  const seen: LatchkeyEvents[K][] = [];
  manager.events.on(event, ((...args: LatchkeyEvents[K]) => seen.push(args)) as never);
  return seen;
}

const account = () => t.fake.accounts[0]!;

/** Lets 55 minutes of a one-hour profile pass and runs the refresh loop once: the one profile it refreshed. */
async function refreshedAfter55Minutes(manager: Latchkey) {
  const refreshed = collect(manager, 'profile-refreshed');
  t.clock.advance(55 * 60_000);
  await manager.refresh.refreshDue();
  expect(refreshed).toHaveLength(1);
  return refreshed[0]![0];
}

describe('a role chained from an SSO profile', () => {
  it('is assumed with the SSO role credentials, capped at one hour, written and listed as active', async () => {
    await writeFiles(
      `[profile sso-admin]\nsso_session = corp\nsso_account_id = ${account().accountId}\nsso_role_name = ${account().roles[0]}\nregion = eu-west-1\n\n` +
        `[profile deploy]\nrole_arn = ${DEPLOY_ROLE}\nsource_profile = sso-admin\nduration_seconds = 7200\nrole_session_name = ana\n`,
    );
    const manager = createLatchkey(t.ctx);
    await signedIn(manager);
    const got = await manager.configProfiles.credentials('deploy');
    expect(got.kind).toBe('chained-role');
    expect((await whoAmI(t.fake, got.credentials)).arn).toBe('arn:aws:sts::444455556666:assumed-role/Deploy/ana');
    // duration_seconds = 7200 was lowered to the one-hour limit of role chaining (the
    // emulator refuses more, as AWS does).
    expect(got.credentials.expiration - t.clock.now()).toBeLessThanOrEqual(3600_000);
    expect(t.fake.stats().portal.byOperation.GetRoleCredentials).toBe(1);

    const active = await manager.profiles.activateConfigProfile('deploy', 'work');
    expect(active).toMatchObject({ profile: 'work', source: 'config-profile', profileName: 'deploy', accountId: '444455556666', roleName: 'Deploy' });
    expect(await fs.readFile(t.credentialsFile, 'utf8')).toMatch(/\[work\]\r\n# Managed by Latchkey \(profile deploy\)/);
    expect((await fs.readFile(t.credentialsFile, 'utf8')).startsWith(USER_CREDENTIALS)).toBe(true); // the keys and comments stay as written
    expect((await manager.profiles.list()).map((p) => p.profile)).toEqual(['work']);
    const state = JSON.parse(await fs.readFile(path.join(t.stateDir, 'state.json'), 'utf8'));
    expect(state.activeProfiles[0]).toMatchObject({ source: 'config-profile', profileName: 'deploy' });
  });

  it('opens the console as a chained role (no SessionDuration) in the profile region', async () => {
    await writeFiles(
      `[profile sso-admin]\nsso_session = corp\nsso_account_id = ${account().accountId}\nsso_role_name = ${account().roles[0]}\n\n` +
        `[profile deploy]\nrole_arn = ${DEPLOY_ROLE}\nsource_profile = sso-admin\nregion = eu-west-1\n`,
    );
    const manager = createLatchkey(t.ctx);
    await signedIn(manager);
    const url = new URL(await manager.configProfiles.consoleUrl('deploy', { service: 'ec2' }));
    expect(url.searchParams.get('Destination')).toBe('https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1');
    expect(t.fake.stats().federation.signinTokens).toBe(1);
    await fetch(url, { redirect: 'manual' });
    expect(t.fake.stats().federation.logins).toHaveLength(1);
  });

  it('is never written over a profile of its own chain (it would become its own source)', async () => {
    const config =
      `[profile sso-admin]\nsso_session = corp\nsso_account_id = ${account().accountId}\nsso_role_name = ${account().roles[0]}\n\n` +
      `[profile deploy]\nrole_arn = ${DEPLOY_ROLE}\nsource_profile = sso-admin\n\n[profile ops]\nrole_arn = arn:aws:iam::777788889999:role/Ops\nsource_profile = deploy\n`;
    await writeFiles(config);
    const manager = createLatchkey(t.ctx);
    await signedIn(manager);
    const credentialsBefore = await fs.readFile(t.credentialsFile, 'utf8');
    for (const target of ['deploy', 'sso-admin']) {
      const err = await latchkeyErrorOf(manager.profiles.activateConfigProfile('ops', target));
      expect(err.code).toBe('BAD_INPUT');
      expect(err.message).toContain(`through profile "${target}" (ops → deploy → sso-admin)`);
    }
    expect(await fs.readFile(t.credentialsFile, 'utf8')).toBe(credentialsBefore);
    expect(t.fake.stats().sts.AssumeRole ?? 0).toBe(0);
  });

  it('is refreshed by the refresh loop like any active profile', async () => {
    await writeFiles(
      `[profile sso-admin]\nsso_session = corp\nsso_account_id = ${account().accountId}\nsso_role_name = ${account().roles[0]}\n\n` +
        `[profile deploy]\nrole_arn = ${DEPLOY_ROLE}\nsource_profile = sso-admin\n`,
    );
    const manager = createLatchkey(t.ctx);
    await signedIn(manager);
    const first = await manager.profiles.activateConfigProfile('deploy', 'work');
    const refreshed = await refreshedAfter55Minutes(manager);
    expect(refreshed.expiration).toBeGreaterThan(first.expiration);
    expect(refreshed).toMatchObject({ source: 'config-profile', profileName: 'deploy' });
  });
});

describe('IAM users with MFA', () => {
  const config = `[profile alice]\nmfa_serial = ${ALICE.mfaSerial}\nregion = us-east-1\n\n[profile alice-deploy]\nrole_arn = ${DEPLOY_ROLE}\nsource_profile = alice\n\n[profile alice-admin]\nrole_arn = ${MFA_ROLE}\nsource_profile = alice\n`;

  it('gets an MFA session with one code, reuses it for every role built on it, and leaves the keys untouched', async () => {
    await writeFiles(config);
    const manager = createLatchkey(t.ctx, { promptMfaCode: prompt(ALICE.mfaCode!) });
    const session = await manager.configProfiles.credentials('alice');
    expect(session.kind).toBe('session-token');
    expect(session.mfaSessionReused).toBe(false);
    expect(session.credentials.expiration - t.clock.now()).toBeGreaterThan(12 * 3600_000 - 2000); // 12 h: a working day
    expect(prompts).toEqual([{ profile: 'alice', serial: ALICE.mfaSerial }]);

    const deploy = await manager.configProfiles.credentials('alice-deploy');
    const admin = await manager.configProfiles.credentials('alice-admin'); // needs MFA: the session carries it
    expect(deploy).toMatchObject({ kind: 'assumed-role', mfaSessionReused: true });
    expect((await whoAmI(t.fake, admin.credentials)).arn).toMatch(/assumed-role\/NeedsMfa\/latchkey-\d+$/);
    expect(prompts).toHaveLength(1);
    expect(t.fake.stats().sts.GetSessionToken).toBe(1);

    // A new process (a new manager) reuses it from the AWS CLI's cache folder too.
    const again = await createLatchkey(t.ctx).configProfiles.credentials('alice-deploy');
    expect(again.mfaSessionReused).toBe(true);
    expect(t.fake.stats().sts.GetSessionToken).toBe(1);

    expect(await fs.readFile(t.credentialsFile, 'utf8')).toBe(USER_CREDENTIALS);
    // Credentials live only in the AWS files: the MFA session sits in ~/.aws/cli/cache, private.
    const [file, ...others] = await mfaSessionFiles();
    expect(others).toEqual([]);
    expect((await fs.stat(path.join(cliCacheDir(), file!))).mode & 0o777).toBe(0o600);
    expect((await fs.stat(cliCacheDir())).mode & 0o777).toBe(0o700);
    expect(await fs.readdir(t.stateDir).catch(() => [])).not.toContain('mfa-sessions');
    const state = await fs.readFile(path.join(t.stateDir, 'state.json'), 'utf8').catch(() => '');
    expect(state).not.toContain(session.credentials.sessionToken);
  });

  it('the listing shows until when the MFA session serves; forgetting it asks for a code again', async () => {
    await writeFiles(config);
    const manager = createLatchkey(t.ctx, { promptMfaCode: prompt(ALICE.mfaCode!) });
    const before = await manager.configProfiles.list();
    expect(before.profiles.find((p) => p.profile === 'alice-deploy')?.mfaSessionExpiresAt).toBeUndefined();
    const got = await manager.configProfiles.credentials('alice');
    const listed = (await manager.configProfiles.list()).profiles;
    for (const name of ['alice', 'alice-deploy', 'alice-admin']) {
      expect(listed.find((p) => p.profile === name)?.mfaSessionExpiresAt).toBe(got.credentials.expiration);
    }
    expect(listed.find((p) => p.profile === 'bob')).toMatchObject({ mfa: false });
    expect(await manager.configProfiles.forgetMfaSession('alice-deploy')).toBe(true);
    await manager.configProfiles.credentials('alice-deploy');
    expect(prompts).toHaveLength(2);
  });

  it('forgetting before any MFA session exists still leaves the sessions folder private to the user', async () => {
    await writeFiles(config);
    const manager = createLatchkey(t.ctx, { promptMfaCode: prompt(ALICE.mfaCode!) });
    expect(await manager.configProfiles.forgetMfaSession('alice-deploy')).toBe(true);
    await manager.configProfiles.credentials('alice-deploy');
    expect((await fs.stat(cliCacheDir())).mode & 0o777).toBe(0o700);
  });

  it('the refresh loop renews a role on the MFA session silently while the session lasts', async () => {
    await writeFiles(config);
    const manager = createLatchkey(t.ctx, { promptMfaCode: prompt(ALICE.mfaCode!) });
    const first = await manager.profiles.activateConfigProfile('alice-deploy', 'deploy');
    expect((await refreshedAfter55Minutes(manager)).expiration).toBeGreaterThan(first.expiration);
    expect(prompts).toHaveLength(1);
    expect(t.fake.stats().sts.GetSessionToken).toBe(1);
    expect(t.fake.stats().sts.AssumeRole).toBe(2);
  });

  it('asks again once the MFA session has expired', async () => {
    await writeFiles(config);
    const manager = createLatchkey(t.ctx, { promptMfaCode: prompt(ALICE.mfaCode!) });
    await manager.configProfiles.credentials('alice-deploy');
    t.clock.advance(12 * 3600_000);
    await manager.configProfiles.credentials('alice-deploy');
    expect(prompts).toHaveLength(2);
    expect(t.fake.stats().sts.GetSessionToken).toBe(2);
  });

  it('a wrong code and an unknown device get clear messages, and nothing is cached', async () => {
    await writeFiles(config);
    const manager = createLatchkey(t.ctx);
    const wrong = await latchkeyErrorOf(manager.configProfiles.credentials('alice', { promptMfaCode: prompt('000000') }));
    expect(wrong.code).toBe('ACCESS_DENIED');
    expect(wrong.message).toMatch(/The MFA code was not accepted/);
    expect(wrong.hint).toMatch(/next code/);
    await writeFiles(config.replace(ALICE.mfaSerial!, 'arn:aws:iam::111122223333:mfa/not-alice'));
    const device = await latchkeyErrorOf(manager.configProfiles.credentials('alice', { promptMfaCode: prompt(ALICE.mfaCode!) }));
    expect(device.message).toMatch(/does not know the MFA device arn:aws:iam::111122223333:mfa\/not-alice/);
    const notDigits = await latchkeyErrorOf(manager.configProfiles.credentials('alice', { promptMfaCode: prompt('12ab56') }));
    expect(notDigits.code).toBe('BAD_INPUT');
    await expect(mfaSessionFiles()).resolves.toEqual([]);
  });

  it('with nobody to ask, says which profile needs a code (no prompt, no STS call)', async () => {
    await writeFiles(config);
    const err = await latchkeyErrorOf(createLatchkey(t.ctx).configProfiles.credentials('alice-deploy'), MfaCodeNeeded);
    expect(err.code).toBe('NOT_SIGNED_IN');
    expect(err.request).toEqual({ profile: 'alice', serial: ALICE.mfaSerial });
    expect(t.fake.stats().sts.GetSessionToken ?? 0).toBe(0);
  });

  it('a background refresh that needs a new code reports it once and never prompts', async () => {
    await writeFiles(config);
    const manager = createLatchkey(t.ctx, { promptMfaCode: prompt(ALICE.mfaCode!) });
    await manager.profiles.activateConfigProfile('alice-deploy', 'deploy');
    const errors = collect(manager, 'error');
    const warnings = collect(manager, 'expiry-warning');
    t.clock.advance(12 * 3600_000); // the MFA session and the role credentials are over
    await manager.refresh.refreshDue();
    await manager.refresh.refreshDue();
    expect(prompts).toHaveLength(1); // only the code of activateProfile
    expect(errors).toEqual([[{ code: 'NOT_SIGNED_IN', message: expect.stringContaining('needs a code from the MFA device'), profile: 'deploy' }]]);
    expect(warnings).toEqual([[{ kind: 'profile', name: 'deploy', expiresAt: expect.any(Number) }]]);
  });
});

describe('roles assumed from IAM user keys', () => {
  it('passes MFA where the role profile asks, through an MFA session (botocore mfa_serial on the role)', async () => {
    await writeFiles(`[profile admin]\nrole_arn = ${MFA_ROLE}\nsource_profile = alice\nmfa_serial = ${ALICE.mfaSerial}\n`);
    const manager = createLatchkey(t.ctx);
    const got = await manager.configProfiles.credentials('admin', { promptMfaCode: prompt(ALICE.mfaCode!) });
    expect(got.kind).toBe('assumed-role');
    expect(prompts).toEqual([{ profile: 'admin', serial: ALICE.mfaSerial }]);
    expect((await whoAmI(t.fake, got.credentials)).arn).toMatch(/assumed-role\/NeedsMfa\//);
    // the console accepts it as an assumed role
    const url = await manager.configProfiles.consoleUrl('admin');
    expect(new URL(url).searchParams.get('Action')).toBe('login');
    expect(prompts).toHaveLength(1);
  });

  it('without MFA a role that needs it is refused with a hint about mfa_serial', async () => {
    await writeFiles(`[profile admin]\nrole_arn = ${MFA_ROLE}\nsource_profile = bob\n`);
    const err = await latchkeyErrorOf(createLatchkey(t.ctx).configProfiles.credentials('admin'));
    expect(err.code).toBe('ACCESS_DENIED');
    // One sentence naming the profile and the role, AWS's reason ending it, then the hint.
    expect(err.message).toBe(
      `AWS did not let profile "admin" assume ${MFA_ROLE}: User: arn:aws:iam::111122223333:user/bob is not authorized to perform: sts:AssumeRole on resource: ${MFA_ROLE}.`,
    );
    expect(err.hint).toMatch(/mfa_serial/);
  });

  it('sends external_id', async () => {
    await writeFiles(
      `[profile partner]\nrole_arn = ${EXT_ROLE}\nsource_profile = bob\nexternal_id = partner-42\n\n[profile partner-no-id]\nrole_arn = ${EXT_ROLE}\nsource_profile = bob\n`,
    );
    const manager = createLatchkey(t.ctx);
    expect((await whoAmI(t.fake, (await manager.configProfiles.credentials('partner')).credentials)).arn).toMatch(/assumed-role\/Partner\//);
    expect((await latchkeyErrorOf(manager.configProfiles.credentials('partner-no-id'))).code).toBe('ACCESS_DENIED');
  });
});

describe('IAM users without MFA', () => {
  it('use gets a session token and learns who the user is from AWS', async () => {
    await writeFiles('');
    const manager = createLatchkey(t.ctx);
    const active = await manager.profiles.activateConfigProfile('bob', 'bob-session');
    expect(active).toMatchObject({ source: 'config-profile', profileName: 'bob', accountId: '111122223333', roleName: 'bob' });
    expect(t.fake.stats().sts).toMatchObject({ GetSessionToken: 1, GetCallerIdentity: 1 });
    const err = await latchkeyErrorOf(manager.profiles.activateConfigProfile('bob', 'bob'));
    expect(err.code).toBe('BAD_INPUT'); // never over the keys themselves
    expect(await fs.readFile(t.credentialsFile, 'utf8')).toMatch(/^# my keys, by hand[\s\S]*; trailing comment, no newline at the end\r\n\r\n\[bob-session\]/);
  });
});

describe('console for IAM users', () => {
  it('signs in with GetFederationToken from the long-term keys (allow-all policy, short name)', async () => {
    await writeFiles(`[profile alice]\nmfa_serial = ${ALICE.mfaSerial}\n`);
    const manager = createLatchkey(t.ctx);
    const url = new URL(await manager.configProfiles.consoleUrl('alice', { region: 'eu-central-1' }));
    expect(url.searchParams.get('Destination')).toBe('https://eu-central-1.console.aws.amazon.com/console/home?region=eu-central-1');
    expect(t.fake.stats().sts.GetFederationToken).toBe(1);
    expect(prompts).toEqual([]); // federation tokens need no MFA code
  });

  it('refuses MFA-session (GetSessionToken) credentials: UNSUPPORTED', async () => {
    await writeFiles(`[profile alice]\nmfa_serial = ${ALICE.mfaSerial}\n`);
    const got = await createLatchkey(t.ctx).configProfiles.credentials('alice', { promptMfaCode: prompt(ALICE.mfaCode!) });
    const err = await latchkeyErrorOf(buildConsoleSigninUrl(t.ctx, { credentials: got.credentials, kind: got.kind, region: 'us-east-1' }));
    expect(err.code).toBe('UNSUPPORTED');
    expect(t.fake.stats().federation.signinTokens).toBe(0);
  });
});

describe('console for session credentials in the files (aws-mfa, AWSume, an earlier use)', () => {
  it('refuses an MFA session with a clear UNSUPPORTED before asking the federation endpoint; a role session signs in', async () => {
    await writeFiles(
      `[profile alice]\nmfa_serial = ${ALICE.mfaSerial}\n\n[profile partner]\nrole_arn = ${EXT_ROLE}\nsource_profile = bob\nexternal_id = partner-42\n`,
    );
    const manager = createLatchkey(t.ctx, { promptMfaCode: prompt(ALICE.mfaCode!) });
    await manager.profiles.activateConfigProfile('alice', 'alice-mfa');
    await manager.profiles.activateConfigProfile('partner', 'partner-creds');
    t.fake.resetStats();

    const err = await latchkeyErrorOf(manager.configProfiles.consoleUrl('alice-mfa'));
    expect(err.code).toBe('UNSUPPORTED');
    expect(err.message).toMatch(/"alice-mfa" holds an IAM user's session credentials \(GetSessionToken/);
    expect(err.hint).toMatch(/profile that holds the user's access keys/);
    expect(t.fake.stats().federation.signinTokens).toBe(0);

    const url = new URL(await manager.configProfiles.consoleUrl('partner-creds', { region: 'eu-west-1' }));
    expect(url.searchParams.get('Destination')).toContain('region=eu-west-1');
    expect(t.fake.stats().federation.signinTokens).toBe(1);
  });
});

describe('config problems', () => {
  it('a loop in source_profile is BAD_CONFIG_FILE naming the chain; listing reports it beside the good ones', async () => {
    await writeFiles(
      `[profile a]\nrole_arn = ${DEPLOY_ROLE}\nsource_profile = b\n\n[profile b]\nrole_arn = ${DEPLOY_ROLE}\nsource_profile = a\n\n[profile ok]\nrole_arn = ${DEPLOY_ROLE}\nsource_profile = bob\n`,
    );
    const manager = createLatchkey(t.ctx);
    const err = await latchkeyErrorOf(manager.configProfiles.credentials('a'));
    expect(err.code).toBe('BAD_CONFIG_FILE');
    expect(err.message).toContain('a → b → a');
    const listed = await manager.configProfiles.list();
    expect(listed.profiles.map((p) => p.profile)).toEqual(['alice', 'bob', 'ok']);
    expect(listed.problems.map((p) => p.profile)).toEqual(['a', 'b']);
    expect(t.fake.stats().sts).toEqual({});
  });
});

describe('keys kept in the secret store (the app)', () => {
  it('serve like keys in the credentials file; the Linux basic_text backend is refused', async () => {
    await writeFiles(`[profile kc-deploy]\nrole_arn = ${DEPLOY_ROLE}\nsource_profile = kc\n`, '');
    const store = new MemorySecretStore();
    await storeIamUser(store, { profile: 'kc', accessKeyId: ALICE.accessKeyId, secretAccessKey: ALICE.secretAccessKey, mfaSerial: ALICE.mfaSerial! });
    const manager = createLatchkey(t.ctx, { secretStore: store, promptMfaCode: prompt(ALICE.mfaCode!) });
    expect((await manager.configProfiles.list()).profiles.map((p) => [p.profile, p.kind, p.mfa])).toEqual([
      ['kc', 'iam-user', true],
      ['kc-deploy', 'assumed-role', true],
    ]);
    expect((await whoAmI(t.fake, (await manager.configProfiles.credentials('kc-deploy')).credentials)).arn).toMatch(/assumed-role\/Deploy\//);
    expect(await fs.readFile(t.credentialsFile, 'utf8')).toBe('');

    const linux = safeStorageAvailability({ platform: 'linux', encryptionAvailable: true, linuxBackend: 'basic_text' });
    expect(linux).toMatchObject({ ok: false, reason: expect.stringMatching(/keyring/) });
    expect(safeStorageAvailability({ platform: 'darwin', encryptionAvailable: true })).toEqual({ ok: true });
    const refused = new MemorySecretStore(linux);
    const err = await latchkeyErrorOf(storeIamUser(refused, { profile: 'x', accessKeyId: BOB.accessKeyId, secretAccessKey: BOB.secretAccessKey }));
    expect(err.code).toBe('UNSUPPORTED');
    expect(await refused.list()).toEqual([]);
  });
});

describe('secrets', () => {
  it('no issued secret or long-term key reaches a log line or an error message', async () => {
    await writeFiles(`[profile alice]\nmfa_serial = ${ALICE.mfaSerial}\n\n[profile d]\nrole_arn = ${DEPLOY_ROLE}\nsource_profile = alice\n`);
    const wrong = await latchkeyErrorOf(createLatchkey(t.ctx).configProfiles.credentials('alice', { promptMfaCode: prompt('111111') }));
    const manager = createLatchkey(t.ctx, { promptMfaCode: prompt(ALICE.mfaCode!) });
    await manager.profiles.activateConfigProfile('d', 'out');
    await manager.configProfiles.consoleUrl('alice');
    const texts = [...t.lines, wrong.message, wrong.hint ?? ''].join('\n');
    for (const secret of t.fake.issuedSecrets()) expect(texts).not.toContain(secret);
  });
});
