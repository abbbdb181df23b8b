import { GetRoleCredentialsCommand, SSOClient } from '@aws-sdk/client-sso';
import { AssumeRoleCommand, GetFederationTokenCommand, GetSessionTokenCommand, STSClient, type Credentials } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildConsoleSigninUrl } from '../../../src/core/console/federation';
import { createContext, type CoreContext } from '../../../src/core/context';
import { createLogger } from '../../../src/core/log';
import type { RoleCredentials } from '../../../src/core/types';
import { startFakeAws, type FakeAws } from '../../../devkit/fake-aws/index';
import { signInWithDeviceCode } from '../../../devkit/sign-in';
import { latchkeyErrorOf } from '../../helpers/errors';

const failure = latchkeyErrorOf;

// Console sign-in against the shared emulator, with credentials obtained the real way: an SSO
// device sign-in (devkit/sign-in) and GetRoleCredentials, then STS for chained-role and IAM-user credentials.

const IAM_USER = { userName: 'pat', accessKeyId: 'AKIAFAKEPATUSER00001', secretAccessKey: 'patSecretKey/0123456789abcdefghijklmnopqrs' };

let fake: FakeAws;
let logs: string[];
let ctx: CoreContext;
let ssoRole: RoleCredentials;

async function signInAndGetRoleCredentials(): Promise<RoleCredentials> {
  const { accessToken } = await signInWithDeviceCode(fake);
  const account = fake.accounts[0]!;
  const sso = new SSOClient({ region: fake.region, endpoint: fake.env.AWS_ENDPOINT_URL_SSO });
  try {
    const { roleCredentials: c } = await sso.send(new GetRoleCredentialsCommand({ accessToken, accountId: account.accountId, roleName: account.roles[0] }));
    return { accessKeyId: c!.accessKeyId!, secretAccessKey: c!.secretAccessKey!, sessionToken: c!.sessionToken!, expiration: c!.expiration! };
  } finally {
    sso.destroy();
  }
}

function sts({ accessKeyId, secretAccessKey, sessionToken }: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }): STSClient {
  return new STSClient({ region: fake.region, endpoint: fake.env.AWS_ENDPOINT_URL_STS, credentials: { accessKeyId, secretAccessKey, sessionToken } });
}

function fromSts(c: Credentials | undefined): RoleCredentials {
  return { accessKeyId: c!.AccessKeyId!, secretAccessKey: c!.SecretAccessKey!, sessionToken: c!.SessionToken!, expiration: c!.Expiration!.getTime() };
}

beforeAll(async () => {
  fake = await startFakeAws({ iamUsers: [IAM_USER], autoApprove: false });
  logs = [];
  ctx = createContext({ env: { ...fake.env }, logger: createLogger((line) => logs.push(line), 'debug') });
  ssoRole = await signInAndGetRoleCredentials();
});

afterAll(async () => {
  await fake?.close();
});

describe('console sign-in against fake-aws', () => {
  it('signs in with SSO role credentials, a session duration and a destination', async () => {
    const url = await buildConsoleSigninUrl(ctx, {
      credentials: ssoRole,
      kind: 'sso-role',
      region: 'eu-west-1',
      service: 'ec2',
      sessionDurationSeconds: 43_200,
    });
    expect(url.startsWith(`${fake.url}/federation?Action=login&Issuer=Latchkey&Destination=`)).toBe(true);

    const login = await fetch(url, { redirect: 'manual' });
    expect(login.status).toBeGreaterThanOrEqual(300);
    expect(login.status).toBeLessThan(400);
    expect(login.headers.get('location')).toBe('https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1');
    expect(fake.stats().federation.logins).toContain('https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1');
  });

  it('signs in as a chained role, leaving out the SessionDuration AWS refuses', async () => {
    const account = fake.accounts[0]!;
    const { Credentials } = await sts(ssoRole).send(
      new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${account.accountId}:role/Deployer`, RoleSessionName: 'latchkey-test' }),
    );
    const chained = fromSts(Credentials);
    const url = await buildConsoleSigninUrl(ctx, {
      credentials: chained,
      kind: 'chained-role',
      region: 'us-east-1',
      service: 'iam',
      sessionDurationSeconds: 3600,
    });
    const login = await fetch(url, { redirect: 'manual' });
    expect(login.headers.get('location')).toBe('https://console.aws.amazon.com/iam/home');

    // The emulator does refuse it, as AWS does, when the duration is sent anyway.
    const err = await failure(buildConsoleSigninUrl(ctx, { credentials: chained, kind: 'assumed-role', region: 'us-east-1', sessionDurationSeconds: 3600 }));
    expect(err.code).toBe('AWS_ERROR');
    expect(err.message).toMatch(/^AWS refused the console sign-in: HTTP 400/);
    expect(err.hint).toBeTruthy();
  });

  it('signs in with GetFederationToken credentials without a SessionDuration', async () => {
    const { Credentials } = await sts(IAM_USER).send(new GetFederationTokenCommand({ Name: 'pat-console' }));
    const url = await buildConsoleSigninUrl(ctx, {
      credentials: fromSts(Credentials),
      kind: 'federation-token',
      region: 'us-gov-west-1',
      sessionDurationSeconds: 7200,
    });
    const login = await fetch(url, { redirect: 'manual' });
    expect(login.headers.get('location')).toBe('https://console.amazonaws-us-gov.com/console/home?region=us-gov-west-1');
  });

  it('refuses GetSessionToken credentials as UNSUPPORTED', async () => {
    const { Credentials } = await sts(IAM_USER).send(new GetSessionTokenCommand({}));
    const err = await failure(buildConsoleSigninUrl(ctx, { credentials: fromSts(Credentials), kind: 'session-token', region: 'us-east-1' }));
    expect(err.code).toBe('UNSUPPORTED');
  });

  it('reports credentials AWS does not know as a refused sign-in', async () => {
    const forged: RoleCredentials = { ...ssoRole, secretAccessKey: 'forgedSecretKey/0123456789abcdefghijklmn' };
    const err = await failure(buildConsoleSigninUrl(ctx, { credentials: forged, kind: 'sso-role', region: 'us-east-1' }));
    expect(err.code).toBe('AWS_ERROR');
    expect(err.message).toMatch(/^AWS refused the console sign-in/);
  });

  it('logged nothing the emulator issued as a secret', () => {
    expect(logs.length).toBeGreaterThan(0);
    const secrets = fake.issuedSecrets();
    for (const line of logs) for (const secret of secrets) expect(line).not.toContain(secret);
  });
});
