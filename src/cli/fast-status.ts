import { writeSync } from 'node:fs';
import { createContext } from '../core/context';
import { logLevelFromEnv } from '../core/log-file';
import type { Logger } from '../core/log';
import { listActiveProfilesSync } from '../core/sessions/active-profile-list';
import { readSessionStatuses, statusOutput } from './commands/status-report';

// The entry bin/latchkey.js tries first for `latchkey status [--json]`: shell prompts run it
// before every prompt, so it answers from a small bundle of its own, with the command's own
// reading and wording (./commands/status-report), synchronously and without the command
// bundle, its streams or its logger. Anything else (help, another option, a broken state file,
// debugging, a line to log, any error) is left to the full command, which handles or reports it.

/** Prints the status, or runs the full command (`runCommand`). */
export function answerOrRunCommand(argv: readonly string[], env: NodeJS.ProcessEnv, runCommand: () => void): void {
  if (!printStatus(argv, env)) runCommand();
}

/** True when it printed the status; false to run the full command. */
export function printStatus(argv: readonly string[], env: NodeJS.ProcessEnv): boolean {
  if (argv[0] !== 'status' || env.LATCHKEY_DEBUG) return false;
  const json = argv.length === 2 && argv[1] === '--json';
  if (argv.length !== 1 && !json) return false;
  // Reading logs only what went wrong (an unreadable token file): then the full command reads
  // again and logs it where LATCHKEY_LOG_LEVEL says.
  let logged = false;
  const note = () => void (logged = true);
  const logger: Logger = { debug: note, info: note, warn: note, error: note };
  let out;
  try {
    logLevelFromEnv(env); // a bad level is the full command's error to report
    const ctx = createContext({ env, logger });
    const now = ctx.clock.now();
    const sessions = readSessionStatuses(ctx, now);
    const profiles = listActiveProfilesSync(ctx);
    if (!profiles || logged) return false;
    out = statusOutput({ now, env, sessions, profiles }, json);
  } catch {
    return false;
  }
  if (out.stdout) write(1, out.stdout);
  if (out.stderr) write(2, out.stderr);
  return true;
}

/** A reader that stops early (`latchkey status | head -1`) closes the pipe: stop quietly, as
 * the command does. */
function write(fd: number, text: string): void {
  try {
    writeSync(fd, text);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EPIPE') return;
    if (fd !== 2) writeSync(2, `latchkey: cannot write the status (${(err as NodeJS.ErrnoException).code ?? String(err)}).\n`);
    process.exitCode = 1;
  }
}
