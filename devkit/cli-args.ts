import { parseArgs, type ParseArgsConfig } from 'node:util';

// The flags of the small development commands (`npm run fake`, `npm run dev:web`): parsed with
// node:util, a bad flag or number ends the command with its usage line and exit code 2.

type Options = NonNullable<ParseArgsConfig['options']>;

/** The parsed flags, or exit 2 with the usage; exit 0 after printing it for --help. */
export function parseFlags<const O extends Options>(options: O, usage: string) {
  const config = { options: { ...options, help: { type: 'boolean', short: 'h' } } as O & { help: { type: 'boolean'; short: 'h' } }, strict: true as const };
  let values: ReturnType<typeof parseArgs<typeof config>>['values'];
  try {
    ({ values } = parseArgs(config));
  } catch (err) {
    console.error(`${(err as Error).message}\n${usage}`);
    process.exit(2);
  }
  if ((values as { help?: boolean }).help) {
    console.log(usage);
    process.exit(0);
  }
  return values;
}

/** A flag that must be a whole number, 0 or more; exit 2 with the usage otherwise. */
export function numberFlag(name: string, value: string | boolean | undefined, usage: string, allowFractions = false): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (typeof value !== 'string' || !(allowFractions ? Number.isFinite(n) : Number.isInteger(n)) || n < 0) {
    console.error(`--${name} must be a ${allowFractions ? 'non-negative number' : 'whole number'}\n${usage}`);
    process.exit(2);
  }
  return n;
}
