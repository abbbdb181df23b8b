import fs from 'node:fs';
import path from 'node:path';
import { assertNoForeignLinkBeforeAppend } from './aws/foreign-links';
import { latchkeyHome } from './aws/paths';
import type { CoreContext } from './context';
import { LatchkeyError } from './errors';
import { isLogLevel, LOG_LEVELS, type LogLevel, type LogSink } from './log';
import { ensurePrivateDirSync } from './private-dir';
import { redactAndShorten } from './redact';

// LATCHKEY_LOG_LEVEL=debug|info|warn|error makes the command (and sets the level of the tray
// app's) log file: LATCHKEY_HOME/logs/latchkey.log, mode 0600, one rotation at 1 MiB. Lines
// arrive already redacted (createLogger). Nothing touches the disk until a line is written, so
// a command that logs nothing (cached credential-process) pays nothing.

export const LOG_FILE_MAX_BYTES = 1024 * 1024;

export function logFilePath(ctx: Pick<CoreContext, 'env' | 'homedir' | 'platform'>): string {
  return path.join(latchkeyHome(ctx), 'logs', 'latchkey.log');
}

/** The level LATCHKEY_LOG_LEVEL asks for; undefined when unset or empty. */
export function logLevelFromEnv(env: Readonly<Record<string, string | undefined>>): LogLevel | undefined {
  const raw = env.LATCHKEY_LOG_LEVEL?.trim().toLowerCase();
  if (!raw) return undefined;
  if (isLogLevel(raw)) return raw;
  throw new LatchkeyError('BAD_INPUT', `LATCHKEY_LOG_LEVEL is "${redactAndShorten(env.LATCHKEY_LOG_LEVEL!, 20)}", which is not a log level.`, {
    hint: `Set it to one of ${LOG_LEVELS.join(', ')}, or unset it.`,
  });
}

/**
 * Appends each line to `file` (synchronously, so a command that exits right after still has
 * its last lines written). When the file passes `maxBytes` it becomes `file.1` (the previous
 * `.1` is dropped), so the logs never hold more than about twice `maxBytes`. A log that cannot
 * be written is given up silently: logging must never fail a command.
 */
export function fileLogSink(file: string, maxBytes = LOG_FILE_MAX_BYTES): LogSink {
  let size: number | undefined; // unknown until the first line
  let broken = false;
  return (line) => {
    if (broken) return;
    try {
      if (size === undefined) size = openLog(file);
      const bytes = Buffer.byteLength(line) + 1;
      if (size > 0 && size + bytes > maxBytes) size = rotate(file);
      fs.appendFileSync(file, line + '\n', { mode: 0o600 });
      size += bytes;
    } catch {
      broken = true;
    }
  };
}

/** Moves `file` to `file.1`; returns the size the file has now. The app and commands share the
 * file, so another process may have rotated it first (the file is gone or small: go on), or,
 * on Windows, hold it open (try again at the next line): neither may end the logging. */
function rotate(file: string): number {
  try {
    fs.renameSync(file, `${file}.1`);
    return 0;
  } catch {
    try {
      return fs.statSync(file).size;
    } catch {
      return 0;
    }
  }
}

/** Creates the private folder; returns the current size, tightening a file left readable by others. */
function openLog(file: string): number {
  ensurePrivateDirSync(path.dirname(file));
  assertNoForeignLinkBeforeAppend(file);
  try {
    const st = fs.statSync(file);
    if (st.mode & 0o077) fs.chmodSync(file, 0o600);
    return st.size;
  } catch {
    return 0;
  }
}
