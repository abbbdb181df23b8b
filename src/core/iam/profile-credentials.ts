import { readAwsConfig } from '../aws/config-file';
import { readCredentialsFile } from '../aws/credentials-file';
import { awsPaths } from '../aws/paths';
import type { CoreContext } from '../context';
import type { CredentialKind } from '../console/federation';
import { LatchkeyError, isLatchkeyError } from '../errors';
import { registerSecret } from '../redact';
import type { RoleCredentials, SsoSessionRef } from '../types';
import { askMfaCode, type PromptMfaCode } from './mfa-code';
import { forgetMfaSession, mfaSessionOrCreate } from './mfa-session-cache';
import { readLongTermKeys } from './profile-inputs';
import type { ProfilePlan } from './profile-plan';
import type { SecretStore } from './secret-store';
import { assumeRole, federationName, getCallerIdentity, getFederationToken, getSessionToken, stsRegion, type AwsKeys } from './sts-calls';

// Carrying out a profile's plan: get the source credentials (an SSO role through the session
// manager, an MFA session from long-term keys, or the keys themselves), then AssumeRole step by
// step. What the result may do in the console depends on how it was obtained, so the kind
// travels with it.

export interface ProfileCredentialsDeps {
  ctx: CoreContext;
  /** An Identity Center role's credentials (CatalogService.roleCredentials). */
  ssoRoleCredentials(role: { session: SsoSessionRef; accountId: string; roleName: string }): Promise<RoleCredentials>;
  secretStore?: SecretStore;
}

export interface ProfileCredentialsOptions {
  /** Asks the person for an MFA code; without it, a needed code is MfaCodeNeeded. */
  promptMfaCode?: PromptMfaCode;
}

export interface ObtainedCredentials {
  credentials: RoleCredentials;
  kind: CredentialKind;
  /** True when an MFA session from the cache was used (no code asked for). */
  mfaSessionReused?: boolean;
}

/** The cache key of the MFA session a plan uses, if it uses one (see runPlan). */
export function mfaSessionKey(plan: ProfilePlan): { sourceAccessKeyId: string; serial: string } | undefined {
  if (plan.source.kind !== 'iam-user') return undefined;
  const serial = plan.steps[0]?.mfaSerial ?? plan.source.mfaSerial;
  return serial ? { sourceAccessKeyId: plan.source.accessKeyId, serial } : undefined;
}

/** Role chaining (role credentials assuming a role) is capped by AWS at one hour. */
export const CHAINED_MAX_SECONDS = 3600;
/** GetSessionToken's own default, 12 hours: one MFA code for a working day. */
export const MFA_SESSION_SECONDS = 43_200;

export async function credentialsForPlan(
  deps: ProfileCredentialsDeps,
  plan: ProfilePlan,
  options: ProfileCredentialsOptions = {},
): Promise<ObtainedCredentials> {
  try {
    return await runPlan(deps, plan, options);
  } catch (err) {
    // A cached MFA session AWS no longer honours (revoked, clock skew): forget it and start
    // over once, which asks for a new code.
    if (!(err instanceof StaleMfaSession)) throw err;
    await forgetMfaSession(deps.ctx, err.key);
    return runPlan(deps, plan, options);
  }
}

class StaleMfaSession extends Error {
  constructor(readonly key: { sourceAccessKeyId: string; serial: string }) {
    super('stale MFA session');
  }
}

async function runPlan(deps: ProfileCredentialsDeps, plan: ProfilePlan, options: ProfileCredentialsOptions): Promise<ObtainedCredentials> {
  const { ctx } = deps;
  const source = plan.source;
  const region = stsRegion(plan.region, plan.steps[0]?.roleArn);
  let current: AwsKeys & { expiration?: number };
  let kind: CredentialKind;
  let fromRole: boolean;
  let reused: boolean | undefined;
  let mfaKey: { sourceAccessKeyId: string; serial: string } | undefined;

  if (source.kind === 'sso-role') {
    current = await deps.ssoRoleCredentials(source);
    kind = 'sso-role';
    fromRole = true;
  } else if (source.kind === 'static-session') {
    current = await staticSession(ctx, source.profile);
    kind = 'assumed-role';
    fromRole = true;
  } else {
    const keys = await readLongTermKeys(ctx, source, deps.secretStore);
    // MFA asked for by the user's profile or by the first role: an MFA session satisfies both,
    // and is reused for every role built on it until it expires.
    const serial = plan.steps[0]?.mfaSerial ?? source.mfaSerial;
    fromRole = false;
    if (serial) {
      mfaKey = { sourceAccessKeyId: keys.accessKeyId, serial };
      const mfaProfile = plan.steps[0]?.mfaSerial ? plan.steps[0].profile : source.profile;
      const got = await mfaSessionOrCreate(ctx, mfaKey, async () => {
        const code = await askMfaCode({ profile: mfaProfile, serial }, options.promptMfaCode);
        return getSessionToken(ctx, keys, { region, durationSeconds: MFA_SESSION_SECONDS, mfa: { serial, code }, profile: mfaProfile });
      });
      current = got.credentials;
      reused = got.reused;
      kind = 'session-token';
    } else if (plan.steps.length === 0) {
      current = await getSessionToken(ctx, keys, { region, profile: source.profile });
      kind = 'session-token';
    } else {
      current = keys; // the steps below replace them (and the kind)
      kind = 'assumed-role';
    }
  }

  for (const [i, step] of plan.steps.entries()) {
    const firstFromUser = i === 0 && source.kind === 'iam-user';
    let duration = step.durationSeconds;
    if (fromRole && duration !== undefined && duration > CHAINED_MAX_SECONDS) {
      ctx.logger.info('profile: duration_seconds lowered to one hour, the limit for chained roles', { profile: step.profile, asked: duration });
      duration = CHAINED_MAX_SECONDS;
    }
    // MFA on a role assumed from role credentials goes on the AssumeRole call itself: no MFA
    // session can be made from role credentials.
    const mfa =
      step.mfaSerial && !firstFromUser
        ? { serial: step.mfaSerial, code: await askMfaCode({ profile: step.profile, serial: step.mfaSerial }, options.promptMfaCode) }
        : undefined;
    try {
      current = await assumeRole(ctx, current, {
        roleArn: step.roleArn,
        roleSessionName: step.roleSessionName ?? `latchkey-${Math.floor(ctx.clock.now() / 1000)}`,
        region,
        profile: step.profile,
        ...(step.externalId ? { externalId: step.externalId } : {}),
        ...(duration !== undefined ? { durationSeconds: duration } : {}),
        ...(mfa ? { mfa } : {}),
      });
    } catch (err) {
      if (i === 0 && reused && mfaKey && isLatchkeyError(err, 'NOT_SIGNED_IN')) throw new StaleMfaSession(mfaKey);
      throw err;
    }
    fromRole = true;
  }
  if (plan.steps.length > 0) kind = plan.kind === 'assumed-role' ? 'assumed-role' : 'chained-role';
  if (current.sessionToken === undefined || current.expiration === undefined) {
    throw new LatchkeyError('UNSUPPORTED', `Profile "${plan.profile}" holds long-term keys; Latchkey only hands out short-lived credentials.`);
  }
  const credentials: RoleCredentials = {
    accessKeyId: current.accessKeyId,
    secretAccessKey: current.secretAccessKey,
    sessionToken: current.sessionToken,
    expiration: current.expiration,
  };
  return { credentials, kind, ...(reused !== undefined ? { mfaSessionReused: reused } : {}) };
}

