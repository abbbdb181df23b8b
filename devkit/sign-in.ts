// An access token from the emulator without Latchkey's own sign-in code: the real SSO-OIDC SDK
// client runs the device-code flow and the test approves it, as a person would in the browser.
import { CreateTokenCommand, RegisterClientCommand, SSOOIDCClient, StartDeviceAuthorizationCommand } from '@aws-sdk/client-sso-oidc';
import type { FakeAws } from './fake-aws/index';

export interface FakeSignIn {
  accessToken: string;
  refreshToken: string | undefined;
  clientId: string;
  clientSecret: string;
  expiresIn: number;
}

/** Registers a client, starts a device authorization, approves it in the fake and returns the tokens. */
export async function signInToFake(fake: FakeAws): Promise<FakeSignIn> {
  const oidc = new SSOOIDCClient({ region: fake.region, endpoint: fake.env.AWS_ENDPOINT_URL_SSO_OIDC, maxAttempts: 1 });
  try {
    const reg = await oidc.send(new RegisterClientCommand({ clientName: 'latchkey-test', clientType: 'public', scopes: ['sso:account:access'] }));
    const clientId = reg.clientId!;
    const clientSecret = reg.clientSecret!;
    const device = await oidc.send(new StartDeviceAuthorizationCommand({ clientId, clientSecret, startUrl: fake.startUrl }));
    fake.approveDevice(device.userCode!);
    const token = await oidc.send(
      new CreateTokenCommand({ clientId, clientSecret, grantType: 'urn:ietf:params:oauth:grant-type:device_code', deviceCode: device.deviceCode }),
    );
    return { accessToken: token.accessToken!, refreshToken: token.refreshToken, clientId, clientSecret, expiresIn: token.expiresIn ?? 0 };
  } finally {
    oidc.destroy();
  }
}
