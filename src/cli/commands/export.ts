import { parseCommandArgs, stringOption } from '../args';
import { cliContext, type CliIo } from '../io';
import { displayPath } from '../../core/aws/ini-file';
import { LatchkeyError } from '../../core/errors';
import { exportEntryFor, planExport, type ExportEntry } from '../../core/iam/config-export';
import { createLatchkey } from '../../core/sessions/latchkey';
import { assertRegion } from '../../core/validation';

// `latchkey export ROLE...`: ~/.aws/config profiles (sso_session, no keys) for Identity Center
// roles, in the one block of the file Latchkey owns. The diff is always shown first; the file
// is written only with --yes or a "y" on the terminal.
export async function run(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    'export',
    argv,
    {
      session: { type: 'string' },
      'profile-prefix': { type: 'string' },
      region: { type: 'string' },
      remove: { type: 'boolean' },
      yes: { type: 'boolean', short: 'y' },
    },
    { min: 1, max: 500, names: 'one or more ROLEs (ACCOUNT/ROLE_NAME), or with --remove profile names' },
  );
  const ctx = cliContext(io);
  const latchkey = createLatchkey(ctx);
  const region = stringOption(values, 'region');
  if (region !== undefined) assertRegion(region);

  let change: { add?: ExportEntry[]; remove?: string[] };
  if (values.remove) {
    change = { remove: positionals };
  } else {
    const prefix = stringOption(values, 'profile-prefix') ?? '';
    const add: ExportEntry[] = [];
    for (const arg of positionals) {
      const role = await latchkey.catalog.resolveRole(arg, stringOption(values, 'session'), { confirm: true });
      add.push(exportEntryFor(role, { prefix, ...(region ? { region } : {}) }));
    }
    const names = add.map((e) => e.profile);
    const twice = names.find((n, i) => names.indexOf(n) !== i);
    if (twice)
      throw new LatchkeyError('BAD_INPUT', `Two of the roles would both be exported as profile "${twice}".`, {
        hint: 'Give each account once, or use account ids.',
      });
    change = { add };
  }

  // What the block holds now, so a removal can say what it removed.
  const owned = values.remove ? new Set((await planExport(ctx, {})).profiles) : new Set<string>();
  const plan = await planExport(ctx, change);
  const where = displayPath(plan.configFile);
  if (!plan.diff) {
    io.stderr(
      values.remove
        ? `Latchkey's export block in ${where} has no profile ${positionals.map((n) => `"${n}"`).join(', ')}; nothing to change.\n`
        : `${where} already has these profiles; nothing to change.\n`,
    );
    return 0;
  }
  io.stdout(plan.diff);
  let write = Boolean(values.yes);
  if (!write && io.ask) write = /^y(es)?$/i.test((await io.ask(`Write these changes to ${where}? [y/N] `)).trim());
  if (!write) {
    io.stderr(`Nothing was written. Run again with --yes to write these changes to ${where}.\n`);
    return 0;
  }
  await plan.apply();
  if (values.remove) {
    const removed = new Set(positionals.filter((n) => owned.has(n)));
    io.stderr(`Removed ${removed.size} Latchkey profile(s) from ${where}; ${plan.profiles.length} remain.\n`);
  } else {
    io.stderr(`Wrote ${plan.profiles.length} Latchkey profile(s) to ${where}: use them with --profile NAME in the AWS CLI and SDKs.\n`);
  }
  return 0;
}
