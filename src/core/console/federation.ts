import type { CoreContext } from '../context';
import { LatchkeyError } from '../errors';
import { redact, redactAndShorten, registerSecret } from '../redact';
import type { RoleCredentials } from '../types';
import { consoleDestination } from './destinations';
import { federationEndpoint } from './federation-endpoint';
export { federationEndpoint } from './federation-endpoint';
import { consoleUrlForMode, type ConsoleMode } from './modes';
import { normalizeRegion, partitionOf } from './partitions';

/** How the credentials were obtained; it decides what the federation endpoint accepts. */
export type CredentialKind = 'sso-role' | 'assumed-role' | 'chained-role' | 'federation-token' | 'session-token';

export interface ConsoleUrlOptions {
  credentials: RoleCredentials;
  kind: CredentialKind;
  region: string;
  service?: string;
  /** Page inside the service, see `consoleDestination`. */
  path?: string;
  /** Shown by AWS as where the person came from. Default 'Latchkey'. */
  issuer?: string;
  /** Console session length, 900..43200; only sent where AWS allows it (not for chained-role/federation-token). */
  sessionDurationSeconds?: number;
  /** Refuse, rather than drop, a session duration these credentials cannot carry (the person asked for it). */
  durationRequired?: boolean;
  /** What to open: the sign-in URL itself, or a sign-out that hands over to it. Default multi-session. */
  mode?: ConsoleMode;
  /** How long to wait for the sign-in token. Default 15 s. */
  timeoutMs?: number;
}

/** What a caller chooses about a console open, beside the credentials and region. */
export interface ConsoleOpenOptions {
  region?: string;
  service?: string;
  path?: string;
  mode?: ConsoleMode;
  sessionDurationSeconds?: number;
  durationRequired?: boolean;
}

/** The parts of ConsoleOpenOptions that pass straight to buildConsoleSigninUrl (all but region). */
export function consoleOpenParts(o: ConsoleOpenOptions): Partial<ConsoleUrlOptions> {
  return {
    ...(o.service ? { service: o.service } : {}),
    ...(o.path !== undefined ? { path: o.path } : {}),
    ...(o.mode ? { mode: o.mode } : {}),
    ...(o.sessionDurationSeconds !== undefined ? { sessionDurationSeconds: o.sessionDurationSeconds } : {}),
    ...(o.durationRequired ? { durationRequired: true } : {}),
  };
}

const DEFAULT_ISSUER = 'Latchkey';
const DEFAULT_TIMEOUT_MS = 15_000;
const MIN_SESSION_SECONDS = 900;
const MAX_SESSION_SECONDS = 43_200;

/**
 * Turns role credentials into a console sign-in URL: asks the federation endpoint for a
 * sign-in token (Action=getSigninToken), then builds the Action=login URL around it. The URL
 * is a bearer credential valid for 15 minutes: it is returned, never logged.
 */
export async function buildConsoleSigninUrl(ctx: CoreContext, options: ConsoleUrlOptions): Promise<string> {
  const { credentials, kind } = options;
  if (kind === 'session-token') {
    throw new LatchkeyError('UNSUPPORTED', 'AWS does not allow console sign-in with GetSessionToken credentials (such as an IAM user with MFA).', {
      hint: 'Assume a role with these credentials first, then open the console as that role.',
    });
  }
  registerSecret(credentials.secretAccessKey);
  registerSecret(credentials.sessionToken);

  // Validate everything local before touching the network.
  const region = normalizeRegion(options.region);
  const partition = partitionOf(region);
  const destination = consoleDestination({ region, service: options.service, path: options.path });
  const sessionDuration = sessionDurationFor(ctx, kind, options.sessionDurationSeconds, options.durationRequired === true);
  const endpoint = federationEndpoint(ctx, partition);

  const signinToken = await requestSigninToken(ctx, endpoint, options, sessionDuration);
  registerSecret(signinToken);
  ctx.logger.info('console: sign-in URL ready', { partition, kind, region, service: options.service ?? null });

  const issuer = options.issuer ?? DEFAULT_ISSUER;
  const signinUrl =
    `${endpoint}?Action=login` +
    `&Issuer=${encodeURIComponent(issuer)}` +
    `&Destination=${encodeURIComponent(destination)}` +
    `&SigninToken=${encodeURIComponent(signinToken)}`;
  return consoleUrlForMode(ctx, options.mode ?? 'multi-session', partition, signinUrl);
}

/**
 * AWS rejects SessionDuration for chained roles (capped at one hour by STS) and for
 * GetFederationToken credentials (the session lasts as long as they do), so it is dropped there.
 */
