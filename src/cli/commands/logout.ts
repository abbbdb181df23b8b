import { parseCommandArgs, stringOption } from '../args';
import { cliContext, type CliIo } from '../io';
import { SessionManager } from '../../core/sessions/session-manager';

export async function run(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs('logout', argv, { session: { type: 'string' } }, { min: 0, max: 0, names: '' });
  const manager = new SessionManager(cliContext(io));
  const session = await manager.resolveSession(stringOption(values, 'session'));
  await manager.logout(session);
  io.stderr(`Signed out of "${session.name}".\n`);
  return 0;
}
