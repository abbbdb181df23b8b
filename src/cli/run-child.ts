import { spawn } from 'node:child_process';
import os from 'node:os';
import { LatchkeyError } from '../core/errors';

// Runs a command as the person's own, in the foreground: its stdio is ours, its exit code is
// ours, and the signals that end a foreground program reach it.

const FORWARDED = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** Resolves with the command's exit code (128 + N when signal N ended it, as shells report).
 * A command that cannot be found is exit 127 and one line, as in a shell; one that cannot be
 * run (not executable) 126. */
export function runChild(command: string, args: string[], env: Record<string, string | undefined>, stderr: (text: string) => void): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { env, stdio: 'inherit' });
    const forward = (signal: NodeJS.Signals) => () => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    };
    const handlers = FORWARDED.map((signal) => [signal, forward(signal)] as const);
    for (const [signal, handler] of handlers) process.on(signal, handler);
    const done = (code: number) => {
      for (const [signal, handler] of handlers) process.off(signal, handler);
      resolve(code);
    };
    child.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') {
        stderr(`latchkey: ${command}: command not found.\n`);
        done(127);
      } else if (err.code === 'EACCES') {
        stderr(`latchkey: ${command}: permission denied (not an executable file).\n`);
        done(126);
      } else {
        stderr(`latchkey: ${command}: could not run it (${err.code ?? err.message}).\n`);
        done(126);
      }
    });
    child.once('exit', (code, signal) => {
      if (signal) done(128 + (os.constants.signals[signal] ?? 0));
      else done(code ?? 1);
    });
  });
}

/** The command after `--`, or a usage error. */
export function commandAfterDashes(command: string, argv: string[]): { own: string[]; cmd: string[] } {
  const at = argv.indexOf('--');
  if (at < 0 || at === argv.length - 1) {
    throw new LatchkeyError('BAD_INPUT', `latchkey ${command} needs the command to run after "--".`, {
      hint: `For example: latchkey ${command} prod/Admin -- aws s3 ls`,
    });
  }
  return { own: argv.slice(0, at), cmd: argv.slice(at + 1) };
}
