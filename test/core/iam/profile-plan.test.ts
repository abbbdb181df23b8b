import { describe, expect, it } from 'vitest';
import { listProfilePlans, planProfile, type ProfileInputs } from '../../../src/core/iam/profile-plan';
import { latchkeyErrorThrownBy } from '../../helpers/errors';

// The pure resolver: what botocore would do with the same files, as a plan of steps.

const SSO = { name: 'corp', startUrl: 'https://corp.awsapps.com/start', region: 'eu-west-1', registrationScopes: ['sso:account:access'] };

function inputs(profiles: Record<string, Record<string, string>>, extra: Partial<ProfileInputs> = {}): ProfileInputs {
  return {
    profiles: new Map(Object.entries(profiles)),
    ssoSessions: [SSO],
    storedKeys: new Map(),
    managed: new Set(),
    configLabel: '~/.aws/config',
    ...extra,
  };
}

const ARN = (account: string, role: string) => `arn:aws:iam::${account}:role/${role}`;

describe('planProfile', () => {
  it('an sso_session profile is an SSO role of that session', () => {
    const plan = planProfile('dev', inputs({ dev: { sso_session: 'corp', sso_account_id: '111111111111', sso_role_name: 'Admin', region: 'us-west-2' } }));
    expect(plan).toMatchObject({
      kind: 'sso-profile',
      region: 'us-west-2',
      accountId: '111111111111',
      roleName: 'Admin',
      steps: [],
      source: { kind: 'sso-role', session: { name: 'corp', startUrl: SSO.startUrl, region: 'eu-west-1' }, legacy: false },
    });
  });

  it('a legacy sso_start_url profile shares a matching sso-session, else uses the legacy token cache key', () => {
    const legacy = { sso_start_url: 'https://corp.awsapps.com/start/', sso_region: 'eu-west-1', sso_account_id: '111111111111', sso_role_name: 'Read' };
    expect(planProfile('old', inputs({ old: legacy })).source).toMatchObject({ kind: 'sso-role', session: { name: 'corp' }, legacy: true });
    const other = { ...legacy, sso_start_url: 'https://other.awsapps.com/start' };
    expect(planProfile('old', inputs({ old: other })).source).toMatchObject({ session: { name: 'https://other.awsapps.com/start' } });
  });

  it('a chain of any depth becomes AssumeRole steps from the source outwards, with every setting', () => {
    const plan = planProfile(
      'top',
      inputs({
        base: { aws_access_key_id: 'AKIABASE', aws_secret_access_key: 'secret', mfa_serial: 'arn:aws:iam::222222222222:mfa/ana' },
        mid: { role_arn: ARN('333333333333', 'Mid'), source_profile: 'base', external_id: 'ext-1' },
        top: { role_arn: ARN('444444444444', 'Top'), source_profile: 'mid', role_session_name: 'ana-top', duration_seconds: '7200', region: 'ap-south-1' },
      }),
    );
    expect(plan.kind).toBe('chained-role');
    expect(plan.chain).toEqual(['top', 'mid', 'base']);
    expect(plan.source).toEqual({ kind: 'iam-user', profile: 'base', accessKeyId: 'AKIABASE', keys: 'file', mfaSerial: 'arn:aws:iam::222222222222:mfa/ana' });
    expect(plan.steps).toEqual([
      { profile: 'mid', roleArn: ARN('333333333333', 'Mid'), externalId: 'ext-1' },
      { profile: 'top', roleArn: ARN('444444444444', 'Top'), roleSessionName: 'ana-top', durationSeconds: 7200 },
    ]);
    expect(plan).toMatchObject({ accountId: '444444444444', roleName: 'Top', region: 'ap-south-1' });
  });

  it('one role from IAM user keys is an assumed role; from an SSO profile it is chained', () => {
    const user = { aws_access_key_id: 'AKIAUSER', aws_secret_access_key: 's' };
    expect(
      planProfile('r', inputs({ user, r: { role_arn: ARN('111111111111', 'R'), source_profile: 'user', mfa_serial: 'arn:aws:iam::111111111111:mfa/u' } })).kind,
    ).toBe('assumed-role');
    const sso = { sso_session: 'corp', sso_account_id: '111111111111', sso_role_name: 'Admin' };
    expect(planProfile('r', inputs({ sso, r: { role_arn: ARN('111111111111', 'R'), source_profile: 'sso' } })).kind).toBe('chained-role');
  });

  it('a loop in source_profile is BAD_CONFIG_FILE naming the whole chain', () => {
    const err = latchkeyErrorThrownBy(() =>
      planProfile(
        'a',
        inputs({
          a: { role_arn: ARN('111111111111', 'A'), source_profile: 'b' },
          b: { role_arn: ARN('111111111111', 'B'), source_profile: 'c' },
          c: { role_arn: ARN('111111111111', 'C'), source_profile: 'a' },
        }),
      ),
    );
    expect(err.code).toBe('BAD_CONFIG_FILE');
    expect(err.message).toContain('a → b → c → a');
    const self = latchkeyErrorThrownBy(() => planProfile('a', inputs({ a: { role_arn: ARN('111111111111', 'A'), source_profile: 'a' } })));
    expect(self.message).toContain('a → a');
  });

  it('a profile may name itself as source when it has keys (botocore allows it)', () => {
    const plan = planProfile(
      'a',
      inputs({ a: { role_arn: ARN('111111111111', 'A'), source_profile: 'a', aws_access_key_id: 'AKIAA', aws_secret_access_key: 's' } }),
    );
    expect(plan).toMatchObject({ kind: 'assumed-role', source: { kind: 'iam-user', profile: 'a' }, steps: [{ roleArn: ARN('111111111111', 'A') }] });
  });

  it('keys win over role_arn in a source profile, as botocore reads it', () => {
    const plan = planProfile(
      'top',
      inputs({
        src: { aws_access_key_id: 'AKIAS', aws_secret_access_key: 's', role_arn: ARN('111111111111', 'Ignored'), source_profile: 'x' },
        top: { role_arn: ARN('111111111111', 'T'), source_profile: 'src' },
      }),
    );
    expect(plan.steps.map((s) => s.profile)).toEqual(['top']);
    expect(plan.source).toMatchObject({ kind: 'iam-user', profile: 'src' });
  });

  it('credential_source and credential_process are UNSUPPORTED; broken settings are BAD_CONFIG_FILE; unknown NOT_FOUND', () => {
    expect(
      latchkeyErrorThrownBy(() => planProfile('r', inputs({ r: { role_arn: ARN('111111111111', 'R'), credential_source: 'Ec2InstanceMetadata' } }))).code,
    ).toBe('UNSUPPORTED');
    expect(latchkeyErrorThrownBy(() => planProfile('p', inputs({ p: { credential_process: 'latchkey credential-process x' } }))).code).toBe('UNSUPPORTED');
    expect(latchkeyErrorThrownBy(() => planProfile('r', inputs({ r: { role_arn: ARN('111111111111', 'R'), source_profile: 'gone' } }))).message).toMatch(
      /"gone", which does not exist/,
    );
    expect(latchkeyErrorThrownBy(() => planProfile('r', inputs({ r: { role_arn: 'not-an-arn', source_profile: 'r' } }))).code).toBe('BAD_CONFIG_FILE');
    const dur = latchkeyErrorThrownBy(() =>
      planProfile(
        'r',
        inputs({
          u: { aws_access_key_id: 'A', aws_secret_access_key: 's' },
          r: { role_arn: ARN('111111111111', 'R'), source_profile: 'u', duration_seconds: '99999' },
        }),
      ),
    );
    expect(dur.message).toMatch(/900 to 43200/);
    expect(latchkeyErrorThrownBy(() => planProfile('s', inputs({ s: { sso_session: 'nope', sso_account_id: '111111111111', sso_role_name: 'R' } }))).code).toBe(
      'BAD_CONFIG_FILE',
    );
    expect(latchkeyErrorThrownBy(() => planProfile('missing', inputs({}))).code).toBe('NOT_FOUND');
  });

  it('SSO settings win over keys in the same profile, as the AWS CLI reads it (the JS SDK would take the keys)', () => {
    const both = { sso_session: 'corp', sso_account_id: '111111111111', sso_role_name: 'Admin', aws_access_key_id: 'AKIABOTH', aws_secret_access_key: 's' };
    expect(planProfile('both', inputs({ both }))).toMatchObject({ kind: 'sso-profile', source: { kind: 'sso-role', accountId: '111111111111' } });
    const legacy = {
      sso_start_url: SSO.startUrl,
      sso_region: SSO.region,
      sso_account_id: '111111111111',
      sso_role_name: 'Admin',
      aws_access_key_id: 'AKIAL',
      aws_secret_access_key: 's',
    };
    expect(planProfile('l', inputs({ l: legacy })).source.kind).toBe('sso-role');
    // As a source of a role too: its SSO role, not its keys.
    const top = { role_arn: ARN('222222222222', 'Top'), source_profile: 'both' };
    expect(planProfile('top', inputs({ both, top })).source).toMatchObject({ kind: 'sso-role', profile: 'both' });
    // sso_session alone names no role (botocore's SSO provider needs sso_account_id or sso_role_name): the keys serve.
    expect(planProfile('k', inputs({ k: { sso_session: 'corp', aws_access_key_id: 'AKIAK', aws_secret_access_key: 's' } })).source.kind).toBe('iam-user');
    expect(latchkeyErrorThrownBy(() => planProfile('h', inputs({ h: { sso_account_id: '111111111111', sso_role_name: 'R' } }))).message).toMatch(
      /neither sso_session nor sso_start_url/,
    );
  });

  it("ignores, with a warning, a duration_seconds that botocore's int() cannot read; reads what int() reads", () => {
    const user = { aws_access_key_id: 'A', aws_secret_access_key: 's' };
    const plan = (duration: string) =>
      planProfile('r', inputs({ user, r: { role_arn: ARN('111111111111', 'R'), source_profile: 'user', duration_seconds: duration } }));
    for (const ignored of ['1h', '3600s', '1e3', '0x384', '3600.0', '36 00', '3__600']) {
      const p = plan(ignored);
      expect(p.steps[0]!.durationSeconds).toBeUndefined();
      expect(p.warnings).toEqual([
        expect.stringMatching(/^duration_seconds of \[profile r\] in ~\/\.aws\/config is not a whole number of seconds, so it is ignored/),
      ]);
    }
    expect(plan('+3_600').steps[0]!.durationSeconds).toBe(3600);
    expect(plan('0900')).toMatchObject({ steps: [{ durationSeconds: 900 }], warnings: [] });
    expect(latchkeyErrorThrownBy(() => plan('-5')).message).toMatch(/900 to 43200/);
  });

  it('refuses source_profile together with credential_source, as the AWS CLI does', () => {
    const err = latchkeyErrorThrownBy(() =>
      planProfile(
        'r',
        inputs({
          user: { aws_access_key_id: 'A', aws_secret_access_key: 's' },
          r: { role_arn: ARN('111111111111', 'R'), source_profile: 'user', credential_source: 'Environment' },
        }),
      ),
    );
    expect(err.code).toBe('BAD_CONFIG_FILE');
    expect(err.message).toContain('The profile "r" contains both source_profile and credential_source');
  });

  it('mfa_serial from the credentials file is merged in; keys in the secret store make an IAM user', () => {
    const plan = planProfile('u', inputs({ u: { aws_access_key_id: 'AKIAU', aws_secret_access_key: 's', mfa_serial: 'arn:aws:iam::555555555555:mfa/u1' } }));
    expect(plan).toMatchObject({ kind: 'iam-user', accountId: '555555555555', userName: 'u1' });
    const stored = planProfile(
      'kc',
      inputs({ kc: { region: 'eu-central-1' } }, { storedKeys: new Map([['kc', { accessKeyId: 'AKIAKC', mfaSerial: 'arn:aws:iam::555555555555:mfa/k' }]]) }),
    );
    expect(stored).toMatchObject({ kind: 'iam-user', region: 'eu-central-1', source: { keys: 'secret-store', accessKeyId: 'AKIAKC' } });
  });
});

