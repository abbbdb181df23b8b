import type { STSClient } from '@aws-sdk/client-sts';
import type { MiddlewareStack } from '@smithy/types';
import { endpointFor, type CoreContext } from '../context';
import { LatchkeyError } from '../errors';
import { redact, registerSecret } from '../redact';
import type { RoleCredentials } from '../types';
import { SERVER_DATE_STEP, serverClock } from '../aws/server-clock';
import { logAwsCalls } from '../aws/sdk-call-log';

// The three STS calls of IAM users and role chains, with AWS's failures turned into messages a
// person can act on. The SDK is loaded on first use so commands that never call STS (the
// credential_process cache hit) do not pay for it.

export interface AwsKeys {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface MfaToken {
  serial: string;
  code: string;
}

/** The STS region for a role/partition: a profile's region where set, else the partition's
 * default (STS is global per partition; its regional endpoints all answer). */
export function stsRegion(region: string | undefined, arn?: string): string {
  if (region) return region;
  const partition = /^arn:(aws[\w-]*):/.exec(arn ?? '')?.[1];
  // aws-eusc has one region (eusc-de-east-1, botocore's partitions.json).
  return partition === 'aws-us-gov' ? 'us-gov-west-1' : partition === 'aws-cn' ? 'cn-north-1' : partition === 'aws-eusc' ? 'eusc-de-east-1' : 'us-east-1';
}

/** One STS call with these credentials: the client is made for it and closed after it, and
 * a failure becomes a LatchkeyError that says what to do (see stsError). */
async function callSts<T>(
  ctx: CoreContext,
  credentials: AwsKeys,
  region: string,
  what: StsCallContext,
  call: (sts: STSClient, commands: typeof import('@aws-sdk/client-sts')) => Promise<T>,
): Promise<T> {
  const commands = await import('@aws-sdk/client-sts');
  registerSecret(credentials.secretAccessKey);
  registerSecret(credentials.sessionToken);
  const sts = new commands.STSClient({
    region,
    endpoint: endpointFor(ctx, 'STS'),
    maxAttempts: 3,
    // Only the key material: the SDK would judge an expiration by the wall clock, not ours.
    credentials: {
      accessKeyId: credentials.accessKeyId,
      secretAccessKey: credentials.secretAccessKey,
      ...(credentials.sessionToken ? { sessionToken: credentials.sessionToken } : {}),
    },
    requestHandler: { requestTimeout: 15_000, throwOnRequestTimeout: true, connectionTimeout: 10_000 },
  });
  logAwsCalls(sts, ctx.logger);
  try {
    return await call(sts, commands);
  } catch (err) {
    throw stsError(err, what);
  } finally {
    sts.destroy();
  }
}

/** Notes AWS's clock on the answer to `command`, so expirations in it can be put on ours. */
function noteAwsClock<I extends object, O extends object>(
  ctx: CoreContext,
  command: { middlewareStack: MiddlewareStack<I, O> },
): (expiration: number) => number {
  const awsClock = serverClock(ctx.clock, ctx.logger);
  command.middlewareStack.add(awsClock.middleware, SERVER_DATE_STEP);
  return awsClock.toLocal;
}

type StsCredentials = { AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string; Expiration?: Date } | undefined;

function toCredentials(c: StsCredentials, operation: string, toLocal: (expiration: number) => number): RoleCredentials {
  registerSecret(c?.SecretAccessKey);
  registerSecret(c?.SessionToken);
  if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken || !(c.Expiration instanceof Date)) {
    throw new LatchkeyError('AWS_ERROR', `AWS STS sent an unreadable answer to ${operation}.`, { hint: 'Try again in a minute.' });
  }
  return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration: toLocal(c.Expiration.getTime()) };
}

