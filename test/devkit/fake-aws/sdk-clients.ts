// Shared set-up for the fake's own tests: real SDK clients pointed at the fake.
import { RegisterClientCommand, SSOOIDCClient } from '@aws-sdk/client-sso-oidc';
import { SSOClient } from '@aws-sdk/client-sso';
import { STSClient } from '@aws-sdk/client-sts';
import type { FakeAws } from '../../../devkit/fake-aws/index';

export const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

// maxAttempts 1: the fake's errors must reach the test as they were sent, not be retried away.
export function oidcClient(fake: FakeAws): SSOOIDCClient {
  return new SSOOIDCClient({ region: fake.region, endpoint: fake.env.AWS_ENDPOINT_URL_SSO_OIDC, maxAttempts: 1 });
}

export function ssoClient(fake: FakeAws, maxAttempts = 1): SSOClient {
  return new SSOClient({ region: fake.region, endpoint: fake.env.AWS_ENDPOINT_URL_SSO, maxAttempts });
}

export function stsClient(fake: FakeAws, credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }): STSClient {
  return new STSClient({ region: fake.region, endpoint: fake.env.AWS_ENDPOINT_URL_STS, maxAttempts: 1, credentials });
}

export async function registerDeviceClient(fake: FakeAws, scopes: string[] = ['sso:account:access']) {
  const reg = await oidcClient(fake).send(new RegisterClientCommand({ clientName: 'test', clientType: 'public', scopes }));
  return { clientId: reg.clientId!, clientSecret: reg.clientSecret!, registration: reg };
}

/** Captures the rejection of a promise so a test can look at its name and fields. */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error & { $metadata?: { httpStatusCode?: number }; error?: string; Code?: string }> {
  try {
    await promise;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a rejection');
}
