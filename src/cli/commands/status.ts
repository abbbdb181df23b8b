import { parseCommandArgs } from '../args';
import { cliContext, formatDuration, formatTime, type CliIo } from '../io';
import { listActiveProfiles } from '../../core/sessions/active-profile-list';
import { sourceName } from '../../core/sessions/active-profile';
import { StateStore } from '../../core/sessions/state-store';
import { listSsoSessions } from '../../core/sessions/sso-sessions';
import { isRefreshable, parseIso, readCachedToken } from '../../core/sso/token-cache';
import { EXEC_MARKER } from './exec-marker';

// For prompts and scripts, so it must stay fast: files only, never the AWS SDK.

export async function run(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs('status', argv, { json: { type: 'boolean' } }, { min: 0, max: 0, names: '' });
  const ctx = cliContext(io);
  const now = ctx.clock.now();
  const [sessions, profiles] = await Promise.all([
    listSsoSessions(ctx).then((list) =>
      Promise.all(
        list.map(async (s) => {
          const token = await readCachedToken(ctx, s.name);
          const expiresAt = token ? parseIso(token.expiresAt) : NaN;
          const refreshable = token ? isRefreshable(token, now) : false;
          return { name: s.name, startUrl: s.startUrl, signedIn: expiresAt > now || refreshable, expiresAt, refreshable };
        }),
      ),
    ),
    listActiveProfiles(ctx, new StateStore(ctx)),
  ]);
  const shellExpiry = parseIso(io.env.AWS_CREDENTIAL_EXPIRATION);
  const shell = io.env.AWS_ACCESS_KEY_ID && Number.isFinite(shellExpiry) ? { role: io.env[EXEC_MARKER] ?? null, expiration: shellExpiry } : undefined;
  const secondsLeft = (at: number) => (Number.isFinite(at) ? Math.max(0, Math.floor((at - now) / 1000)) : null);
  const iso = (at: number) => (Number.isFinite(at) ? formatTime(at) : null);
  if (values.json) {
    const json = {
      sessions: sessions.map((s) => ({ ...s, expiresAt: iso(s.expiresAt), secondsLeft: secondsLeft(s.expiresAt) })),
      profiles: profiles.map((p) => ({
        profile: p.profile,
        source: p.source,
        from: sourceName(p),
        accountId: p.accountId,
        roleName: p.roleName,
        expiration: iso(p.expiration),
        secondsLeft: secondsLeft(p.expiration),
        left: formatDuration(p.expiration - now),
      })),
      shell: shell
        ? { ...shell, expiration: iso(shell.expiration), secondsLeft: secondsLeft(shell.expiration), left: formatDuration(shell.expiration - now) }
        : null,
    };
    io.stdout(JSON.stringify(json, null, 2) + '\n');
    return 0;
  }
  const lines: string[] = [];
  if (shell) lines.push(`shell: ${shell.role ?? 'credentials from the environment'}, ${formatDuration(shell.expiration - now)} left`);
  for (const s of sessions) {
    const state = !s.signedIn
      ? 'signed out'
      : Number.isFinite(s.expiresAt) && s.expiresAt > now
        ? `signed in, ${formatDuration(s.expiresAt - now)} left${s.refreshable ? ' (renews automatically)' : ''}`
        : 'signed in (renews at the next use)';
    lines.push(`session ${s.name}: ${state}`);
  }
  for (const p of profiles) {
    lines.push(
      `profile ${p.profile}: ${sourceName(p)} ${p.accountId}/${p.roleName}, ${p.expiration > now ? `${formatDuration(p.expiration - now)} left` : 'expired'}`,
    );
  }
  if (lines.length === 0) io.stderr('No SSO sessions and no active profiles yet. Start with: latchkey login\n');
  else io.stdout(lines.join('\n') + '\n');
  return 0;
}