/** GetSessionToken with the long-term keys, with MFA when `mfa` is given. */
export function getSessionToken(
  ctx: CoreContext,
  keys: AwsKeys,
  options: { region: string; durationSeconds?: number; mfa?: MfaToken; profile: string },
): Promise<RoleCredentials> {
  const what = { operation: 'GetSessionToken', profile: options.profile, ...(options.mfa ? { serial: options.mfa.serial } : {}) };
  return callSts(ctx, keys, options.region, what, async (sts, { GetSessionTokenCommand }) => {
    const command = new GetSessionTokenCommand({
      ...(options.durationSeconds ? { DurationSeconds: options.durationSeconds } : {}),
      ...(options.mfa ? { SerialNumber: options.mfa.serial, TokenCode: options.mfa.code } : {}),
    });
    const toLocal = noteAwsClock(ctx, command);
    const out = await sts.send(command);
    return toCredentials(out.Credentials, what.operation, toLocal);
  });
}

export interface AssumeRoleInput {
  roleArn: string;
  roleSessionName: string;
  region: string;
  externalId?: string;
  durationSeconds?: number;
  mfa?: MfaToken;
  profile: string;
}

export function assumeRole(ctx: CoreContext, credentials: AwsKeys, input: AssumeRoleInput): Promise<RoleCredentials> {
  const what = { operation: 'AssumeRole', profile: input.profile, roleArn: input.roleArn, ...(input.mfa ? { serial: input.mfa.serial } : {}) };
  return callSts(ctx, credentials, input.region, what, async (sts, { AssumeRoleCommand }) => {
    const command = new AssumeRoleCommand({
      RoleArn: input.roleArn,
      RoleSessionName: input.roleSessionName,
      ...(input.externalId ? { ExternalId: input.externalId } : {}),
      ...(input.durationSeconds ? { DurationSeconds: input.durationSeconds } : {}),
      ...(input.mfa ? { SerialNumber: input.mfa.serial, TokenCode: input.mfa.code } : {}),
    });
    const toLocal = noteAwsClock(ctx, command);
    const out = await sts.send(command);
    return toCredentials(out.Credentials, what.operation, toLocal);
  });
}

/** Allows everything, so the federated session gets exactly the IAM user's own permissions
 * (AWS grants the intersection of the user's policies and this one). */
export const ALLOW_ALL_POLICY = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}';

/** GetFederationToken with long-term keys (AWS refuses it with any session credentials). */
export function getFederationToken(
  ctx: CoreContext,
  keys: AwsKeys,
  options: { name: string; region: string; profile: string; durationSeconds?: number },
): Promise<RoleCredentials> {
  const what = { operation: 'GetFederationToken', profile: options.profile };
  return callSts(ctx, keys, options.region, what, async (sts, { GetFederationTokenCommand }) => {
    const command = new GetFederationTokenCommand({
      Name: options.name,
      Policy: ALLOW_ALL_POLICY,
      ...(options.durationSeconds ? { DurationSeconds: options.durationSeconds } : {}),
    });
    const toLocal = noteAwsClock(ctx, command);
    const out = await sts.send(command);
    return toCredentials(out.Credentials, what.operation, toLocal);
  });
}

export function getCallerIdentity(ctx: CoreContext, credentials: AwsKeys, region: string): Promise<{ account: string; arn: string }> {
  return callSts(ctx, credentials, region, { operation: 'GetCallerIdentity', profile: '' }, async (sts, { GetCallerIdentityCommand }) => {
    const out = await sts.send(new GetCallerIdentityCommand({}));
    return { account: out.Account ?? '', arn: out.Arn ?? '' };
  });
}

/** A federated user's name: 2..32 of [\w+=,.@-] (AWS's rule), from the profile name. */
export function federationName(profile: string): string {
  const cleaned = `latchkey-${profile}`.replace(/[^\w+=,.@-]/g, '-');
  return cleaned.slice(0, 32);
}

