import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetRoleCredentialsCommand } from '@aws-sdk/client-sso';
import { AssumeRoleCommand, GetCallerIdentityCommand, GetFederationTokenCommand, GetSessionTokenCommand } from '@aws-sdk/client-sts';
import { startFakeAws, type FakeAws } from '../../../devkit/fake-aws/index';
import { rejectionOf, ssoClient, stsClient } from './sdk-clients';
import { signInWithDeviceCode } from '../../../devkit/sign-in';

const alice = {
  userName: 'alice',
  accessKeyId: 'AKIAALICE00000000001',
  secretAccessKey: 'alice-secret-key-0000000000000000000000',
  mfaSerial: 'arn:aws:iam::111122223333:mfa/alice',
  accountId: '111122223333',
};
const bob = { userName: 'bob', accessKeyId: 'AKIABOB0000000000001', secretAccessKey: 'bob-secret-key-00000000000000000000000' };
const ROLE = 'arn:aws:iam::111122223333:role/Deploy';

let fake: FakeAws;
let ssoCreds: { accessKeyId: string; secretAccessKey: string; sessionToken: string };
let account: string;

beforeAll(async () => {
  fake = await startFakeAws({ iamUsers: [alice, bob], rolesRequiringMfa: ['arn:aws:iam::111122223333:role/NeedsMfa'] });
  const { accessToken } = await signInWithDeviceCode(fake);
  account = fake.accounts[0]!.accountId;
  const { roleCredentials } = await ssoClient(fake).send(new GetRoleCredentialsCommand({ accessToken, accountId: account, roleName: 'AdministratorAccess' }));
  ssoCreds = { accessKeyId: roleCredentials!.accessKeyId!, secretAccessKey: roleCredentials!.secretAccessKey!, sessionToken: roleCredentials!.sessionToken! };
});
afterAll(async () => {
  await fake.close();
});

const aliceKeys = { accessKeyId: alice.accessKeyId, secretAccessKey: alice.secretAccessKey };
const asCreds = (c: { AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string } | undefined) => ({
  accessKeyId: c!.AccessKeyId!,
  secretAccessKey: c!.SecretAccessKey!,
  sessionToken: c!.SessionToken!,
});

describe('STS', () => {
  it('GetCallerIdentity knows issued credentials and IAM users, nothing else', async () => {
    const role = await stsClient(fake, ssoCreds).send(new GetCallerIdentityCommand({}));
    expect(role.Account).toBe(account);
    expect(role.Arn).toMatch(new RegExp(`^arn:aws:sts::${account}:assumed-role/AWSReservedSSO_AdministratorAccess_`));
    const user = await stsClient(fake, aliceKeys).send(new GetCallerIdentityCommand({}));
    expect(user).toMatchObject({ Account: '111122223333', Arn: 'arn:aws:iam::111122223333:user/alice' });
    const bobId = await stsClient(fake, { accessKeyId: bob.accessKeyId, secretAccessKey: bob.secretAccessKey }).send(new GetCallerIdentityCommand({}));
    expect(bobId.Account).toBe(account); // IAM users default to the first organisation account
    const unknown = await rejectionOf(stsClient(fake, { accessKeyId: 'AKIAUNKNOWN000000000', secretAccessKey: 'x' }).send(new GetCallerIdentityCommand({})));
    expect(unknown.name).toBe('InvalidClientTokenId');
    expect(unknown.$metadata?.httpStatusCode).toBe(403);
    const wrongToken = await rejectionOf(stsClient(fake, { ...ssoCreds, sessionToken: 'other' }).send(new GetCallerIdentityCommand({})));
    expect(wrongToken.name).toBe('InvalidClientTokenId');
    expect(fake.stats().sts.GetCallerIdentity).toBe(5);
  });

  it('AssumeRole: up to 12 h from a user, chained roles capped at one hour', async () => {
    const fromUser = await stsClient(fake, aliceKeys).send(
      new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: 'alice-session', DurationSeconds: 7200, ExternalId: 'ext' }),
    );
    expect(fromUser.AssumedRoleUser?.Arn).toBe('arn:aws:sts::111122223333:assumed-role/Deploy/alice-session');
    expect(fromUser.Credentials!.Expiration!.getTime()).toBeGreaterThan(Date.now() + 7100_000);
    const chainedTooLong = await rejectionOf(
      stsClient(fake, ssoCreds).send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: 'chain', DurationSeconds: 7200 })),
    );
    expect(chainedTooLong.name).toBe('ValidationError');
    expect(chainedTooLong.message).toMatch(/role chaining/);
    const chained = await stsClient(fake, asCreds(fromUser.Credentials)).send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: 'chain' }));
    const who = await stsClient(fake, asCreds(chained.Credentials)).send(new GetCallerIdentityCommand({}));
    expect(who.Arn).toBe('arn:aws:sts::111122223333:assumed-role/Deploy/chain');
    const badArn = await rejectionOf(stsClient(fake, aliceKeys).send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::1:role/x', RoleSessionName: 'ab' })));
    expect(badArn.name).toBe('ValidationError');
  });

  it('AssumeRole checks MFA for roles that require it', async () => {
    const NEEDS = 'arn:aws:iam::111122223333:role/NeedsMfa';
    const sts = stsClient(fake, aliceKeys);
    expect((await rejectionOf(sts.send(new AssumeRoleCommand({ RoleArn: NEEDS, RoleSessionName: 'x1' })))).name).toBe('AccessDenied');
    const wrong = await rejectionOf(
      sts.send(new AssumeRoleCommand({ RoleArn: NEEDS, RoleSessionName: 'x1', SerialNumber: alice.mfaSerial, TokenCode: '000000' })),
    );
    expect(wrong.message).toMatch(/invalid MFA one time pass code/);
    await sts.send(new AssumeRoleCommand({ RoleArn: NEEDS, RoleSessionName: 'x1', SerialNumber: alice.mfaSerial, TokenCode: '123456' }));
  });

  it('GetSessionToken checks the MFA code', async () => {
    const sts = stsClient(fake, aliceKeys);
    const wrong = await rejectionOf(sts.send(new GetSessionTokenCommand({ SerialNumber: alice.mfaSerial, TokenCode: '654321' })));
    expect(wrong.name).toBe('AccessDenied');
    expect(wrong.message).toContain('MultiFactorAuthentication failed with invalid MFA one time pass code.');
    const badSerial = await rejectionOf(sts.send(new GetSessionTokenCommand({ SerialNumber: 'arn:aws:iam::111122223333:mfa/other', TokenCode: '123456' })));
    expect(badSerial.name).toBe('AccessDenied');
    const ok = await sts.send(new GetSessionTokenCommand({ SerialNumber: alice.mfaSerial, TokenCode: '123456', DurationSeconds: 3600 }));
    const session = asCreds(ok.Credentials);
    // MFA session credentials satisfy a role's MFA condition, and are not role chaining.
    await stsClient(fake, session).send(
      new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::111122223333:role/NeedsMfa', RoleSessionName: 'mfa', DurationSeconds: 7200 }),
    );
    expect((await rejectionOf(stsClient(fake, session).send(new GetSessionTokenCommand({})))).name).toBe('AccessDenied');
    expect((await rejectionOf(stsClient(fake, ssoCreds).send(new GetSessionTokenCommand({})))).name).toBe('AccessDenied');
  });

  it('GetFederationToken: long-term keys only, name up to 32 characters', async () => {
    const sts = stsClient(fake, aliceKeys);
    const tooLong = await rejectionOf(sts.send(new GetFederationTokenCommand({ Name: 'x'.repeat(33) })));
    expect(tooLong.name).toBe('ValidationError');
    const ok = await sts.send(new GetFederationTokenCommand({ Name: 'alice-console' }));
    expect(ok.FederatedUser?.Arn).toBe('arn:aws:sts::111122223333:federated-user/alice-console');
    expect((await rejectionOf(stsClient(fake, ssoCreds).send(new GetFederationTokenCommand({ Name: 'abc' })))).name).toBe('AccessDenied');
  });
});

