import { parseCommandArgs } from '../args';
import { cliContext, type CliIo } from '../io';
import { formatDuration, formatTime } from '../time-text';
import { createLatchkey } from '../../core/sessions/latchkey';

export async function run(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs('sessions', argv, { json: { type: 'boolean' } }, { min: 0, max: 0, names: '' });
  const ctx = cliContext(io);
  const latchkey = createLatchkey(ctx);
  const sessions = await latchkey.sessions.list();
  const active = await latchkey.profiles.list();
  if (values.json) {
    io.stdout(
      JSON.stringify(
        sessions.map((s) => ({
          name: s.name,
          startUrl: s.startUrl,
          region: s.region,
          signedIn: s.signedIn,
          expiresAt: s.expiresAt === undefined ? null : new Date(s.expiresAt).toISOString(),
          refreshable: s.refreshable,
          activeProfiles: active
            .filter((p) => p.source === 'sso' && p.session === s.name)
            .map((p) => ({
              profile: p.profile,
              accountId: p.accountId,
              roleName: p.roleName,
              expiration: new Date(p.expiration).toISOString(),
            })),
        })),
        null,
        2,
      ) + '\n',
    );
    return 0;
  }
  if (sessions.length === 0) {
    io.stderr('No SSO sessions yet. Sign in with: latchkey login --start-url https://YOUR-ORG.awsapps.com/start --region REGION\n');
    return 0;
  }
  const now = ctx.clock.now();
  for (const s of sessions) {
    const state = !s.signedIn
      ? 'signed out'
      : `signed in until ${formatTime(s.expiresAt!)} (${formatDuration(s.expiresAt! - now)})${s.refreshable ? ', renews automatically' : ''}`;
    io.stdout(`${s.name}\t${s.startUrl}\t${s.region}\t${state}\n`);
    for (const p of active.filter((a) => a.source === 'sso' && a.session === s.name)) {
      io.stdout(`  profile ${p.profile}: ${p.accountId}/${p.roleName}, ${formatDuration(p.expiration - now)} left\n`);
    }
  }
  return 0;
}
