import { parseCommandArgs, stringOption } from '../args';
import { cliContext, type CliIo } from '../io';
import { SessionManager } from '../../core/sessions/session-manager';

export async function run(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('console', argv, {
    region: { type: 'string' },
    service: { type: 'string' },
    print: { type: 'boolean' },
    session: { type: 'string' },
  }, { min: 1, max: 1, names: 'one ROLE (ACCOUNT/ROLE_NAME)' });
  const ctx = cliContext(io);
  const manager = new SessionManager(ctx);
  const role = await manager.resolveRole(positionals[0]!, stringOption(values, 'session'));
  const region = stringOption(values, 'region') ?? (io.env.AWS_REGION || io.env.AWS_DEFAULT_REGION || undefined);
  const service = stringOption(values, 'service');
  const url = await manager.consoleUrl(role, { ...(region ? { region } : {}), ...(service ? { service } : {}) });
  if (values.print) {
    io.stdout(url + '\n');
    return 0;
  }
  await ctx.openUrl(url);
  io.stderr(`Opened the AWS console as ${role.accountName} (${role.accountId})/${role.roleName}.\n`);
  return 0;
}
