import { parseCommandArgs } from '../args';
import { cliContext, type CliIo } from '../io';
import { awsPaths } from '../../core/aws/paths';
import { createLatchkey } from '../../core/sessions/latchkey';

export async function run(argv: string[], io: CliIo): Promise<number> {
  const { positionals } = parseCommandArgs('unuse', argv, {}, { min: 1, max: 1, names: 'one PROFILE' });
  const ctx = cliContext(io);
  const profile = positionals[0]!;
  const removed = await createLatchkey(ctx).profiles.deactivate(profile);
  io.stderr(
    removed
      ? `Removed profile "${profile}" from ${awsPaths(ctx).credentialsFile}.\n`
      : `There is no profile "${profile}" in ${awsPaths(ctx).credentialsFile}; nothing to remove.\n`,
  );
  return 0;
}
