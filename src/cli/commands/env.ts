import { parseCommandArgs, stringOption } from '../args';
import { cliContext, type CliIo } from '../io';
import { ENV_FORMATS, credentialVariables, formatEnvironment, type EnvFormat } from '../../core/aws/env-exports';
import { LatchkeyError } from '../../core/errors';
import { MFA_OPTION, assertOptionsApply } from './profile-target';
import { cachedOrFreshCredentials, roleRegion, toRoleCredentials } from './role-credentials';

/** Variables a role's credentials replace: a profile would point the SDKs elsewhere. */
export const CLEARED_FOR_ROLE = ['AWS_PROFILE', 'AWS_DEFAULT_PROFILE'];

export async function run(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    'env',
    argv,
    { format: { type: 'string' }, session: { type: 'string' }, ...MFA_OPTION },
    { min: 1, max: 1, names: 'one ROLE (ACCOUNT/ROLE_NAME or a profile of ~/.aws/config)' },
  );
  const role = positionals[0]!;
  const format = envFormat(stringOption(values, 'format') ?? 'sh');
  const options = { session: stringOption(values, 'session'), mfaCode: stringOption(values, 'mfa-code'), command: 'env' };
  assertOptionsApply('env', role, options);
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
