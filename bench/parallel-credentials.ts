// 30 `credential-process` calls started together, for 30 different roles, with no cached
// credentials, against a portal that throttles the way AWS can: one budget of 10 requests a
// second in bursts of 3, and 10% of the calls that pass failing with 500. This is what an SDK
// does when a tool builds clients for thirty profiles at once. The figures: the time from the
// spawns to the last credentials, and how many of the 30 delivered them (goal: all), next to
// the same 30 calls against an unthrottled portal, which is what starting 30 processes costs.
// The sign-in and the role catalog are in place (the state after `latchkey login` and `latchkey
// roles`), so each call needs exactly one successful GetRoleCredentials.

import fs from 'node:fs/promises';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { runCli } from '../devkit/cli';
import type { FakeAws } from '../devkit/fake-aws/index';
import { withSignedInHome } from '../devkit/signed-in-home';
import { median, type BenchSection } from './report';
import { CLI_UNDER_TEST, SPAWN_NODE, cliLabel } from './spawn-timing';

const CALLS = 30;
const THROTTLE = { portalRateLimit: 10, portalBurst: 3, portalFailureRate: 0.1 };
const UNTHROTTLED = { portalRateLimit: undefined, portalBurst: undefined, portalFailureRate: 0 };

interface Round {
  /** Spawn of the first to exit of the last, ms. */
  wallMs: number;
  delivered: number;
  /** First lines of what the others printed on stderr. */
  failures: string[];
  getRoleCredentials: number;
  throttled: number;
}

/** One call: true when it printed credential_process JSON with keys (never echoed). */
function credentialProcess(role: string, env: Record<string, string>): Promise<{ ok: boolean; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(SPAWN_NODE, [CLI_UNDER_TEST, 'credential-process', role], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('close', (code) => {
      resolve({ ok: code === 0 && deliveredCredentials(stdout), stderr });
    });
  });
}

function deliveredCredentials(stdout: string): boolean {
  try {
    const out = JSON.parse(stdout) as { Version?: number; AccessKeyId?: string };
    return out.Version === 1 && Boolean(out.AccessKeyId);
  } catch {
    return false;
  }
}

async function oneRound(fake: FakeAws, home: string, env: Record<string, string>, roles: string[], throttled: boolean): Promise<Round> {
  await fs.rm(path.join(home, '.aws', 'cli', 'cache'), { recursive: true, force: true });
  fake.configure(throttled ? THROTTLE : UNTHROTTLED);
  await new Promise((r) => setTimeout(r, 1000)); // a full bucket, as after a quiet moment
  fake.resetStats();
  const t0 = performance.now();
  const results = await Promise.all(roles.map((role) => credentialProcess(role, env)));
  const wallMs = performance.now() - t0;
  const stats = fake.stats().portal;
  const round: Round = {
    wallMs,
    delivered: results.filter((r) => r.ok).length,
    failures: results.filter((r) => !r.ok).map((r) => r.stderr.split('\n')[0] || '(nothing on stderr)'),
    getRoleCredentials: stats.byOperation.GetRoleCredentials ?? 0,
    throttled: stats.throttled,
  };
  console.error(
    `  ${CALLS} in parallel, ${throttled ? 'throttled' : 'no throttle'}: ${(wallMs / 1000).toFixed(2)} s, ${round.delivered}/${CALLS} delivered, ${round.getRoleCredentials} GetRoleCredentials, ${round.throttled} got 429`,
  );
  for (const f of new Set(round.failures)) console.error(`    failed: ${f}`);
  return round;
}

/** Throttled and unthrottled rounds alternate, so machine load weighs on both alike. */
async function measure(runs: number): Promise<{ throttled: Round[]; free: Round[] }> {
  return withSignedInHome({ accounts: CALLS / 2, rolesPerAccount: 2 }, async ({ fake, home, env }) => {
    if ((await runCli(['roles'], env)).code !== 0) throw new Error('bench: latchkey roles failed');
    const roles = fake.accounts.flatMap((a) => a.roles.map((r) => `${a.accountId}/${r}`));
    const out = { throttled: [] as Round[], free: [] as Round[] };
    for (let i = 0; i < runs; i++) {
      out.throttled.push(await oneRound(fake, home, env, roles, true));
      out.free.push(await oneRound(fake, home, env, roles, false));
    }
    return out;
  });
}

export const parallelCredentialsSection: BenchSection = {
  name: 'credential-process ×30, throttled',
  async run(runs) {
    const m = await measure(runs);
    const wall = (rounds: Round[]) => median(rounds.map((r) => r.wallMs));
    const delivered = (rounds: Round[]) => Math.min(...rounds.map((r) => r.delivered));
    const cli = cliLabel(CLI_UNDER_TEST);
    return [
      {
        name: `${CALLS} parallel credential-process, no cache, no throttle`,
        medianMs: wall(m.free),
        runs,
        ratio: `${delivered(m.free)}/${CALLS} delivered; baseline`,
        how: `spawns → last exit of ${cli}, 30 roles, catalog cached, interleaved with the row below: what starting 30 processes costs here`,
      },
      {
        name: `${CALLS} parallel credential-process, no cache, throttled`,
        medianMs: wall(m.throttled),
        runs,
        ratio: `${delivered(m.throttled)}/${CALLS} delivered (goal ${CALLS}/${CALLS}); ${(wall(m.throttled) / wall(m.free)).toFixed(2)}× the unthrottled time`,
        how: `the same; portal 10 req/s in bursts of 3, 10% 500s (the throttle alone allows the 30 calls in ${((CALLS - THROTTLE.portalBurst) / THROTTLE.portalRateLimit).toFixed(1)} s); ${median(m.throttled.map((r) => r.getRoleCredentials))} GetRoleCredentials, ${median(m.throttled.map((r) => r.throttled))} got 429`,
      },
    ];
  },
};