interface StsErrorShape {
  name?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

const NETWORK = /ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH|socket hang up|TimeoutError|RequestTimeout/;

/** What a call was about, for its error message. */
interface StsCallContext {
  operation: string;
  profile: string;
  roleArn?: string;
  serial?: string;
}

/** Turns an STS failure into a LatchkeyError that says what to do. Never includes a secret. */
export function stsError(err: unknown, what: StsCallContext): LatchkeyError {
  if (err instanceof LatchkeyError) return err;
  const e = (err ?? {}) as StsErrorShape;
  const name = e.name ?? '';
  // AWS's text ends the message and a hint follows it: make it a sentence.
  const message = sentence(redact(e.message ?? String(err)));
  const status = e.$metadata?.httpStatusCode;
  const who = what.profile ? ` (profile "${what.profile}")` : '';
  if (what.serial && /MultiFactorAuthentication failed with invalid MFA one time pass code/i.test(message)) {
    return new LatchkeyError('ACCESS_DENIED', `The MFA code was not accepted by AWS${who}.`, {
      hint: 'Wait for the next code on your MFA device (each code works once), then try again.',
      cause: err,
    });
  }
  if (what.serial && /MultiFactorAuthentication failed|serial number is valid|not associated|MFA device/i.test(message)) {
    return new LatchkeyError('ACCESS_DENIED', `AWS does not know the MFA device ${what.serial} for this user${who}.`, {
      hint: 'Check mfa_serial: it must be the ARN of an MFA device assigned to this IAM user (IAM → Users → Security credentials).',
      cause: err,
    });
  }
  if (name === 'InvalidClientTokenId' || name === 'SignatureDoesNotMatch' || name === 'UnrecognizedClientException') {
    return new LatchkeyError('ACCESS_DENIED', `AWS did not accept the access key${who} for ${what.operation}.`, {
      hint: 'The key may have been deactivated, deleted or mistyped. Check it in the credentials file, or create a new access key.',
      cause: err,
    });
  }
  if (name === 'ExpiredToken' || name === 'ExpiredTokenException') {
    return new LatchkeyError('NOT_SIGNED_IN', `The credentials used for ${what.operation}${who} have expired.`, {
      hint: 'Sign in again (or renew the profile the credentials come from), then try again.',
      cliHint: 'Get fresh ones (latchkey use or latchkey login), then try again.',
      cause: err,
    });
  }
  if (name === 'AccessDenied' || name === 'AccessDeniedException' || status === 403) {
    const subject = what.profile ? `profile "${what.profile}"` : 'these credentials';
    const target = what.roleArn ? `assume ${what.roleArn}` : `call ${what.operation}`;
    return new LatchkeyError('ACCESS_DENIED', `AWS did not let ${subject} ${target}: ${message}`, {
      hint: what.roleArn
        ? "Check the role's trust policy (and whether it needs MFA or an external id: mfa_serial, external_id in ~/.aws/config)."
        : "Check the IAM user's permissions.",
      cause: err,
    });
  }
  if (name === 'ValidationError' && /DurationSeconds/i.test(message)) {
    return new LatchkeyError('BAD_CONFIG_FILE', `AWS refused the session length${who}: ${message}`, {
      hint: "Lower duration_seconds in ~/.aws/config (the role's maximum session duration, or 3600 for chained roles).",
      cause: err,
    });
  }
  if (name === 'Throttling' || name === 'ThrottlingException' || status === 429) {
    return new LatchkeyError('THROTTLED', `AWS STS is throttling ${what.operation}.`, { hint: 'Wait a few seconds, then try again.', cause: err });
  }
  if (NETWORK.test(`${e.code ?? ''} ${name} ${message}`) && status === undefined) {
    return new LatchkeyError('NETWORK', `Could not reach AWS STS for ${what.operation}.`, {
      hint: 'Check the network connection (and AWS_ENDPOINT_URL_STS if set), then try again.',
      cause: err,
    });
  }
  return new LatchkeyError('AWS_ERROR', `AWS STS refused ${what.operation}${who}: ${name ? `${name}: ` : ''}${message}`, { cause: err });
}

function sentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}