describe('console federation', () => {
  const signinToken = (creds: { accessKeyId: string; secretAccessKey: string; sessionToken: string }, duration?: number) => {
    const q = new URLSearchParams({
      Action: 'getSigninToken',
      Session: JSON.stringify({ sessionId: creds.accessKeyId, sessionKey: creds.secretAccessKey, sessionToken: creds.sessionToken }),
    });
    if (duration !== undefined) q.set('SessionDuration', String(duration));
    return fetch(`${fake.env.LATCHKEY_FEDERATION_ENDPOINT}?${q}`);
  };

  it('issues a sign-in token for issued credentials and redirects on login', async () => {
    const res = await signinToken(ssoCreds, 43200);
    expect(res.status).toBe(200);
    const { SigninToken } = (await res.json()) as { SigninToken: string };
    expect(fake.issuedSecrets()).toContain(SigninToken);
    const destination = 'https://us-west-2.console.aws.amazon.com/s3/home?region=us-west-2';
    const q = new URLSearchParams({ Action: 'login', Issuer: 'latchkey', Destination: destination, SigninToken });
    const login = await fetch(`${fake.env.LATCHKEY_FEDERATION_ENDPOINT}?${q}`, { redirect: 'manual' });
    expect(login.status).toBe(302);
    expect(login.headers.get('location')).toBe(destination);
    expect(fake.stats().federation.logins).toContain(destination);
    const bad = new URLSearchParams({ Action: 'login', Destination: destination, SigninToken: 'forged' });
    expect((await fetch(`${fake.env.LATCHKEY_FEDERATION_ENDPOINT}?${bad}`, { redirect: 'manual' })).status).toBe(400);
  });

  it('refuses credentials it did not issue', async () => {
    expect((await signinToken({ ...ssoCreds, secretAccessKey: 'wrong' })).status).toBe(400);
    expect((await signinToken({ accessKeyId: 'ASIAUNKNOWN', secretAccessKey: 'x', sessionToken: 'y' })).status).toBe(400);
    expect((await fetch(`${fake.env.LATCHKEY_FEDERATION_ENDPOINT}?Action=getSigninToken&Session=notjson`)).status).toBe(400);
  });

  it('refuses SessionDuration for chained roles and federation tokens, and GetSessionToken credentials entirely', async () => {
    const chained = await stsClient(fake, ssoCreds).send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: 'chain' }));
    expect((await signinToken(asCreds(chained.Credentials), 3600)).status).toBe(400);
    expect((await signinToken(asCreds(chained.Credentials))).status).toBe(200);
    const fed = await stsClient(fake, aliceKeys).send(new GetFederationTokenCommand({ Name: 'alice-console' }));
    expect((await signinToken(asCreds(fed.Credentials), 3600)).status).toBe(400);
    expect((await signinToken(asCreds(fed.Credentials))).status).toBe(200);
    const direct = await stsClient(fake, aliceKeys).send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: 'direct' }));
    expect((await signinToken(asCreds(direct.Credentials), 3600)).status).toBe(200);
    const session = await stsClient(fake, aliceKeys).send(new GetSessionTokenCommand({}));
    const res = await signinToken(asCreds(session.Credentials));
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/GetSessionToken/);
  });
});
