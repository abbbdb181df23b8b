import { awsPaths } from '../aws/paths';
import { addSsoSession, readAwsConfig, readAwsConfigSync, toSessionRef } from '../aws/config-file';
import { displayPath } from '../aws/ini-file';
import { warnUser, type CoreContext } from '../context';
import { LatchkeyError } from '../errors';
import type { SsoSessionRef } from '../types';
import { assertRegion, assertSessionName, assertStartUrl, quoteInput, sameStartUrl } from '../validation';

// The SSO sessions are the `[sso-session NAME]` sections of ~/.aws/config, so the AWS CLI,
// the SDKs and Latchkey all see the same ones.

export async function listSsoSessions(ctx: CoreContext): Promise<SsoSessionRef[]> {
  const config = await readAwsConfig(awsPaths(ctx).configFile);
  return config.ssoSessions.map(toSessionRef);
}

/** The same, synchronously (`latchkey status` answered by its small entry). */
export function listSsoSessionsSync(ctx: CoreContext): SsoSessionRef[] {
  return readAwsConfigSync(awsPaths(ctx).configFile).ssoSessions.map(toSessionRef);
}

/** The named session, or the only one when no name is given. */
export async function resolveSsoSession(ctx: CoreContext, name?: string): Promise<SsoSessionRef> {
  return pickSession(ctx, await listSsoSessions(ctx), name);
}

/** The same, synchronously (the cached `credential-process` path). */
export function resolveSsoSessionSync(ctx: CoreContext, name?: string): SsoSessionRef {
  return pickSession(ctx, listSsoSessionsSync(ctx), name);
}

function pickSession(ctx: CoreContext, sessions: SsoSessionRef[], name?: string): SsoSessionRef {
  if (name !== undefined) {
    const found = sessions.find((s) => s.name === name);
    if (found) return found;
    throw new LatchkeyError('NOT_FOUND', `There is no SSO session named ${quoteInput(name)} in ${awsPaths(ctx).configFile}.`, {
      hint: sessions.length
        ? `Known sessions: ${sessions.map((s) => s.name).join(', ')}.`
        : 'Add one by signing in with your AWS access portal URL and its region.',
      ...(sessions.length ? {} : { cliHint: 'Add one with: latchkey login --start-url URL --region REGION' }),
    });
  }
  if (sessions.length === 1) return sessions[0]!;
  if (sessions.length === 0) {
    throw new LatchkeyError('NOT_SIGNED_IN', 'No SSO session is set up yet.', {
      hint: 'Sign in with your AWS access portal URL (https://YOUR-ORG.awsapps.com/start) and its region.',
      cliHint: 'Sign in with: latchkey login --start-url https://YOUR-ORG.awsapps.com/start --region REGION',
    });
  }
  throw new LatchkeyError('BAD_INPUT', `There are ${sessions.length} SSO sessions; say which one.`, {
    hint: `Known sessions: ${sessions.map((s) => s.name).join(', ')}.`,
    cliHint: `Name it with --session: ${sessions.map((s) => s.name).join(', ')}.`,
  });
}

/**
 * The sign-in behind a profile of ~/.aws/config: its sso_session, or for a legacy profile
 * (sso_start_url + sso_region) the sso-session of the same portal when there is one, else the
 * portal itself, whose token lives where the AWS CLI looks for it (sha1 of the start URL).
 */
export async function ssoSessionForProfile(ctx: CoreContext, profile: string): Promise<SsoSessionRef> {
  const file = awsPaths(ctx).configFile;
  const config = await readAwsConfig(file);
  const values = config.profiles.get(profile);
  if (!values) {
    throw new LatchkeyError('NOT_FOUND', `There is no profile ${quoteInput(profile)} in ${displayPath(file)}.`, {
      hint: 'Name a profile that has sso_session, or sso_start_url and sso_region.',
    });
  }
  const sessions = config.ssoSessions.map(toSessionRef);
  if (values.sso_session) return pickSession(ctx, sessions, values.sso_session);
  const startUrl = values.sso_start_url;
  const region = values.sso_region;
  if (!startUrl || !region) {
    throw new LatchkeyError(
      'BAD_INPUT',
      `Profile ${quoteInput(profile)} does not sign in with IAM Identity Center (it has no sso_session, nor sso_start_url and sso_region).`,
      {
        hint: `Add sso_session = NAME to [profile ${profile}] in ${displayPath(file)}, or name another profile.`,
      },
    );
  }
  assertStartUrl(startUrl);
  assertRegion(region);
  return sessions.find((s) => sameStartUrl(s.startUrl, startUrl) && s.region === region) ?? { name: startUrl, startUrl, region };
}

/** A name for a new session from its start URL: `https://acme.awsapps.com/start` → `acme`. */
export function sessionNameFromStartUrl(startUrl: string): string {
  let host: string;
  try {
    host = new URL(startUrl).hostname;
  } catch {
    throw new LatchkeyError('BAD_INPUT', `"${startUrl}" is not a URL.`, { hint: 'The start URL looks like https://YOUR-ORG.awsapps.com/start' });
  }
  const first = host.split('.')[0] ?? 'sso';
  const name = first.replace(/[^A-Za-z0-9_.-]/g, '-').replace(/^-+|-+$/g, '');
  return name || 'sso';
}

/**
 * Finds the session for this start URL and region, or adds it to ~/.aws/config as
 * `aws configure sso` would. An explicit name that is taken by another URL is an error.
 */
export async function ensureSsoSession(ctx: CoreContext, input: { startUrl: string; region: string; name?: string }): Promise<SsoSessionRef> {
  const startUrl = input.startUrl.trim();
  // The input is checked before anything is read, so the message is about what was typed.
  assertStartUrl(startUrl);
  assertRegion(input.region);
  const sessions = await listSsoSessions(ctx);
  const same = sessions.find((s) => sameStartUrl(s.startUrl, startUrl) && s.region === input.region && (!input.name || s.name === input.name));
  if (same) return same;
  // Checked only for a session Latchkey adds: one the AWS CLI made may have a name ("my company")
  // that Latchkey would not choose, and signing in to it must still work.
  if (input.name !== undefined) assertSessionName(input.name);
  let name = input.name ?? sessionNameFromStartUrl(startUrl);
  if (!input.name) {
    // Derived names never collide with a session the person already has.
    const taken = new Set(sessions.map((s) => s.name));
    for (let i = 2; taken.has(name); i++) name = `${sessionNameFromStartUrl(startUrl)}-${i}`;
  }
  const session = { name, startUrl, region: input.region };
  await addSsoSession(awsPaths(ctx).configFile, session, { warn: (message) => warnUser(ctx, message) });
  return session;
}
