import type { CoreContext } from '../../core/context';
import { sourceName, type ActiveProfile } from '../../core/sessions/active-profile';
import { listSsoSessionsSync } from '../../core/sessions/sso-sessions';
import { isRefreshable, parseIso, readCachedTokenSync } from '../../core/sso/token-cache';
import { formatDuration, formatTime } from '../time-text';
import { EXEC_MARKER } from './exec-marker';

// What `latchkey status` reads and prints, shared by the command and its small entry
// (src/cli/fast-status.ts). Files only, synchronous, never the AWS SDK: prompts run it each time.

export interface SessionStatus {
  name: string;
  startUrl: string;
  signedIn: boolean;
  /** Epoch ms of the cached token's expiry; NaN without a token. */
  expiresAt: number;
  refreshable: boolean;
}

/** Each SSO session of ~/.aws/config with its cached token's state at `now`. */
export function readSessionStatuses(ctx: CoreContext, now: number): SessionStatus[] {
  return listSsoSessionsSync(ctx).map((s) => {
    const token = readCachedTokenSync(ctx, s.name);
    const expiresAt = token ? parseIso(token.expiresAt) : NaN;
    const refreshable = token ? isRefreshable(token, now) : false;
    return { name: s.name, startUrl: s.startUrl, signedIn: expiresAt > now || refreshable, expiresAt, refreshable };
  });
}

export interface StatusInput {
  now: number;
  /** The environment: a shell inside `latchkey exec` (or with keys of its own) shows them too. */
  env: Readonly<Record<string, string | undefined>>;
  sessions: SessionStatus[];
  profiles: ActiveProfile[];
}

/** What the command prints: lines (or JSON) on stdout, or the hint on stderr when there is nothing. */
export function statusOutput(input: StatusInput, json: boolean): { stdout?: string; stderr?: string } {
  const { now, env, sessions, profiles } = input;
  const shellExpiry = parseIso(env.AWS_CREDENTIAL_EXPIRATION);
  const shell = env.AWS_ACCESS_KEY_ID && Number.isFinite(shellExpiry) ? { role: env[EXEC_MARKER] ?? null, expiration: shellExpiry } : undefined;
  const secondsLeft = (at: number) => (Number.isFinite(at) ? Math.max(0, Math.floor((at - now) / 1000)) : null);
  const iso = (at: number) => (Number.isFinite(at) ? formatTime(at) : null);
  if (json) {
    const out = {
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
    return { stdout: JSON.stringify(out, null, 2) + '\n' };
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
  if (lines.length === 0) return { stderr: 'No SSO sessions and no active profiles yet. Start with: latchkey login\n' };
  return { stdout: lines.join('\n') + '\n' };
}
