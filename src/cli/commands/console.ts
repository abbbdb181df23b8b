import { parseCommandArgs, stringOption } from '../args';
import { cliContext, type CliIo } from '../io';
import { readConsoleSettings } from '../console-settings';
import { createLatchkey } from '../../core/sessions/latchkey';
import { roleLabel } from '../../core/sessions/role-ref';
import { LatchkeyError } from '../../core/errors';
import { assertRegion } from '../../core/validation';
import { resolveConsoleService } from '../../core/console/services';
import { CONSOLE_MODES, isConsoleMode, type ConsoleMode } from '../../core/console/modes';
import type { ConsoleOpenOptions } from '../../core/console/federation';
import { openThroughOneTimeUrl } from '../../core/console/one-time-url';
import { MFA_OPTION, assertMfaCodeUsable, assertOptionsApply, cliMfaPrompt, isConfigProfileArg } from './profile-target';
import { consolePathOption, durationMinutesOption } from './console-options';

export async function run(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    'console',
    argv,
    {
      region: { type: 'string' },
      service: { type: 'string' },
      path: { type: 'string' },
      switch: { type: 'string' },
      duration: { type: 'string' },
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
  const service = stringOption(values, 'service');
  if (service !== undefined) resolveConsoleService(service);
  const pagePath = consolePathOption(stringOption(values, 'path'));
  if (pagePath !== undefined && service !== undefined) {
    throw new LatchkeyError('BAD_INPUT', 'Give --service or --path, not both.', { hint: 'A --path names the whole page, e.g. /ec2/home#Instances.' });
  }
  const switchMode = modeOption(stringOption(values, 'switch'));
  const durationMinutes = durationMinutesOption(stringOption(values, 'duration'));

  const ctx = cliContext(io);
  const settings = await readConsoleSettings(ctx);
  const mode: ConsoleMode = switchMode ?? (settings.consoleMode === 'ask' ? 'multi-session' : settings.consoleMode);
  const minutes = durationMinutes ?? (settings.consoleSessionMinutes || undefined);
  const options: ConsoleOpenOptions = {
    ...(region ? { region } : {}),
    ...(service ? { service } : {}),
    ...(pagePath !== undefined ? { path: pagePath } : {}),
    mode,
    ...(minutes !== undefined ? { sessionDurationSeconds: minutes * 60, durationRequired: durationMinutes !== undefined } : {}),
  };

  const latchkey = createLatchkey(ctx);
  let url: string;
  let who: string;
  if (isConfigProfileArg(arg)) {
    assertMfaCodeUsable('console', await latchkey.configProfiles.plan(arg), mfaCode);
    url = await latchkey.configProfiles.consoleUrl(arg, { ...options, promptMfaCode: cliMfaPrompt(io, mfaCode, 'console', arg) });
    who = `profile ${arg}`;
  } else {
    const role = await latchkey.catalog.resolveRole(arg, stringOption(values, 'session'));
    url = await latchkey.consoleUrl(role, options);
    who = roleLabel(role);
  }
  // Said once the URL is ready, so a refusal stays a single line.
  if (!switchMode && settings.consoleMode === 'ask') {
    io.stderr(
      "latchkey: opening the console in multi-session mode. If AWS says to log out first, turn on multi-session in the console (account menu) or use --switch sign-out; the app's Settings keep the choice.\n",
    );
  }
  if (values.print) {
    io.stdout(url + '\n');
    return 0;
  }
  await openThroughOneTimeUrl(url, async (localUrl) => {
    try {
      await ctx.openUrl(localUrl);
    } catch (err) {
      throw new LatchkeyError('UNSUPPORTED', `Could not open the browser: ${(err as Error)?.message ?? String(err)}.`, {
        cliHint: 'Run the same command with --print and open the URL it prints in a browser.',
      });
    }
  });
  io.stderr(`Opened the AWS console as ${who}.\n`);
  return 0;
}

function modeOption(value: string | undefined): ConsoleMode | undefined {
  if (value === undefined) return undefined;
  if (isConsoleMode(value)) return value;
  throw new LatchkeyError('BAD_INPUT', `--switch ${value} is not a console mode.`, { hint: `Use --switch ${CONSOLE_MODES.join(' or ')}.` });
}
