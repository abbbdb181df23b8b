import { parseCommandArgs, stringOption } from '../args';
import { cliContext, formatDuration, formatTime, type CliIo } from '../io';
import { awsPaths } from '../../core/aws/paths';
import { SessionManager } from '../../core/sessions/session-manager';
import { MFA_OPTION, cliMfaPrompt, isConfigProfileArg } from './profile-target';

export async function run(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('use', argv, {
    profile: { type: 'string' },
    session: { type: 'string' },
    ...MFA_OPTION,
  }, { min: 1, max: 1, names: 'one ROLE (ACCOUNT/ROLE_NAME or a profile of ~/.aws/config)' });
  const ctx = cliContext(io);
  const manager = new SessionManager(ctx);
  const arg = positionals[0]!;
  const profile = stringOption(values, 'profile') ?? 'default';
  if (isConfigProfileArg(arg)) {
    const active = await manager.activateProfile(arg, profile, { promptMfaCode: cliMfaPrompt(io, stringOption(values, 'mfa-code'), 'use', arg) });
    io.stderr(
      `Profile "${profile}" in ${awsPaths(ctx).credentialsFile} now holds profile ${arg} (${active.accountId}/${active.roleName}), ` +
        `valid until ${formatTime(active.expiration)} (${formatDuration(active.expiration - ctx.clock.now())}).\n`,
    );
    return 0;
  }
  const role = await manager.resolveRole(arg, stringOption(values, 'session'));
  const active = await manager.activate(role, profile);
  io.stderr(
    `Profile "${profile}" in ${awsPaths(ctx).credentialsFile} now holds ${role.accountName} (${role.accountId})/${role.roleName}, ` +
      `valid until ${formatTime(active.expiration)} (${formatDuration(active.expiration - ctx.clock.now())}).\n`,
  );
  return 0;
}
