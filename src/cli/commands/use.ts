import { parseCommandArgs, stringOption } from '../args';
import { cliContext, type CliIo } from '../io';
import { formatDuration, formatTime } from '../time-text';
import { awsPaths } from '../../core/aws/paths';
import { assertProfileName } from '../../core/validation';
import type { ProfilePlan } from '../../core/iam/profile-plan';
import { createLatchkey } from '../../core/sessions/latchkey';
import { roleLabel } from '../../core/sessions/role-ref';
import { ONE_ROLE, ROLE_OPTIONS, assertMfaCodeUsable, cliMfaPrompt, isConfigProfileArg, roleTarget } from './profile-target';

export async function run(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('use', argv, { profile: { type: 'string' }, ...ROLE_OPTIONS }, ONE_ROLE);
  const { role: arg, session, mfaCode } = roleTarget('use', positionals, values);
  const profile = stringOption(values, 'profile') ?? 'default';
  // Before any file is read or AWS is asked: a name that can never be written fails first.
  assertProfileName(profile);
  const ctx = cliContext(io);
  const latchkey = createLatchkey(ctx);
  const until = (expiration: number) => `valid until ${formatTime(expiration)} (${formatDuration(expiration - ctx.clock.now())})`;
  if (isConfigProfileArg(arg)) {
    const plan = await latchkey.configProfiles.plan(arg);
    assertMfaCodeUsable('use', plan, mfaCode);
    const active = await latchkey.profiles.activateConfigProfile(arg, profile, { promptMfaCode: cliMfaPrompt(io, mfaCode, 'use', arg) });
    io.stderr(
      `Profile "${profile}" in ${awsPaths(ctx).credentialsFile} now holds profile ${arg}: ${describeProfileCredentials(plan, active)}, ${until(active.expiration)}.\n`,
    );
    return 0;
  }
  const role = await latchkey.catalog.resolveRole(arg, session);
  const active = await latchkey.profiles.activate(role, profile);
  io.stderr(`Profile "${profile}" in ${awsPaths(ctx).credentialsFile} now holds ${roleLabel(role)}, ${until(active.expiration)}.\n`);
  return 0;
}

/** What a config profile's credentials are, in words: a user's session must not read like a
 * role, and a role says how it was reached. `who` is the account and role (or user) AWS named. */
export function describeProfileCredentials(plan: ProfilePlan, who: { accountId: string; roleName: string }): string {
  const source = plan.source;
  const mfa = (source.kind === 'iam-user' && source.mfaSerial !== undefined) || plan.steps.some((s) => s.mfaSerial !== undefined);
  switch (plan.kind) {
    case 'iam-user':
      return mfa ? `an MFA session of IAM user ${who.roleName} in ${who.accountId}` : `a session of IAM user ${who.roleName} in ${who.accountId} (no MFA)`;
    case 'sso-profile':
      return (
        `Identity Center role ${who.roleName} in ${who.accountId}` + (source.kind === 'sso-role' && !source.legacy ? ` (session ${source.session.name})` : '')
      );
    case 'assumed-role':
      return `role ${who.roleName} in ${who.accountId}, assumed with the keys of IAM user profile ${source.profile}${mfa ? ' and MFA' : ''}`;
    case 'chained-role':
      return `role ${who.roleName} in ${who.accountId}, chained from profile ${plan.chain[1] ?? source.profile}${mfa ? ' with MFA' : ''}`;
    case 'session-credentials':
      return `the session credentials of profile ${source.profile} (${who.accountId}/${who.roleName})`;
  }
}
