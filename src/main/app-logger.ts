import { createContext } from '../core/context';
import { createLoggerFor, type LogLevel, type Logger } from '../core/log';
import { fileLogSink, logFilePath, logLevelFromEnv } from '../core/log-file';

/**
 * The app has no terminal of its own: besides stdout/stderr it keeps a log file
 * (LATCHKEY_HOME/logs/latchkey.log, info by default, LATCHKEY_LOG_LEVEL to change it), through
 * the same redacting logger as everything else.
 */
export function appLogger(
  env: Readonly<Record<string, string | undefined>>,
  homedir: string | undefined,
  out: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream } = process,
): Logger {
  let fileLevel: LogLevel = 'info';
  let badLevel: string | undefined;
  try {
    fileLevel = logLevelFromEnv(env) ?? 'info';
  } catch (err) {
    badLevel = (err as Error).message;
  }
  const file = logFilePath(createContext({ env, ...(homedir ? { homedir } : {}) }));
  const logger = createLoggerFor([
    {
      sink: (line, level) => (level === 'error' || level === 'warn' ? out.stderr : out.stdout).write(`${line}\n`),
      level: env.LATCHKEY_DEBUG === '1' ? 'debug' : 'info',
    },
    { sink: fileLogSink(file), level: fileLevel },
  ]);
  if (badLevel) logger.warn(`${badLevel} Logging at info.`);
  return logger;
}
