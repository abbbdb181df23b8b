import { parseArgs, type ParseArgsConfig } from 'node:util';
import { LatchkeyError } from '../core/errors';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

/** Strict parsing: an unknown option or a missing value is a usage error (exit 2). */
export function parseCommandArgs(command: string, argv: string[], options: OptionSpec, positionals: { min: number; max: number; names: string }) {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
  } catch (err) {
    throw new LatchkeyError('BAD_INPUT', `${(err as Error).message.replace(/\. To specify a positional.*$/s, '.')}`, {
      hint: `Run "latchkey ${command} --help" for its options.`,
    });
  }
  const help = parsed.values.help === true;
  if (!help && (parsed.positionals.length < positionals.min || parsed.positionals.length > positionals.max)) {
    const expected = positionals.max === 0 ? 'no arguments' : positionals.names;
    throw new LatchkeyError('BAD_INPUT', `latchkey ${command} takes ${expected}.`, { hint: `Run "latchkey ${command} --help".` });
  }
  return { values: parsed.values as Record<string, string | boolean | undefined>, positionals: parsed.positionals, help };
}

export function stringOption(values: Record<string, string | boolean | undefined>, name: string): string | undefined {
  const v = values[name];
  return typeof v === 'string' ? v : undefined;
}
