import { isatty } from 'node:tty';
import { createContext, type CoreContext } from '../core/context';
import { LatchkeyError } from '../core/errors';
import { createLoggerFor, type LogOutput } from '../core/log';
import { fileLogSink, logFilePath, logLevelFromEnv } from '../core/log-file';
import { redact } from '../core/redact';
import { openInBrowser } from './browser';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Readonly<Record<string, string | undefined>>;
  isTTY: boolean;
  /** Asks a question on the terminal (stderr) and reads one line from stdin; absent when
   * stdin or stderr is not a terminal (scripts, SDKs running credential_process). */
  ask?: (question: string) => Promise<string>;
}

export function processIo(): CliIo {
  // A reader that stops early (`latchkey roles --json | head`) closes the pipe; that is not
  // an error worth a stack trace: stop quietly, as Unix tools do.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw err;
    });
  }
  return {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    env: process.env,
    isTTY: Boolean(process.stderr.isTTY),
    // isatty(0), not process.stdin.isTTY: touching process.stdin builds a stream (for a file or
    // /dev/null, fs streams), which costs the credential_process hot path several milliseconds.
    ...(process.stderr.isTTY && isatty(0) ? { ask: askOnTerminal } : {}),
  };
}

async function askOnTerminal(question: string): Promise<string> {
  const { createInterface } = await import('node:readline/promises');
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  try {
    return await rl.question(question);
  } catch (err) {
    // Ctrl+D at the prompt: the person chose not to answer, not a crash.
    if ((err as NodeJS.ErrnoException).code === 'ABORT_ERR') throw new LatchkeyError('CANCELLED', 'Cancelled at the prompt (Ctrl+D); nothing was changed.');
    throw err;
  } finally {
    rl.close();
  }
}

export function debugEnabled(env: CliIo['env']): boolean {
  return env.LATCHKEY_DEBUG === '1' || env.LATCHKEY_DEBUG === 'true';
}

/** The core context for a command: the person's browser; debug lines on stderr with
 * LATCHKEY_DEBUG=1, and in LATCHKEY_HOME/logs/latchkey.log at LATCHKEY_LOG_LEVEL. */
export function cliContext(io: CliIo): CoreContext {
  // Each warning once per command, however often the work behind it repeats.
  const warned = new Set<string>();
  const warnUser = (message: string) => {
    const line = oneLine(redact(`latchkey: warning: ${message}`));
    if (warned.has(line)) return;
    warned.add(line);
    io.stderr(line + '\n');
  };
  const ctx = createContext({ env: io.env, openUrl: (url) => openInBrowser(url, io.env), warnUser });
  const outputs: LogOutput[] = [];
  if (debugEnabled(io.env)) outputs.push({ sink: (line) => io.stderr(line + '\n'), level: 'debug' });
  const fileLevel = logLevelFromEnv(io.env);
  if (fileLevel) outputs.push({ sink: fileLogSink(logFilePath(ctx)), level: fileLevel });
  return { ...ctx, logger: createLoggerFor(outputs) };
}

/** Exit code 2 for what the person can fix in the command line or their files; 1 otherwise. */
export function exitCodeFor(err: LatchkeyError): number {
  return err.code === 'BAD_INPUT' || err.code === 'BAD_CONFIG_FILE' || err.code === 'NOT_OWNED' || err.code === 'NOT_FOUND' ? 2 : 1;
}

/** One line on stderr saying what happened and what to do (the command-line advice when the
 * error has one); a stack only with LATCHKEY_DEBUG=1. The log file, when on, gets both. */
export function reportError(io: CliIo, err: unknown): number {
  if (err instanceof LatchkeyError) {
    const hint = err.cliHint ?? err.hint;
    io.stderr(oneLine(redact(`latchkey: ${err.message}${hint ? ` ${hint}` : ''}`)) + '\n');
    if (debugEnabled(io.env) && err.stack) io.stderr(redact(err.stack) + '\n');
    logErrorToFile(io, err, `${err.code}: ${err.message}`);
    return exitCodeFor(err);
  }
  const message = err instanceof Error ? err.message : String(err);
  io.stderr(oneLine(redact(`latchkey: unexpected error: ${message}. Run again with LATCHKEY_DEBUG=1 for details.`)) + '\n');
  if (debugEnabled(io.env) && err instanceof Error && err.stack) io.stderr(redact(err.stack) + '\n');
  logErrorToFile(io, err, `unexpected error: ${message}`);
  return 1;
}

/** A message quoting what was typed stays one line: line breaks become spaces, and other
 * control characters (a pasted terminal escape) are shown as "?". */
function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what this removes
  return text.replace(/[\r\n\u2028\u2029]+/g, ' ').replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '?');
}

function logErrorToFile(io: CliIo, err: unknown, summary: string): void {
  let level;
  try {
    level = logLevelFromEnv(io.env);
  } catch {
    return; // the bad LATCHKEY_LOG_LEVEL is the error being reported
  }
  if (!level) return;
  const file = logFilePath(createContext({ env: io.env }));
  createLoggerFor([{ sink: fileLogSink(file), level }]).error(summary, err instanceof Error && err.stack ? { stack: err.stack } : undefined);
}
