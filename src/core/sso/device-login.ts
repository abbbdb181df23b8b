import { CreateTokenCommand, StartDeviceAuthorizationCommand, type SSOOIDCClient } from '@aws-sdk/client-sso-oidc';
import type { CoreContext } from '../context';
import { LatchkeyError } from '../errors';
import { registerSecret } from '../redact';
import type { SsoSessionRef } from '../types';
import { DEVICE_GRANT_TYPE, errorName, mapOidcError, scopesOf } from './oidc';
import type { ClientRegistration } from './registration-cache';
import { openQuietly, tokensFrom, type DeviceCodeReason, type OidcTokens, type SignInPrompt } from './sign-in';

// The OAuth 2.0 device authorization grant (RFC 8628) as SSO-OIDC implements it. The SDK does
// not retry SlowDown, so the polling rules live here: the returned interval (5 s if absent),
// +5 s for good on each SlowDown, AuthorizationPending means poll again, ExpiredToken ends it.

const DEFAULT_INTERVAL_S = 5;
const SLOW_DOWN_STEP_S = 5;

export interface DeviceLoginOptions {
  openBrowser: boolean;
  /** Why the device code is used though nobody asked for it; passed on to the prompt. */
  reason?: string;
  reasonCode?: DeviceCodeReason;
  onPrompt: SignInPrompt;
  signal: AbortSignal;
}

export async function deviceLogin(
  ctx: CoreContext,
  client: SSOOIDCClient,
  session: SsoSessionRef,
  registration: ClientRegistration,
  options: DeviceLoginOptions,
): Promise<OidcTokens> {
  const { signal } = options;
  let auth;
  try {
    auth = await client.send(
      new StartDeviceAuthorizationCommand({ clientId: registration.clientId, clientSecret: registration.clientSecret, startUrl: session.startUrl }),
      { abortSignal: signal },
    );
  } catch (err) {
    if (signal.aborted) throw signal.reason;
    throw mapOidcError(err, 'device', session);
  }
  registerSecret(auth.deviceCode);
  if (!auth.deviceCode || !auth.userCode || !auth.verificationUri) {
    throw new LatchkeyError('AWS_ERROR', 'AWS IAM Identity Center returned an incomplete device authorization.');
  }
  const verificationUriComplete = auth.verificationUriComplete ?? auth.verificationUri;
  const expiresAt = ctx.clock.now() + (auth.expiresIn ?? 600) * 1000;
  options.onPrompt({
    kind: 'device',
    userCode: auth.userCode,
    verificationUri: auth.verificationUri,
    verificationUriComplete,
    expiresAt,
    ...(options.reason ? { reason: options.reason } : {}),
    ...(options.reasonCode ? { reasonCode: options.reasonCode } : {}),
  });
  if (options.openBrowser) void openQuietly(ctx, verificationUriComplete);

  let intervalS = auth.interval && auth.interval > 0 ? auth.interval : DEFAULT_INTERVAL_S;
  for (;;) {
    if (ctx.clock.now() >= expiresAt) throw codeExpired();
    try {
      const out = await client.send(
        new CreateTokenCommand({
          clientId: registration.clientId,
          clientSecret: registration.clientSecret,
          grantType: DEVICE_GRANT_TYPE,
          deviceCode: auth.deviceCode,
          scope: [...scopesOf(session)],
        }),
        { abortSignal: signal },
      );
      return tokensFrom(out);
    } catch (err) {
      if (signal.aborted) throw signal.reason;
      switch (errorName(err)) {
        case 'AuthorizationPendingException':
          break;
        case 'SlowDownException':
          intervalS += SLOW_DOWN_STEP_S;
          ctx.logger.debug('Device sign-in: asked to slow down', { intervalSeconds: intervalS });
          break;
        case 'ExpiredTokenException':
          throw codeExpired(err);
        case 'AccessDeniedException':
          throw new LatchkeyError('SIGN_IN_DENIED', 'The sign-in was denied.', {
            hint: 'Sign in again.',
            cliHint: 'Run "latchkey login --device-code" to get a new code.',
            cause: err,
          });
        default:
          throw mapOidcError(err, 'device', session);
      }
    }
    await ctx.clock.sleep(intervalS * 1000, signal);
  }
}

function codeExpired(cause?: unknown): LatchkeyError {
  return new LatchkeyError('SIGN_IN_DENIED', 'The sign-in code expired before it was approved. Sign in again.', {
    hint: 'Approve the code within its time limit.',
    cliHint: 'Run "latchkey login --device-code" and approve the new code within its time limit.',
    cause,
  });
}
