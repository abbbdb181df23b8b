import { parseCommandArgs, stringOption } from '../args';
import { cliContext, type CliIo } from '../io';
import { ENV_FORMATS, credentialVariables, formatEnvironment, type EnvFormat } from '../../core/aws/env-exports';
import { LatchkeyError } from '../../core/errors';
import { ONE_ROLE, ROLE_OPTIONS, roleTarget } from './profile-target';
import { cachedOrFreshCredentials, roleRegion, toRoleCredentials } from './role-credentials';

/** Variables a role's credentials replace: a profile would point the SDKs elsewhere. */
export const CLEARED_FOR_ROLE = ['AWS_PROFILE', 'AWS_DEFAULT_PROFILE'];

export async function run(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('env', argv, { format: { type: 'string' }, ...ROLE_OPTIONS }, ONE_ROLE);
  const format = envFormat(stringOption(values, 'format') ?? 'sh');
  const { role, ...target } = roleTarget('env', positionals, values);
  const options = { ...target, command: 'env' };
  const ctx = cliContext(io);
  const output = await cachedOrFreshCredentials(ctx, io, role, options);
  const set = credentialVariables(toRoleCredentials(output), await roleRegion(ctx, role));
  // JSON and dotenv can only set values; the shells also clear the profile.
  const unset = format === 'json' || format === 'dotenv' ? [] : CLEARED_FOR_ROLE;
  io.stdout(formatEnvironment({ set, unset }, format));
  return 0;
}

function envFormat(value: string): EnvFormat {
  if ((ENV_FORMATS as readonly string[]).includes(value)) return value as EnvFormat;
  throw new LatchkeyError('BAD_INPUT', `--format must be one of ${ENV_FORMATS.join(', ')} (not "${value}").`, { hint: 'Run "latchkey env --help".' });
}
