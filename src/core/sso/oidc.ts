import { RegisterClientCommand, SSOOIDCClient, type RegisterClientCommandInput, type RegisterClientCommandOutput } from '@aws-sdk/client-sso-oidc';
import type { BuildMiddleware } from '@smithy/types';
import { endpointFor, type CoreContext } from '../context';
import { LatchkeyError } from '../errors';
import { logAwsCalls } from '../aws/sdk-call-log';
import { redact, redactAndShorten } from '../redact';
import { assertRegion, assertStartUrl } from '../validation';
import type { SsoSessionRef } from '../types';

// The SSO-OIDC service (AWS's protocol, unsigned JSON): client construction, endpoint
// resolution, input validation and the mapping of its errors onto our stable codes.

/** What the AWS CLI asks for when an sso-session names no sso_registration_scopes: the portal
 * scope, which is also what makes AWS hand out a refresh token. */
export const PORTAL_SCOPE = 'sso:account:access';
export const DEFAULT_SCOPES: readonly string[] = [PORTAL_SCOPE];

/** The scopes a sign-in asks for, in the registration, the authorize request and the token. */
export function scopesOf(session: SsoSessionRef): readonly string[] {
  return session.scopes?.length ? session.scopes : DEFAULT_SCOPES;
}
export const DEVICE_GRANT_TYPE = 'urn:ietf:params:oauth:grant-type:device_code';

/** Fails with BAD_INPUT before any network call when the session cannot possibly work. */
export function validateSession(session: SsoSessionRef): void {
  assertRegion(session.region);
  assertStartUrl(session.startUrl);
}

/**
 * The base URL the SDK sends this client's calls to, for the /authorize page, which the SDK does
 * not model. Found as the AWS CLI finds it (botocore SSOTokenFetcherAuth._get_base_authorization_uri):
 * a RegisterClient is built, its endpoint resolved, and it is stopped before anything is sent.
 * So every partition (oidc.eusc-de-east-1.amazonaws.eu, …), AWS_ENDPOINT_URL_SSO_OIDC and the
 * SDK's FIPS and dual-stack settings give the host the other calls go to.
 */
export async function oidcBaseUrl(client: SSOOIDCClient): Promise<string> {
  const probe = new RegisterClientCommand({ clientName: 'latchkey-endpoint', clientType: 'public' });
  let base: string | undefined;
  const stop: BuildMiddleware<RegisterClientCommandInput, RegisterClientCommandOutput> = () => async (args) => {
    const request = args.request as { protocol?: string; hostname?: string; port?: number; path?: string };
    const port = request.port ? `:${request.port}` : '';
    // The operation's own path comes after the endpoint's (an emulator may sit under a prefix).
    base = `${request.protocol}//${request.hostname}${port}${(request.path ?? '').replace(/\/client\/register$/, '')}`;
    return { output: { $metadata: {} } as RegisterClientCommandOutput, response: undefined };
  };
  probe.middlewareStack.add(stop, { step: 'build', priority: 'low', name: 'latchkeyEndpointProbe' });
  await client.send(probe);
  if (!base) throw new LatchkeyError('AWS_ERROR', 'Could not work out the AWS IAM Identity Center sign-in address.');
  return base.replace(/\/+$/, '');
}

export function createOidcClient(ctx: Pick<CoreContext, 'env' | 'logger'>, region: string): SSOOIDCClient {
  const endpoint = endpointFor(ctx, 'SSO_OIDC');
  const client = new SSOOIDCClient({
    region,
    ...(endpoint ? { endpoint } : {}),
    maxAttempts: 3,
    // A hung connection must not hang a sign-in or a refresh forever.
    requestHandler: { connectionTimeout: 10_000, requestTimeout: 30_000 },
  });
  logAwsCalls(client, ctx.logger);
  return client;
}

export type OidcStage = 'register' | 'device' | 'token' | 'refresh' | 'logout';

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'ECONNRESET', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE']);

export function errorName(err: unknown): string {
  return (err as { name?: string } | undefined)?.name ?? '';
}

