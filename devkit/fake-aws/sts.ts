import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { RouteContext } from './http-util';
import type { FakeState, IssuedCredentials } from './state';
import { randomUpper } from './random';

// STS over awsQuery (form-encoded Action=…&Version=2011-06-15, XML responses): what both the
// JS SDK v3 and botocore send. The caller is identified from the SigV4 credential scope;
// signatures are not verified, but the key must be one the fake issued or an IAM user it knows,
// and the session token must go with the key.

const NS = 'https://sts.amazonaws.com/doc/2011-06-15/';
const ONE_HOUR = 3600;

class StsError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const denied = (message: string) => new StsError(403, 'AccessDenied', message);
const invalid = (message: string) => new StsError(400, 'ValidationError', message);

function xmlEscape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

function toXml(fields: Record<string, unknown>): string {
  return Object.entries(fields)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `<${k}>${typeof v === 'object' && v !== null ? toXml(v as Record<string, unknown>) : xmlEscape(String(v))}</${k}>`)
    .join('');
}

function sendXml(res: ServerResponse, status: number, xml: string): void {
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n${xml}`;
  res.writeHead(status, { 'content-type': 'text/xml', 'content-length': Buffer.byteLength(body), 'x-amzn-requestid': randomUUID() });
  res.end(body);
}

function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function callerFrom({ req, url, state }: RouteContext): IssuedCredentials {
  const auth = req.headers.authorization ?? '';
  const accessKeyId = /Credential=([^/,\s]+)\//.exec(auth)?.[1] ?? url.searchParams.get('X-Amz-Credential')?.split('/')[0];
  if (!accessKeyId) throw new StsError(403, 'MissingAuthenticationToken', 'Request is missing Authentication Token');
  const creds = state.credentials.get(accessKeyId);
  const sessionToken = req.headers['x-amz-security-token'] ?? url.searchParams.get('X-Amz-Security-Token') ?? undefined;
  if (!creds || creds.sessionToken !== sessionToken) {
    throw new StsError(403, 'InvalidClientTokenId', 'The security token included in the request is invalid.');
  }
  if (creds.expiration !== undefined && creds.expiration <= state.now()) {
    throw new StsError(400, 'ExpiredToken', 'The security token included in the request is expired');
  }
  return creds;
}

function durationFrom(params: URLSearchParams, fallback: number, min: number, max: number): number {
  const raw = params.get('DurationSeconds');
  if (raw === null) return fallback;
  const seconds = Number(raw);
  if (!Number.isInteger(seconds) || seconds < min) {
    throw invalid(
      `1 validation error detected: Value '${raw}' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to ${min}`,
    );
  }
  if (seconds > max) throw invalid(`The requested DurationSeconds exceeds the allowed maximum of ${max} seconds.`);
  return seconds;
}

/** Checks SerialNumber + TokenCode against the IAM user behind `caller`; true when MFA was supplied. */
function checkMfa(params: URLSearchParams, caller: IssuedCredentials): boolean {
  const serial = params.get('SerialNumber');
  const code = params.get('TokenCode');
  if (serial === null && code === null) return false;
  if (serial === null || code === null) throw invalid('SerialNumber and TokenCode must be given together');
  if (!/^\d{6}$/.test(code)) {
    throw invalid(`1 validation error detected: Value at 'tokenCode' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\d]*`);
  }
  const user = caller.user;
  if (!user?.mfaSerial || user.mfaSerial !== serial) {
    throw denied(
      'MultiFactorAuthentication failed, unable to validate MFA code.  Please verify your MFA serial number is valid and associated with this user.',
    );
  }
  if (code !== user.mfaCode) throw denied('MultiFactorAuthentication failed with invalid MFA one time pass code. ');
  return true;
}

function credentialsXml(creds: IssuedCredentials): Record<string, unknown> {
  return {
    AccessKeyId: creds.accessKeyId,
    SecretAccessKey: creds.secretAccessKey,
    SessionToken: creds.sessionToken,
    Expiration: isoSeconds(creds.expiration!),
  };
}

type Action = (params: URLSearchParams, caller: IssuedCredentials, state: FakeState) => Record<string, unknown>;

const ACTIONS: Record<string, Action> = {
  GetCallerIdentity: (_p, caller) => ({ UserId: caller.userId, Account: caller.accountId, Arn: caller.arn }),

  AssumeRole(params, caller, state) {
    const roleArn = params.get('RoleArn') ?? '';
    const sessionName = params.get('RoleSessionName') ?? '';
    const arn = /^arn:aws[\w-]*:iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/.exec(roleArn);
    if (!arn) throw invalid(`${roleArn || 'RoleArn'} is invalid`);
    if (!/^[\w+=,.@-]{2,64}$/.test(sessionName))
      throw invalid(`1 validation error detected: Value '${sessionName}' at 'roleSessionName' failed to satisfy constraint`);
    if (caller.kind === 'federation-token') throw denied('Federated users cannot call AssumeRole');
    const notAuthorised = () => denied(`User: ${caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`);
    if (state.assumableRoleArns && !state.assumableRoleArns.includes(roleArn)) throw notAuthorised();
    const externalId = state.roleExternalIds[roleArn];
    if (externalId !== undefined && params.get('ExternalId') !== externalId) throw notAuthorised();
    const mfa = checkMfa(params, caller);
    if (state.rolesRequiringMfa.includes(roleArn) && !mfa && !caller.mfaAuthenticated) throw notAuthorised();
    // Role credentials assuming a role is role chaining: AWS caps that session at one hour.
    const chained = caller.kind === 'sso-role' || caller.kind === 'assumed-role';
    const requested = durationFrom(params, ONE_HOUR, 900, 43200);
    if (chained && requested > ONE_HOUR) {
      throw invalid('The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.');
    }
    const [, accountId, roleName] = arn;
    const creds = state.issueCredentials({
      kind: 'assumed-role',
      expiration: state.now() + requested * 1000,
      accountId: accountId!,
      arn: `arn:aws:sts::${accountId}:assumed-role/${roleName}/${sessionName}`,
      userId: `AROA${randomUpper(17)}:${sessionName}`,
      chained,
      mfaAuthenticated: mfa || caller.mfaAuthenticated,
      user: caller.user,
    });
    return {
      Credentials: credentialsXml(creds),
      AssumedRoleUser: { AssumedRoleId: creds.userId, Arn: creds.arn },
      PackedPolicySize: params.has('Policy') ? 6 : undefined,
    };
  },

  GetSessionToken(params, caller, state) {
    if (caller.kind !== 'iam-user') throw denied('Cannot call GetSessionToken with session credentials');
    const duration = durationFrom(params, 43200, 900, 129600);
    const mfa = checkMfa(params, caller);
    const creds = state.issueCredentials({
      kind: 'session-token',
      expiration: state.now() + duration * 1000,
      accountId: caller.accountId,
      arn: caller.arn,
      userId: caller.userId,
      chained: false,
      mfaAuthenticated: mfa,
      user: caller.user,
    });
    return { Credentials: credentialsXml(creds) };
  },

  GetFederationToken(params, caller, state) {
    if (caller.kind !== 'iam-user') throw denied('Cannot call GetFederationToken with session credentials');
    const name = params.get('Name') ?? '';
    if (!/^[\w+=,.@-]{2,32}$/.test(name)) {
      throw invalid(`1 validation error detected: Value '${name}' at 'name' failed to satisfy constraint: Member must have length less than or equal to 32`);
    }
    const duration = durationFrom(params, 43200, 900, 129600);
    const creds = state.issueCredentials({
      kind: 'federation-token',
      expiration: state.now() + duration * 1000,
      accountId: caller.accountId,
      arn: `arn:aws:sts::${caller.accountId}:federated-user/${name}`,
      userId: `${caller.accountId}:${name}`,
      chained: false,
      mfaAuthenticated: false,
    });
    return {
      Credentials: credentialsXml(creds),
      FederatedUser: { FederatedUserId: creds.userId, Arn: creds.arn },
      PackedPolicySize: params.has('Policy') ? 6 : undefined,
    };
  },
};

export async function sts(ctx: RouteContext): Promise<void> {
  const params = new URLSearchParams(ctx.url.search);
  for (const [k, v] of new URLSearchParams(ctx.body)) params.set(k, v);
  const action = params.get('Action') ?? '';
  const requestId = randomUUID();
  if (action) ctx.state.bump(ctx.state.stats.sts, action);
  try {
    const handler = ACTIONS[action];
    if (!handler) throw new StsError(400, 'InvalidAction', `Could not find operation ${action || '(none)'} for version 2011-06-15`);
    const result = handler(params, callerFrom(ctx), ctx.state);
    sendXml(
      ctx.res,
      200,
      `<${action}Response xmlns="${NS}"><${action}Result>${toXml(result)}</${action}Result><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`,
    );
  } catch (err) {
    if (!(err instanceof StsError)) throw err;
    const type = err.status >= 500 ? 'Receiver' : 'Sender';
    sendXml(
      ctx.res,
      err.status,
      `<ErrorResponse xmlns="${NS}"><Error><Type>${type}</Type><Code>${err.code}</Code><Message>${xmlEscape(err.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
    );
  }
}
