import { parseCommandArgs, stringOption } from '../args';
import { cliContext, type CliIo } from '../io';
import { formatDuration, formatTime } from '../time-text';
import { LatchkeyError } from '../../core/errors';
import { createLatchkey } from '../../core/sessions/latchkey';
import { ssoSessionForProfile } from '../../core/sessions/sso-sessions';
import { readSignInFlowSetting } from '../../core/sso/sign-in-flow';
import { interactivePrompter } from '../sign-in-prompt';

export async function run(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(
    'login',
    argv,
    {
      'start-url': { type: 'string' },
      region: { type: 'string' },
      session: { type: 'string' },
      profile: { type: 'string' },
      'device-code': { type: 'boolean' },
      'no-browser': { type: 'boolean' },
    },
    { min: 0, max: 0, names: '' },
  );
  const startUrl = stringOption(values, 'start-url');
  const region = stringOption(values, 'region');
  const name = stringOption(values, 'session');
  const profile = stringOption(values, 'profile');
  if ((startUrl === undefined) !== (region === undefined)) {
    throw new LatchkeyError('BAD_INPUT', '--start-url and --region go together.', {
      hint: 'For example: latchkey login --start-url https://YOUR-ORG.awsapps.com/start --region eu-west-1',
    });
  }
  if (profile !== undefined && (name !== undefined || startUrl !== undefined)) {
    throw new LatchkeyError('BAD_INPUT', '--profile names the sign-in by itself; it does not go with --session or --start-url.', {
      hint: 'For example: latchkey login --profile my-sso-profile',
    });
  }
  const ctx = cliContext(io);
  const latchkey = createLatchkey(ctx);
  const session =
    profile !== undefined
      ? await ssoSessionForProfile(ctx, profile)
      : startUrl !== undefined && region !== undefined
        ? await latchkey.sessions.add({ startUrl, region, ...(name !== undefined ? { name } : {}) })
        : await latchkey.sessions.resolve(name);
  // A legacy profile with no sso-session of its own signs in to the portal by its URL.
  const what = session.name === session.startUrl ? `profile "${profile}"` : `"${session.name}"`;

  const controller = new AbortController();
  const flowSetting = await readSignInFlowSetting(ctx);
  const prompter = interactivePrompter(io, Boolean(values['no-browser']), () => ctx.clock.now());
  // Ctrl-C ends the sign-in through its signal, so the lock is released before the command
  // exits. `on`, not `once`: the lock library re-raises a SIGINT that nobody else listens to.
  const onSignal = () => {
    prompter.stop();
    controller.abort(new LatchkeyError('CANCELLED', 'Sign-in cancelled; nothing was changed.'));
  };
  process.on('SIGINT', onSignal);
  try {
    const result = await latchkey.sessions.login(session, {
      flow: values['device-code'] ? 'device' : 'auto',
      ...(flowSetting ? { flowSetting } : {}),
      openBrowser: !values['no-browser'],
      signal: controller.signal,
      onPrompt: prompter.onPrompt,
      onOthersPrompt: prompter.onOthersPrompt,
    });
    prompter.stop();
    const left = result.expiresAt - ctx.clock.now();
    io.stderr(
      `${result.waitedForOther ? 'Signed in by another Latchkey process' : 'Signed in'} ${session.name === session.startUrl ? 'for' : 'to'} ${what} (${session.startUrl}); ` +
        `the sign-in lasts until ${formatTime(result.expiresAt)} (${formatDuration(left)}) and is renewed automatically while it can be.\n`,
    );
    return 0;
  } finally {
    prompter.stop();
    process.off('SIGINT', onSignal);
  }
}
