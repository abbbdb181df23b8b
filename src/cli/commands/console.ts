import { parseCommandArgs, stringOption } from '../args';
import { cliContext, type CliIo } from '../io';
import { createLatchkey } from '../../core/sessions/latchkey';
import { roleLabel } from '../../core/sessions/role-ref';
import { LatchkeyError } from '../../core/errors';
import { assertRegion } from '../../core/validation';
import { resolveConsoleService } from '../../core/console/services';
import { MFA_OPTION, assertMfaCodeUsable, assertOptionsApply, cliMfaPrompt, isConfigProfileArg } from './profile-target';

export async function run(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    'console',
    argv,
    {
      region: { type: 'string' },
      service: { type: 'string' },
      print: { type: 'boolean' },
      session: { type: 'string' },
      ...MFA_OPTION,
    },
    { min: 1, max: 1, names: 'one ROLE (ACCOUNT/ROLE_NAME or a profile of ~/.aws/config)' },
  );
  const arg = positionals[0]!;
  const mfaCode = stringOption(values, 'mfa-code');
  assertOptionsApply('console', arg, { session: stringOption(values, 'session'), mfaCode });
  const region = stringOption(values, 'region') ?? (io.env.AWS_REGION || io.env.AWS_DEFAULT_REGION || undefined);
  // Checked before anything is read or asked of AWS, like every other typed value.
  if (region !== undefined) assertRegion(region);
  if (stringOption(values, 'service') !== undefined) resolveConsoleService(stringOption(values, 'service')!);
  const ctx = cliContext(io);
  const latchkey = createLatchkey(ctx);
  const service = stringOption(values, 'service');
  const where = { ...(region ? { region } : {}), ...(service ? { service } : {}) };
  let url: string;
  let who: string;
  if (isConfigProfileArg(arg)) {
    assertMfaCodeUsable('console', await latchkey.configProfiles.plan(arg), mfaCode);
    url = await latchkey.configProfiles.consoleUrl(arg, { ...where, promptMfaCode: cliMfaPrompt(io, mfaCode, 'console', arg) });
    who = `profile ${arg}`;
  } else {
    const role = await latchkey.catalog.resolveRole(arg, stringOption(values, 'session'));
    url = await latchkey.consoleUrl(role, where);
    who = roleLabel(role);
  }
  if (values.print) {
    io.stdout(url + '\n');
    return 0;
  }
  try {
    await ctx.openUrl(url);
  } catch (err) {
    throw new LatchkeyError('UNSUPPORTED', `Could not open the browser: ${(err as Error)?.message ?? String(err)}.`, {
      cliHint: 'Run the same command with --print and open the URL it prints in a browser.',
    });
  }
  io.stderr(`Opened the AWS console as ${who}.\n`);
  return 0;
}
