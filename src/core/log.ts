import { redact } from './redact';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };
export const LOG_LEVELS = Object.keys(ORDER) as readonly LogLevel[];

export function isLogLevel(value: string): value is LogLevel {
  return Object.hasOwn(ORDER, value);
}

/** Whether a line at `level` passes a logger set to `threshold`. */
export function levelPasses(level: LogLevel, threshold: LogLevel): boolean {
  return ORDER[level] >= ORDER[threshold];
}

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

export type LogSink = (line: string, level: LogLevel) => void;

/** A logger whose every line passes through `redact`, so no caller can leak a secret. */
export function createLogger(sink: LogSink, level: LogLevel = 'info', clock: () => number = Date.now): Logger {
  const write = (lvl: LogLevel, message: string, fields?: Record<string, unknown>) => {
    if (!levelPasses(lvl, level)) return;
    const extra = fields && Object.keys(fields).length ? ' ' + safeJson(fields) : '';
    sink(redact(`${new Date(clock()).toISOString()} ${lvl.toUpperCase()} ${message}${extra}`), lvl);
  };
  return {
    debug: (m, f) => write('debug', m, f),
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
  };
}

export interface LogOutput {
  sink: LogSink;
  level: LogLevel;
}

/** One logger over several outputs, each at its own level (a log file at debug, stderr at
 * error…); with no output it does no work at all. */
export function createLoggerFor(outputs: LogOutput[], clock: () => number = Date.now): Logger {
  if (outputs.length === 0) return silentLogger;
  const lowest = outputs.reduce((low, o) => (levelPasses(low, o.level) ? o.level : low), outputs[0]!.level);
  return createLogger(
    (line, level) => {
      for (const o of outputs) if (levelPasses(level, o.level)) o.sink(line, level);
    },
    lowest,
    clock,
  );
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value, (_k, v: unknown) => (v instanceof Error ? { name: v.name, message: v.message } : v));
  } catch {
    return '[unserialisable]';
  }
}
