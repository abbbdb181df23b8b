import { parseCommandArgs, stringOption } from '../args';
import { cliContext, formatDuration, formatTime, type CliIo } from '../io';
import { LatchkeyError } from '../../core/errors';
import { createLatchkey } from '../../core/sessions/latchkey';
import { ssoSessionForProfile } from '../../core/sessions/sso-sessions';
import type { LoginPrompt } from '../../core/sso/sso-auth';

export async function run(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs('login', argv, {
    'start-url': { type: 'string' },
    region: { type: 'string' },
    session: { type: 'string' },
    profile: { type: 'string' },
    'device-code': { type: 'boolean' },
    'no-browser': { type: 'boolean' },
  }, { min: 0, max: 0, names: '' });
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
    profile !== undefined ? await ssoSessionForProfile(ctx, profile)
    : startUrl !== undefined && region !== undefined ? await latchkey.sessions.add({ startUrl, region, ...(name !== undefined ? { name } : {}) })
    : await latchkey.sessions.resolve(name);
  // A legacy profile with no sso-session of its own signs in to the portal by its URL.
  const what = session.name === session.startUrl ? `profile "${profile}"` : `"${session.name}"`;

  const controller = new AbortController();
  const onSignal = () => controller.abort(new LatchkeyError('CANCELLED', 'Sign-in cancelled.'));
  process.once('SIGINT', onSignal);
  try {
    const result = await latchkey.sessions.login(session, {
      flow: values['device-code'] ? 'device' : 'pkce',
      openBrowser: !values['no-browser'],
      signal: controller.signal,
      onPrompt: (prompt) => io.stderr(describePrompt(prompt, Boolean(values['no-browser']))),
    });
    const left = result.expiresAt - ctx.clock.now();
    io.stderr(
      `${result.waitedForOther ? 'Signed in by another Latchkey process' : 'Signed in'} ${session.name === session.startUrl ? 'for' : 'to'} ${what} (${session.startUrl}); ` +
        `the sign-in lasts until ${formatTime(result.expiresAt)} (${formatDuration(left)}) and is renewed automatically while it can be.\n`,
    );
    return 0;
  } finally {
    process.off('SIGINT', onSignal);
  }
}

/** Every URL on a line of its own, so terminals make it clickable and scripts can pick it out. */
export function describePrompt(prompt: LoginPrompt, noBrowser: boolean): string {
  if (prompt.kind === 'browser') {
    return `${noBrowser ? 'Open this URL in a browser to sign in:' : 'Opening your browser to sign in. If it does not open, visit:'}\n${prompt.url}\n`;
  }
  return (
    `${noBrowser ? 'Open this URL in a browser' : 'Opening your browser'} and confirm the code ${prompt.userCode}:\n` +
    `${prompt.verificationUriComplete}\n` +
    `(or go to the URL below and type the code ${prompt.userCode})\n${prompt.verificationUri}\n`
  );
}