export function isNetworkError(err: unknown): boolean {
  const e = err as { code?: string; name?: string; $metadata?: { httpStatusCode?: number }; cause?: unknown } | undefined;
  if (!e) return false;
  if (e.code && NETWORK_CODES.has(e.code)) return true;
  if (e.name === 'TimeoutError' || e.name === 'RequestTimeout') return true;
  // An SDK error without an HTTP status and without a service fault never got an answer.
  return e.$metadata !== undefined && e.$metadata.httpStatusCode === undefined && !('$fault' in e);
}

/** A 2xx whose body the SDK could not parse (truncated or garbled): AWS refused nothing. */
function isUnreadableAnswer(err: unknown): boolean {
  const e = err as { $response?: { statusCode?: number }; $metadata?: { httpStatusCode?: number } } | undefined;
  const status = e?.$metadata?.httpStatusCode ?? e?.$response?.statusCode;
  return e?.$response !== undefined && status !== undefined && status >= 200 && status < 300;
}

/** Turns an SDK error into a LatchkeyError whose message names the stage and never a secret. */
export function mapOidcError(err: unknown, stage: OidcStage, session: SsoSessionRef): LatchkeyError {
  if (err instanceof LatchkeyError) return err;
  const name = errorName(err);
  // One line: SDK messages go on about "$response" on the next, which helps nobody here.
  const detail = redactAndShorten(redact((err as Error | undefined)?.message ?? String(err)).split('\n')[0]!, 300);
  if (isUnreadableAnswer(err)) {
    return new LatchkeyError('AWS_ERROR', `AWS IAM Identity Center sent an unreadable answer to the ${stageWords[stage]}.`, {
      hint: 'Try again in a moment.',
      cause: err,
    });
  }
  if (isNetworkError(err)) {
    return new LatchkeyError('NETWORK', `Could not reach AWS IAM Identity Center in ${session.region}: ${detail}`, {
      hint: 'Check your connection or VPN, then try again.',
      cause: err,
    });
  }
  switch (name) {
    case 'InvalidRequestException':
    case 'InvalidRequestRegionException':
      if (stage === 'register' || stage === 'device') {
        return new LatchkeyError('BAD_INPUT', `AWS rejected the sign-in request for ${session.startUrl} in ${session.region}: ${detail}`, {
          hint: 'Check the start URL and the region of your IAM Identity Center instance.',
          cause: err,
        });
      }
      break;
    case 'InvalidGrantException':
    case 'ExpiredTokenException':
      if (stage === 'refresh') return notSignedIn('Your sign-in ended.', err);
      break;
    case 'AccessDeniedException':
      if (stage === 'token' || stage === 'device') {
        return new LatchkeyError('SIGN_IN_DENIED', 'The sign-in was denied.', {
          hint: 'Sign in again.',
          cliHint: 'Run "latchkey login" to try again.',
          cause: err,
        });
      }
      break;
    case 'InternalServerException':
      return new LatchkeyError('AWS_ERROR', `AWS IAM Identity Center had an internal error: ${detail}`, { hint: 'Try again in a moment.', cause: err });
    case 'TooManyRequestsException':
    case 'ThrottlingException':
      return new LatchkeyError('THROTTLED', `AWS IAM Identity Center is throttling requests: ${detail}`, {
        hint: 'Wait a moment, then try again.',
        cause: err,
      });
  }
  return new LatchkeyError('AWS_ERROR', `AWS IAM Identity Center refused the ${stageWords[stage]} (${name || 'error'}): ${detail}`, { cause: err });
}

const stageWords: Record<OidcStage, string> = {
  register: 'client registration',
  device: 'device authorization',
  token: 'sign-in',
  refresh: 'token refresh',
  logout: 'sign-out',
};

export function notSignedIn(why: string, cause?: unknown): LatchkeyError {
  // The message already says to sign in again: the command adds how; the app needs no more.
  return new LatchkeyError('NOT_SIGNED_IN', `${why} Sign in again.`, { cliHint: 'Run "latchkey login".', cause });
}
