import { parseCommandArgs, stringOption } from '../args';
import { cliContext, formatDuration, formatTime, type CliIo } from '../io';
import { awsPaths } from '../../core/aws/paths';
import { SessionManager } from '../../core/sessions/session-manager';

export async function run(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('use', argv, {
    profile: { type: 'string' },
    session: { type: 'string' },
  }, { min: 1, max: 1, names: 'one ROLE (ACCOUNT/ROLE_NAME)' });
  const ctx = cliContext(io);
  const manager = new SessionManager(ctx);
  const role = await manager.resolveRole(positionals[0]!, stringOption(values, 'session'));
  const profile = stringOption(values, 'profile') ?? 'default';
  const active = await manager.activate(role, profile);
  io.stderr(
    `Profile "${profile}" in ${awsPaths(ctx).credentialsFile} now holds ${role.accountName} (${role.accountId})/${role.roleName}, ` +
      `valid until ${formatTime(active.expiration)} (${formatDuration(active.expiration - ctx.clock.now())}).\n`,
  );
  return 0;
}
