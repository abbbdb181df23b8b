// `credential-process` start-up against a bare `node -e ""`, spawned the same way and
// interleaved (bare, cached, expired, bare, …) so machine noise hits all of them alike:
//   cached  — the cache in ~/.aws/cli/cache holds good credentials: no AWS call (goal ≤ 1.3× node);
//   expired — the cache holds expired credentials, the SSO token is still valid: exactly one
//             portal call (GetRoleCredentials) to the emulator on loopback, no latency added.
// BENCH_NODE=/path/to/node spawns every process of this section with another Node;
// BENCH_CLI=old/bin/latchkey.js,bin/latchkey.js compares builds, interleaved in one run.

import fs from 'node:fs/promises';
import path from 'node:path';
import { runCli } from '../devkit/cli';
import { withSignedInHome } from '../devkit/signed-in-home';
import { type BenchRow, type BenchSection } from './report';
import { CLIS_UNDER_TEST, SPAWN_NODE, cliLabel, medianWallMs, meanCpu, timeSpawn, type SpawnSample } from './spawn-timing';

interface Measured {
  bare: SpawnSample[];
  /** Per command measured (BENCH_CLI), in order. */
  commands: { cli: string; cached: SpawnSample[]; expired: SpawnSample[] }[];
  nodeVersion: string;
}

/** Rewrites the cached credentials as expired an hour ago, keeping everything else. */
async function expireCache(file: string, original: string): Promise<void> {
  const c = JSON.parse(original) as { Expiration: string };
  c.Expiration = new Date(Date.now() - 3_600_000).toISOString();
  await fs.writeFile(file, JSON.stringify(c) + '\n', { mode: 0o600 });
}

async function measure(spawns: number): Promise<Measured> {
  return withSignedInHome({ accounts: 2, rolesPerAccount: 1 }, async ({ fake, home, env, role }) => {
    if ((await runCli(['credential-process', role], env)).code !== 0) throw new Error('bench credential-process failed');
    const cacheDir = path.join(home, '.aws', 'cli', 'cache');
    const cacheFiles = (await fs.readdir(cacheDir)).filter((f) => f.startsWith('latchkey-'));
    if (cacheFiles.length !== 1) throw new Error(`expected one credential_process cache file, found ${cacheFiles.length}`);
    const cacheFile = path.join(cacheDir, cacheFiles[0]!);
    const nodeVersion = (await timeSpawnVersion(env)).trim();

    const bare: SpawnSample[] = [];
    const commands = CLIS_UNDER_TEST.map((cli) => ({ cli, cached: [] as SpawnSample[], expired: [] as SpawnSample[] }));
    for (let i = 0; i < spawns; i++) {
      bare.push(await timeSpawn(['-e', ''], env));
      for (const c of commands) {
        const args = [c.cli, 'credential-process', role];
        let before = fake.stats().portal.total;
        c.cached.push(await timeSpawn(args, env));
        if (fake.stats().portal.total !== before) throw new Error('cached credential-process called AWS');
        await expireCache(cacheFile, await fs.readFile(cacheFile, 'utf8'));
        before = fake.stats().portal.total;
        c.expired.push(await timeSpawn(args, env));
        const calls = fake.stats().portal.total - before;
        if (calls !== 1) throw new Error(`credential-process with expired credentials made ${calls} portal calls, expected 1`);
        // It cached the new credentials, so the next cached spawn is a real cache hit again.
      }
    }
    if (fake.stats().tokens.refreshToken !== 0) throw new Error('the SSO token was refreshed: the expired row would measure more than one call');
    return { bare, commands, nodeVersion };
  });
}

async function timeSpawnVersion(env: Record<string, string>): Promise<string> {
  const { execFileSync } = await import('node:child_process');
  return execFileSync(SPAWN_NODE, ['--version'], { env }).toString();
}

const ms = (v: number | undefined) => (v === undefined ? '?' : `${v.toFixed(1)} ms`);

export const credentialProcessSection: BenchSection = {
  name: 'credential-process',
  async run(runs) {
    const spawns = 40 * runs;
    const m = await measure(spawns);
    const bareMs = medianWallMs(m.bare);
    const bareCpu = meanCpu(m.bare);
    const cpuNote = (s: SpawnSample[]) => {
      const c = meanCpu(s);
      return c === undefined || bareCpu === undefined ? '' : `; CPU ${ms(c)} = ${(c / bareCpu).toFixed(2)}× node's`;
    };
    const node = `Node ${m.nodeVersion}${process.env.BENCH_NODE ? ' (BENCH_NODE)' : ''}`;
    const several = m.commands.length > 1;
    const rows: BenchRow[] = [
      {
        name: `node -e "" (${m.nodeVersion})`,
        medianMs: bareMs,
        runs: spawns,
        ratio: 'baseline',
        how: `spawn → exit of ${node}, interleaved with the rows below; mean CPU ${ms(bareCpu)}`,
      },
    ];
    for (const c of m.commands) {
      const label = several ? ` [${cliLabel(c.cli)}]` : '';
      rows.push(
        {
          name: `credential-process, cached${label}`,
          medianMs: medianWallMs(c.cached),
          runs: spawns,
          ratio: `${(medianWallMs(c.cached) / bareMs).toFixed(2)}× node (goal ≤ 1.3×)`,
          how: `spawn → exit of ${cliLabel(c.cli)}; good cached credentials, no AWS call${cpuNote(c.cached)}`,
        },
        {
          name: `credential-process, expired${label}`,
          medianMs: medianWallMs(c.expired),
          runs: spawns,
          ratio: `${(medianWallMs(c.expired) / bareMs).toFixed(2)}× node`,
          how: `cache holds expired credentials, SSO token valid: loads the SDK, 1 GetRoleCredentials on loopback, writes the cache${cpuNote(c.expired)}`,
        },
      );
    }
    return rows;
  },
};