function sessionDurationFor(ctx: CoreContext, kind: CredentialKind, seconds: number | undefined, required: boolean): number | undefined {
  if (seconds === undefined) return undefined;
  if (!Number.isInteger(seconds) || seconds < MIN_SESSION_SECONDS || seconds > MAX_SESSION_SECONDS) {
    throw new LatchkeyError('BAD_INPUT', `A console session lasts ${MIN_SESSION_SECONDS} to ${MAX_SESSION_SECONDS} seconds, not ${seconds}.`, {
      hint: 'Choose a session duration between 15 minutes and 12 hours.',
    });
  }
  if (kind === 'chained-role' || kind === 'federation-token') {
    if (required) {
      const what = kind === 'chained-role' ? 'a chained role' : "an IAM user's federation token";
      throw new LatchkeyError('BAD_INPUT', `AWS does not accept a console session duration for ${what}.`, {
        hint: 'Open the console without --duration.',
      });
    }
    ctx.logger.debug('console: session duration not sent; AWS does not accept it for these credentials', { kind });
    return undefined;
  }
  return seconds;
}

async function requestSigninToken(ctx: CoreContext, endpoint: string, options: ConsoleUrlOptions, sessionDuration: number | undefined): Promise<string> {
  const { credentials, kind } = options;
  const session = JSON.stringify({
    sessionId: credentials.accessKeyId,
    sessionKey: credentials.secretAccessKey,
    sessionToken: credentials.sessionToken,
  });
  const url =
    `${endpoint}?Action=getSigninToken` +
    (sessionDuration === undefined ? '' : `&SessionDuration=${sessionDuration}`) +
    `&Session=${encodeURIComponent(session)}`;
  const host = new URL(endpoint).host;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  ctx.logger.debug('console: requesting a sign-in token', { host, kind, sessionDuration: sessionDuration ?? null });

  let status: number;
  let body: string;
  try {
    const response = await fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(timeoutMs) });
    status = response.status;
    body = await response.text();
  } catch (err) {
    // The request URL holds the credentials, so the error names the host only.
    throw networkError(host, err, timeoutMs);
  }

  if (status === 200) return signinTokenFrom(body, host);
  const detail = describeFailure(status, body);
  ctx.logger.warn('console: the federation endpoint refused the sign-in token request', { host, kind, status });
  if (status === 429) {
    throw new LatchkeyError('THROTTLED', `AWS is throttling console sign-in requests (${detail}).`, {
      hint: 'Wait a few seconds, then try again.',
    });
  }
  if (status >= 400 && status < 500) {
    throw new LatchkeyError('AWS_ERROR', `AWS refused the console sign-in: ${detail}.`, { hint: refusalHint(kind, sessionDuration) });
  }
  throw new LatchkeyError('AWS_ERROR', `The AWS console sign-in service failed: ${detail}.`, {
    hint: 'This is usually temporary; try again in a minute.',
  });
}

function signinTokenFrom(body: string, host: string): string {
  let token: unknown;
  try {
    token = (JSON.parse(body) as { SigninToken?: unknown }).SigninToken;
  } catch {
    token = undefined;
  }
  if (typeof token !== 'string' || token === '') {
    throw new LatchkeyError('AWS_ERROR', `The console sign-in service at ${host} answered without a sign-in token.`, {
      hint: 'Check LATCHKEY_FEDERATION_ENDPOINT if you set it; otherwise try again later.',
    });
  }
  return token;
}

function networkError(host: string, err: unknown, timeoutMs: number): LatchkeyError {
  const hint = 'Check your network connection (and proxy settings), then try again.';
  if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) {
    return new LatchkeyError('NETWORK', `The console sign-in service at ${host} did not answer within ${Math.round(timeoutMs / 1000)} seconds.`, { hint });
  }
  const cause = err instanceof Error ? (err.cause as NodeJS.ErrnoException | undefined) : undefined;
  const why = cause?.code ?? cause?.message ?? (err instanceof Error ? err.message : String(err));
  return new LatchkeyError('NETWORK', redact(`Could not reach the console sign-in service at ${host} (${why}).`), { hint });
}

/** "HTTP 400 Bad Request: <first words of the body>": secrets masked in the whole body first,
 * then markup stripped and the text cut (an endpoint may echo the Session it was sent). */
function describeFailure(status: number, body: string): string {
  const text = redactAndShorten(
    redact(body)
      .replace(/<[^>]*>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim(),
    200,
  );
  return `HTTP ${status}${text ? `: ${text}` : ''}`;
}

function refusalHint(kind: CredentialKind, sessionDuration: number | undefined): string {
  const base = 'The role credentials may have expired or been revoked; get fresh ones and try again.';
  if (kind === 'chained-role') return `${base} Chained-role credentials last at most one hour.`;
  if (sessionDuration !== undefined) return `${base} If it keeps failing, try without a session duration (the role may not allow ${sessionDuration} seconds).`;
  return base;
}
