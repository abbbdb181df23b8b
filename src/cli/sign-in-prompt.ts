import type { LoginOptions, LoginPrompt } from '../core/sso/sso-auth';
import { unattendedSignInTimeoutMs, type SignInFlow } from '../core/sso/sign-in-flow';
import type { CliIo } from './io';

// What a command prints while a sign-in waits for the person: the URL (and code) to use, and
// for `latchkey login` a line that counts down to the code's expiry.

/** Every URL on a line of its own, so terminals make it clickable and scripts can pick it out. */
export function describePrompt(prompt: LoginPrompt, noBrowser: boolean): string {
  if (prompt.kind === 'browser') {
    return `${noBrowser ? 'Open this URL in a browser to sign in:' : 'Opening your browser to sign in. If it does not open, visit:'}\n${prompt.url}\n`;
  }
  const why = prompt.reason ? `Signing in with a device code: ${prompt.reason}.\n` : '';
  const where = prompt.reason ? 'On any device with a browser, open this URL' : noBrowser ? 'Open this URL in a browser' : 'Opening your browser';
  return (
    why +
    `${where} and confirm the code ${prompt.userCode}:\n` +
    `${prompt.verificationUriComplete}\n` +
    `(or go to the URL below and type the code ${prompt.userCode})\n${prompt.verificationUri}\n`
  );
}

function withoutReason(prompt: Extract<LoginPrompt, { kind: 'device' }>): LoginPrompt {
  const { reason: _reason, reasonCode: _code, ...rest } = prompt;
  return rest;
}

/** mm:ss, or h:mm:ss past an hour. */
export function formatCountdown(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

const TTY_TICK_MS = 1_000;
const PLAIN_TICK_MS = 60_000;

/**
 * Prints the prompts of an interactive sign-in, and while a device code waits, the time left:
 * one line rewritten every second on a terminal, a plain line a minute otherwise (a log
 * keeps every line). `stop` ends the countdown and clears its line.
 */
export function interactivePrompter(
  io: CliIo,
  noBrowser: boolean,
  now: () => number = Date.now,
): { onPrompt: (p: LoginPrompt) => void; onOthersPrompt: (p: LoginPrompt) => void; stop: () => void } {
  let timer: ReturnType<typeof setInterval> | undefined;
  let live = false;
  const stop = () => {
    clearInterval(timer);
    timer = undefined;
    if (live) io.stderr('\r\x1b[2K');
    live = false;
  };
  const show = (prompt: LoginPrompt, opening: boolean) => {
    stop();
    io.stderr(describePrompt(prompt, !opening));
    if (prompt.kind !== 'device') return;
    const line = () => {
      const left = prompt.expiresAt - now();
      return left > 0
        ? `Waiting for the code ${prompt.userCode} to be approved; it expires in ${formatCountdown(left)}. Ctrl-C cancels.`
        : `The code ${prompt.userCode} has expired.`;
    };
    if (io.isTTY) {
      live = true;
      io.stderr(`\r\x1b[2K${line()}`);
      timer = setInterval(() => io.stderr(`\r\x1b[2K${line()}`), TTY_TICK_MS);
    } else {
      io.stderr(`${line()}\n`);
      timer = setInterval(() => io.stderr(`${line()}\n`), PLAIN_TICK_MS);
    }
    // The countdown never keeps the command running on its own.
    timer.unref();
  };
  return {
    onPrompt: (prompt) => show(prompt, !noBrowser),
    // Nothing is opened for another process's sign-in: it is shown for the person to use.
    onOthersPrompt: (prompt) => {
      stop();
      io.stderr('Another Latchkey command is already signing in to this session; finish its sign-in:\n');
      // Its reason for a device code is about that command, not this one.
      show(prompt.kind === 'device' ? withoutReason(prompt) : prompt, false);
    },
    stop,
  };
}

/**
 * For a command with nobody at a terminal (an SDK running credential_process): the sign-in that
 * can finish here, its prompt on stderr (stdout is the SDK's), at most LATCHKEY_SIGNIN_TIMEOUT
 * seconds of waiting, and the same outcome as any other such command waiting on it.
 */
export function unattendedSignIn(io: CliIo, flowSetting: SignInFlow | undefined): LoginOptions {
  const limitMs = unattendedSignInTimeoutMs(io.env);
  return {
    flow: 'auto',
    ...(flowSetting ? { flowSetting } : {}),
    openBrowser: true,
    unattended: true,
    // Counted from the start of the process, as the caller (an SDK that may kill it) counts.
    timeoutMs: Math.max(MIN_WAIT_MS, limitMs - Math.round(performance.now())),
    timeoutHint: {
      message: `The sign-in was not completed within ${limitMs / 1000} seconds.`,
      hint: 'Sign in from Latchkey, then try again.',
      cliHint: 'Run "latchkey login --device-code" in a terminal, then try again.',
    },
    onPrompt: (prompt) => io.stderr(describePrompt(prompt, false)),
  };
}

/** However late the process got going, the sign-in gets a moment to show its code. */
const MIN_WAIT_MS = 1_000;
