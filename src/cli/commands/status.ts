import { parseCommandArgs } from '../args';
import { cliContext, type CliIo } from '../io';
import { listActiveProfiles } from '../../core/sessions/active-profile-list';
import { StateStore } from '../../core/sessions/state-store';
import { readSessionStatuses, statusOutput } from './status-report';

// For prompts and scripts, so it must stay fast: files only, never the AWS SDK. The plain
// cases are answered by a small entry of their own (src/cli/fast-status.ts); this is the rest:
// help, a bad option, a broken state file (set aside here), debugging and logging.

export async function run(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs('status', argv, { json: { type: 'boolean' } }, { min: 0, max: 0, names: '' });
  const ctx = cliContext(io);
  const now = ctx.clock.now();
  const sessions = readSessionStatuses(ctx, now);
  const profiles = await listActiveProfiles(ctx, new StateStore(ctx));
  const out = statusOutput({ now, env: io.env, sessions, profiles }, values.json === true);
  if (out.stdout) io.stdout(out.stdout);
  if (out.stderr) io.stderr(out.stderr);
  return 0;
}