describe('listProfilePlans', () => {
  it('lists what resolves, reports loops and unsupported sources, skips Latchkey-written sections and settings-only profiles', () => {
    const { profiles, problems } = listProfilePlans(
      inputs(
        {
          default: { region: 'us-east-1' },
          user: { aws_access_key_id: 'AKIAU', aws_secret_access_key: 's' },
          role: { role_arn: ARN('111111111111', 'R'), source_profile: 'user' },
          loop: { role_arn: ARN('111111111111', 'L'), source_profile: 'loop' },
          ec2: { role_arn: ARN('111111111111', 'E'), credential_source: 'Environment' },
          written: { aws_access_key_id: 'ASIAX', aws_secret_access_key: 's', aws_session_token: 't' },
          'sso-and-session-keys': {
            sso_session: 'corp',
            sso_account_id: '222222222222',
            sso_role_name: 'Ops',
            aws_access_key_id: 'ASIAY',
            aws_secret_access_key: 's',
            aws_session_token: 't',
          },
          'login-only': { sso_session: 'corp' },
        },
        { managed: new Set(['written']) },
      ),
    );
    expect(profiles.map((p) => [p.profile, p.kind])).toEqual([
      ['role', 'assumed-role'],
      ['sso-and-session-keys', 'sso-profile'],
      ['user', 'iam-user'],
    ]);
    expect(profiles[0]).toMatchObject({ sourceProfile: 'user', mfa: false, accountId: '111111111111', roleName: 'R' });
    expect(problems.map((p) => [p.profile, p.code])).toEqual([
      ['ec2', 'UNSUPPORTED'],
      ['loop', 'BAD_CONFIG_FILE'],
    ]);
  });
});
