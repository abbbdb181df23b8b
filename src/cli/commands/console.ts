import { parseCommandArgs, stringOption } from '../args';
import { cliContext, type CliIo } from '../io';
import { readConsoleSettings } from '../console-settings';
import { createLatchkey } from '../../core/sessions/latchkey';
import { roleLabel } from '../../core/sessions/role-ref';
import { LatchkeyError } from '../../core/errors';
import { assertRegion } from '../../core/validation';
import { resolveConsoleService } from '../../core/console/services';
import { CONSOLE_MODES, isConsoleMode, opensOwnBrowser, type ConsoleMode } from '../../core/console/modes';
import { openInBrowserProfile, openInNamedBrowser, type BrowserTarget } from '../../core/console/launch';
import { containerForAccount, containerUrl } from '../../core/console/containers';
import type { ConsoleOpenOptions } from '../../core/console/federation';
import { openThroughOneTimeUrl } from '../../core/console/one-time-url';
import { ONE_ROLE, ROLE_OPTIONS, assertMfaCodeUsable, cliMfaPrompt, isConfigProfileArg, roleTarget } from './profile-target';
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
      browser: { type: 'string' },
      'profile-directory': { type: 'string' },
      ...ROLE_OPTIONS,
    },
    ONE_ROLE,
  );
  const { role: arg, session, mfaCode } = roleTarget('console', positionals, values);
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
  const browserOption = stringOption(values, 'browser');
  if (browserOption !== undefined && !browserOption.trim()) throw new LatchkeyError('BAD_INPUT', '--browser needs a browser name or path.');
  const profileDirectory = stringOption(values, 'profile-directory');

  const ctx = cliContext(io);
  const settings = await readConsoleSettings(ctx);
  const mode: ConsoleMode = switchMode ?? (settings.consoleMode === 'ask' ? 'multi-session' : settings.consoleMode);
  if (profileDirectory !== undefined && mode !== 'profile') {
    throw new LatchkeyError('BAD_INPUT', '--profile-directory applies to the profile mode only.', { hint: 'Add --switch profile.' });
  }
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
  let target: BrowserTarget;
  if (isConfigProfileArg(arg)) {
    assertMfaCodeUsable('console', await latchkey.configProfiles.plan(arg), mfaCode);
    url = await latchkey.configProfiles.consoleUrl(arg, { ...options, promptMfaCode: cliMfaPrompt(io, mfaCode, 'console', arg) });
    who = `profile ${arg}`;
    target = { key: { account: 'profile', role: arg } };
  } else {
    const role = await latchkey.catalog.resolveRole(arg, session);
    url = await latchkey.consoleUrl(role, options);
    who = roleLabel(role);
    target = { key: { session: role.session.name, account: role.accountId, role: role.roleName }, accountName: role.accountName };
  }
  target = {
    ...target,
    containerAddon: settings.consoleContainerAddon,
    ...((browserOption ?? settings.consoleBrowser) ? { browser: browserOption ?? settings.consoleBrowser } : {}),
    ...(profileDirectory !== undefined ? { profileDirectory } : {}),
  };
  // Said once the URL is ready, so a refusal stays a single line.
  if (!switchMode && settings.consoleMode === 'ask') {
    io.stderr(
      "latchkey: opening the console in multi-session mode. If AWS says to log out first, turn on multi-session in the console (account menu) or use --switch sign-out; the app's Settings keep the choice.\n",
    );
  }
  if (values.print) {
    const shown = mode === 'container' ? containerUrl(settings.consoleContainerAddon, containerForAccount(target.key.account, target.accountName), url) : url;
    io.stdout(shown + '\n');
    return 0;
  }
  if (opensOwnBrowser(mode)) {
    await openInBrowserProfile(ctx, mode, url, target);
    io.stderr(`Opened the AWS console as ${who} (${mode === 'profile' ? 'its own browser profile' : 'its own container'}).\n`);
    return 0;
  }
  if (target.browser) {
    await openInNamedBrowser(ctx, url, target.browser);
    io.stderr(`Opened the AWS console as ${who}.\n`);
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
  throw new LatchkeyError('BAD_INPUT', `--switch ${value} is not a console mode.`, {
    hint: `Use --switch ${CONSOLE_MODES.slice(0, -1).join(', ')} or ${CONSOLE_MODES.at(-1)}.`,
  });
}
