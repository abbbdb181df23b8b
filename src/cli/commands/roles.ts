import { parseCommandArgs, stringOption } from '../args';
import { cliContext, type CliIo } from '../io';
import { SessionManager } from '../../core/sessions/session-manager';
import type { SyncProgress } from '../../core/sso/catalog-sync';

export async function run(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs('roles', argv, {
    session: { type: 'string' },
    refresh: { type: 'boolean' },
    json: { type: 'boolean' },
  }, { min: 0, max: 0, names: '' });
  const manager = new SessionManager(cliContext(io));
  const session = await manager.resolveSession(stringOption(values, 'session'));
  const catalog = await manager.getCatalog(session, {
    refresh: Boolean(values.refresh),
    onProgress: io.isTTY ? (p) => io.stderr(`\r${describeProgress(p)}`) : undefined,
  });
  if (io.isTTY && !catalog.fromCache) io.stderr('\n');
  const rows = catalog.accounts.flatMap((a) => a.roles.map((roleName) => ({
    session: session.name, accountId: a.accountId, accountName: a.accountName, roleName,
  })));
  if (values.json) {
    io.stdout(JSON.stringify(rows, null, 2) + '\n');
    return 0;
  }
  if (rows.length === 0) {
    io.stderr(`No roles are assigned to you in "${session.name}". If that is wrong, ask your AWS administrator, or run "latchkey roles --refresh".\n`);
    return 0;
  }
  const nameWidth = Math.min(40, Math.max(...rows.map((r) => r.accountName.length)));
  for (const r of rows) io.stdout(`${r.accountId}  ${r.accountName.padEnd(nameWidth)}  ${r.roleName}\n`);
  return 0;
}

function describeProgress(p: SyncProgress): string {
  return p.phase === 'accounts'
    ? `Listing accounts… ${p.accountsTotal} so far`
    : `Listing roles… ${p.accountsDone}/${p.accountsTotal} accounts, ${p.rolesFound} roles${p.throttled ? ` (AWS is throttling; slowing down)` : ''}`;
}
