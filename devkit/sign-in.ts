// An access token from the emulator without Latchkey's own sign-in code: the real SSO-OIDC SDK
// client runs the device-code flow and the caller's code approves it, as a person would in the
// browser.
import { CreateTokenCommand, RegisterClientCommand, SSOOIDCClient, StartDeviceAuthorizationCommand } from '@aws-sdk/client-sso-oidc';
import type { FakeAws } from './fake-aws/index';

export interface DeviceSignIn {
  accessToken: string;
  refreshToken: string;
  clientId: string;
  clientSecret: string;
  clientSecretExpiresAt: number;
  expiresIn: number;
}

/** Registers a client, starts a device authorization, approves it in the emulator and returns the tokens. */
export async function signInWithDeviceCode(fake: FakeAws, scopes: string[] = ['sso:account:access']): Promise<DeviceSignIn> {
  // One attempt: the emulator's errors reach the caller as they were sent, not retried away.
  const oidc = new SSOOIDCClient({ region: fake.region, endpoint: fake.env.AWS_ENDPOINT_URL_SSO_OIDC, maxAttempts: 1 });
  try {
    const reg = await oidc.send(new RegisterClientCommand({ clientName: 'latchkey-test', clientType: 'public', scopes }));
    const clientId = reg.clientId!;
    const clientSecret = reg.clientSecret!;
    const device = await oidc.send(new StartDeviceAuthorizationCommand({ clientId, clientSecret, startUrl: fake.startUrl }));
    fake.approveDevice(device.userCode!);
    const token = await oidc.send(
      new CreateTokenCommand({ clientId, clientSecret, grantType: 'urn:ietf:params:oauth:grant-type:device_code', deviceCode: device.deviceCode }),
    );
    return {
      accessToken: token.accessToken!,
      refreshToken: token.refreshToken!,
      clientId,
      clientSecret,
      clientSecretExpiresAt: reg.clientSecretExpiresAt!,
      expiresIn: token.expiresIn!,
    };
  } finally {
    oidc.destroy();
  }
}