/** Credentials for a console sign-in: an IAM user's come from GetFederationToken with the
 * long-term keys (the only way AWS lets an IAM user into the console by URL); every other kind
 * is what credentialsForPlan gives. */
export async function consoleCredentialsForPlan(
  deps: ProfileCredentialsDeps,
  plan: ProfilePlan,
  options: ProfileCredentialsOptions = {},
): Promise<ObtainedCredentials> {
  if (plan.kind === 'iam-user' && plan.source.kind === 'iam-user') {
    const keys = await readLongTermKeys(deps.ctx, plan.source, deps.secretStore);
    const credentials = await getFederationToken(deps.ctx, keys, { name: federationName(plan.profile), region: stsRegion(plan.region), profile: plan.profile });
    return { credentials, kind: 'federation-token' };
  }
  const got = await credentialsForPlan(deps, plan, options);
  if (plan.kind === 'session-credentials') return { ...got, kind: await sessionCredentialsKind(deps.ctx, plan, got.credentials) };
  return got;
}

/** What session credentials written in the files (by aws-mfa, AWSume, Latchkey…) are, which
 * only AWS can say: the console takes a role's and a federated user's, never an MFA session's. */
async function sessionCredentialsKind(ctx: CoreContext, plan: ProfilePlan, credentials: RoleCredentials): Promise<CredentialKind> {
  const { arn } = await getCallerIdentity(ctx, credentials, stsRegion(plan.region));
  // A role session of unknown history may be chained: never ask for a SessionDuration.
  if (/:assumed-role\//.test(arn)) return 'chained-role';
  if (/:federated-user\//.test(arn)) return 'federation-token';
  throw new LatchkeyError(
    'UNSUPPORTED',
    `Profile "${plan.profile}" holds an IAM user's session credentials (GetSessionToken, such as an MFA session), and AWS allows no console sign-in with those.`,
    {
      hint: "Open the console with the profile that holds the user's access keys (Latchkey then signs in through GetFederationToken), or with a role assumed from this profile.",
    },
  );
}

/** aws_session_token credentials written in the files (by hand or by another tool). */
async function staticSession(ctx: CoreContext, profile: string): Promise<AwsKeys & { expiration: number }> {
  const paths = awsPaths(ctx);
  const [config, credentials] = await Promise.all([readAwsConfig(paths.configFile), readCredentialsFile(paths.credentialsFile)]);
  const v = { ...config.profiles.get(profile), ...credentials.get(profile) };
  registerSecret(v.aws_secret_access_key);
  registerSecret(v.aws_session_token);
  const expires = Date.parse(v.x_security_token_expires ?? v.aws_expiration ?? '');
  if (!v.aws_access_key_id || !v.aws_secret_access_key || !v.aws_session_token) {
    throw new LatchkeyError('NOT_FOUND', `The credentials of profile "${profile}" are gone.`);
  }
  if (Number.isFinite(expires) && expires <= ctx.clock.now()) {
    throw new LatchkeyError('NOT_SIGNED_IN', `The credentials in profile "${profile}" have expired.`, {
      hint: `Renew [${profile}] (make it active again), then try again.`,
      cliHint: `Renew [${profile}] (for example with latchkey use), then try again.`,
    });
  }
  // Unknown expiry: assume what AWS issues by default for a role session.
  return {
    accessKeyId: v.aws_access_key_id,
    secretAccessKey: v.aws_secret_access_key,
    sessionToken: v.aws_session_token,
    expiration: Number.isFinite(expires) ? expires : ctx.clock.now() + 3600_000,
  };
}
