import { parseCommandArgs } from '../args';
import { cliContext, type CliIo } from '../io';
import { commandAfterDashes, runChild } from '../run-child';
import { credentialVariables } from '../../core/aws/env-exports';
import { LatchkeyError } from '../../core/errors';
import { ROLE_OPTIONS, roleTarget } from './profile-target';
import { CLEARED_FOR_ROLE } from './env';
import { EXEC_MARKER } from './exec-marker';
import { cachedOrFreshCredentials, roleRegion, toRoleCredentials } from './role-credentials';

export async function run(argv: string[], io: CliIo): Promise<number> {
  const { own, cmd } = commandAfterDashes('exec', argv);
  const { values, positionals } = parseCommandArgs(
    'exec',
    own,
    { server: { type: 'boolean' }, force: { type: 'boolean' }, ...ROLE_OPTIONS },
    { min: 1, max: 1, names: 'one ROLE, then -- and the command' },
  );
  const { role, ...target } = roleTarget('exec', positionals, values);
  const options = { ...target, command: 'exec' };
  const outer = io.env[EXEC_MARKER];
  if (outer && !values.force) {
    throw new LatchkeyError('BAD_INPUT', `Already inside "latchkey exec ${outer}": a second exec would mix two roles' credentials.`, {
      hint: 'Leave the outer one first (exit), or pass --force to replace its credentials.',
    });
  }
  const ctx = cliContext(io);
  const env: Record<string, string | undefined> = { ...io.env, [EXEC_MARKER]: role };
  for (const name of CLEARED_FOR_ROLE) delete env[name];
  const region = await roleRegion(ctx, role);
  if (values.server) {
    const { runWithServer } = await import('./exec-server');
    return runWithServer(ctx, io, role, options, { env, region, cmd });
  }
  const output = await cachedOrFreshCredentials(ctx, io, role, options);
  for (const [name, value] of credentialVariables(toRoleCredentials(output), region)) env[name] = value;
  return runChild(cmd[0]!, cmd.slice(1), env, io.stderr);
}
