import fs from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { credentialSettingsIn } from '../../../src/core/iam/target-profile';
import { createLatchkey } from '../../../src/core/sessions/latchkey';
import { latchkeyErrorOf } from '../../helpers/errors';
import { BOB, DEPLOY_ROLE, USER_CREDENTIALS, useIamEnv } from './helpers';

// The profile Latchkey writes keys to must not have credentials of its own in ~/.aws/config:
// the SDKs would use those instead (or the keys would silently replace them). The app and the
// command both go through ActiveProfiles, so the check lives there.

const t = useIamEnv({ accounts: 1, rolesPerAccount: 1, iamUsers: [BOB], autoApprove: true });

const ssoProfile = () => `sso_session = corp\nsso_account_id = ${t.fake.accounts[0]!.accountId}\nsso_role_name = ${t.fake.accounts[0]!.roles[0]}\n`;

describe('the target profile of activate and activateProfile', () => {
  it('activateProfile refuses a target whose config profile assumes a role, with app wording (no command-line flags); nothing is called or written', async () => {
    await fs.writeFile(t.configFile, `[profile partner]\nregion = eu-west-1\nrole_arn = ${DEPLOY_ROLE}\nsource_profile = bob\n`);
    await fs.writeFile(t.credentialsFile, USER_CREDENTIALS, { mode: 0o600 });
    const manager = createLatchkey(t.ctx);
    const err = await latchkeyErrorOf(manager.profiles.activateConfigProfile('bob', 'partner'));
    expect(err.code).toBe('BAD_INPUT');
    expect(err.message).toContain('[profile partner] in');
    expect(err.message).toContain('gets its own credentials (role_arn, source_profile)');
    expect(err.hint).toBe('Choose another target profile (for example partner-latchkey).');
    expect(err.cliHint).toContain('--profile partner-latchkey');
    expect(t.fake.stats().sts).toEqual({});
    expect(await fs.readFile(t.credentialsFile, 'utf8')).toBe(USER_CREDENTIALS);
    expect(await manager.profiles.list()).toEqual([]);
  });

  it('activate (an Identity Center role) refuses a target that is an SSO profile before fetching credentials; a region-only profile is written', async () => {
    await fs.writeFile(t.credentialsFile, USER_CREDENTIALS, { mode: 0o600 });
    const manager = createLatchkey(t.ctx);
    const session = await manager.sessions.add({ startUrl: t.fake.startUrl, region: t.fake.region, name: 'corp' });
    await manager.sessions.login(session, { flow: 'pkce' });
    await fs.appendFile(t.configFile, `\n[profile exported]\n${ssoProfile()}\n[profile plain]\nregion = eu-west-1\noutput = json\n`);
    const role = await manager.catalog.resolveRole(`${t.fake.accounts[0]!.accountId}/${t.fake.accounts[0]!.roles[0]}`, 'corp');
    t.fake.resetStats();

    const err = await latchkeyErrorOf(manager.profiles.activate(role, 'exported'));
    expect(err.code).toBe('BAD_INPUT');
    expect(err.message).toContain('(sso_session, sso_account_id, sso_role_name)');
    expect(t.fake.stats().portal.byOperation.GetRoleCredentials ?? 0).toBe(0);
    expect(await fs.readFile(t.credentialsFile, 'utf8')).toBe(USER_CREDENTIALS);

    const active = await manager.profiles.activate(role, 'plain');
    expect(active.profile).toBe('plain');
    expect(t.fake.stats().portal.byOperation.GetRoleCredentials).toBe(1);
    expect(await fs.readFile(t.credentialsFile, 'utf8')).toMatch(/\[plain\][\s\S]*aws_session_token/);
  });
});

describe('credentialSettingsIn', () => {
  it('names every setting that gives a profile credentials, and nothing else', () => {
    expect(
      credentialSettingsIn({ region: 'eu-west-1', output: 'json', mfa_serial: 'arn:aws:iam::111122223333:mfa/x', s3: '\nmax_concurrent_requests = 10' }),
    ).toEqual([]);
    expect(credentialSettingsIn(undefined)).toEqual([]);
    expect(credentialSettingsIn({ credential_process: 'x' })).toEqual(['credential_process']);
    expect(credentialSettingsIn({ sso_start_url: 'https://x.awsapps.com/start', sso_region: 'us-east-1', sso_account_id: '1', sso_role_name: 'r' })).toEqual([
      'sso_start_url',
      'sso_account_id',
      'sso_role_name',
    ]);
    expect(credentialSettingsIn({ web_identity_token_file: '/t', role_arn: 'arn' })).toEqual(['role_arn', 'web_identity_token_file']);
    expect(credentialSettingsIn({ aws_access_key_id: 'AKIA…', aws_secret_access_key: 's' })).toEqual(['aws_access_key_id']);
  });
});
