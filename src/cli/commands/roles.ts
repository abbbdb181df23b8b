import { parseCommandArgs, stringOption } from '../args';
import { cliContext, type CliIo } from '../io';
import { LatchkeyError } from '../../core/errors';
import { createLatchkey, type Latchkey } from '../../core/sessions/latchkey';
import { listSsoSessions } from '../../core/sessions/sso-sessions';
import type { ConfigProfileSummary } from '../../core/iam/profile-plan';
import type { SyncProgress } from '../../core/sso/catalog-sync';

// `roles --json` keeps its contract (an array of {session, accountId, accountName, roleName},
// Identity Center roles only) because scripts feed those fields back to `latchkey use`.
// Profiles of ~/.aws/config are listed after the roles in the table, and by `--profiles`
// (`--profiles --json`: an array of {profile, kind, accountId, roleName, …}).
export async function run(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(
    'roles',
    argv,
    {
      session: { type: 'string' },
      refresh: { type: 'boolean' },
      json: { type: 'boolean' },
      profiles: { type: 'boolean' },
    },
    { min: 0, max: 0, names: '' },
  );
  const ctx = cliContext(io);
  const latchkey = createLatchkey(ctx);
  if (values.profiles) return listProfiles(latchkey, io, Boolean(values.json));

  const sessionName = stringOption(values, 'session');
  // Someone with only IAM users or chained roles has no SSO session: show their profiles.
  if (!values.json && sessionName === undefined && (await listSsoSessions(ctx)).length === 0) {
    const { profiles } = await latchkey.configProfiles.list();
    if (profiles.length > 0) return listProfiles(latchkey, io, false);
  }
  const session = await latchkey.sessions.resolve(sessionName);
  const catalog = await latchkey.catalog.get(session, {
    refresh: Boolean(values.refresh),
    onProgress: io.isTTY ? (p) => io.stderr(`\r${describeProgress(p)}`) : undefined,
  });
  if (io.isTTY && !catalog.fromCache) io.stderr('\n');
  const rows = catalog.accounts.flatMap((a) =>
    a.roles.map((roleName) => ({
      session: session.name,
      accountId: a.accountId,
      accountName: a.accountName,
      roleName,
    })),
  );
  if (values.json) {
    io.stdout(JSON.stringify(rows, null, 2) + '\n');
    return 0;
  }
  if (rows.length === 0) {
    io.stderr(`No roles are assigned to you in "${session.name}". If that is wrong, ask your AWS administrator, or run "latchkey roles --refresh".\n`);
  }
  const nameWidth = Math.min(40, Math.max(0, ...rows.map((r) => r.accountName.length)));
  for (const r of rows) io.stdout(`${r.accountId}  ${r.accountName.padEnd(nameWidth)}  ${r.roleName}\n`);
  // Profiles follow the roles; a broken ~/.aws/config profile must not hide the roles.
  const listed = await latchkey.configProfiles.list().catch((err: unknown) => {
    if (err instanceof LatchkeyError) io.stderr(`latchkey: ${err.message}\n`);
    return { profiles: [] as ConfigProfileSummary[], problems: [] };
  });
  if (listed.profiles.length > 0) {
    io.stdout(`\nProfiles in ~/.aws/config (use the name as ROLE):\n`);
    printProfiles(listed.profiles, io);
  }
  return 0;
}

async function listProfiles(latchkey: Latchkey, io: CliIo, json: boolean): Promise<number> {
  const { profiles, problems } = await latchkey.configProfiles.list();
  if (json) {
    io.stdout(
      JSON.stringify(
        profiles.map((p) => ({
          profile: p.profile,
          kind: p.kind,
          accountId: p.accountId ?? null,
          roleName: p.roleName ?? null,
          userName: p.userName ?? null,
          region: p.region ?? null,
          sourceProfile: p.sourceProfile ?? null,
          mfa: p.mfa,
        })),
        null,
        2,
      ) + '\n',
    );
  } else if (profiles.length === 0) {
    io.stderr('No profile in ~/.aws/config or ~/.aws/credentials is one Latchkey can use (keys, role_arn + source_profile, or SSO settings).\n');
  } else {
    printProfiles(profiles, io);
  }
  for (const p of problems) io.stderr(`latchkey: skipped profile "${p.profile}": ${p.message}\n`);
  return 0;
}

const KIND_LABEL: Record<ConfigProfileSummary['kind'], string> = {
  'sso-profile': 'SSO role',
  'iam-user': 'IAM user',
  'assumed-role': 'role from IAM user',
  'chained-role': 'chained role',
  'session-credentials': 'session credentials',
};

function printProfiles(profiles: ConfigProfileSummary[], io: CliIo): void {
  const width = Math.min(32, Math.max(...profiles.map((p) => p.profile.length)));
  const kindOf = (p: ConfigProfileSummary) => `${KIND_LABEL[p.kind]}${p.mfa ? ' (MFA)' : ''}`;
  const kindWidth = Math.max(...profiles.map((p) => kindOf(p).length));
  for (const p of profiles) {
    const target = p.roleName ? `${p.accountId ?? '?'}/${p.roleName}` : p.userName ? `${p.accountId ?? '?'} user ${p.userName}` : '';
    const via = p.sourceProfile ? ` via ${p.chain.slice(1).join(' → ')}` : '';
    io.stdout(`${p.profile.padEnd(width)}  ${kindOf(p).padEnd(kindWidth)}  ${target}${via}`.trimEnd() + '\n');
  }
}

function describeProgress(p: SyncProgress): string {
  return p.phase === 'accounts'
    ? `Listing accounts… ${p.accountsTotal} so far`
    : `Listing roles… ${p.accountsDone}/${p.accountsTotal} accounts, ${p.rolesFound} roles${p.throttled ? ` (AWS is throttling; slowing down)` : ''}`;
}
