// `credential-process` start-up with cached credentials, against a bare `node -e ""`, both
// spawned the same way and interleaved so machine noise hits them alike. Goal: ≤ 2× node.

import { spawnSync } from 'node:child_process';
import { startFakeAws } from '../test/fake-aws/index';
import { CLI, deviceLoginCli, makeHome, runCli } from '../test/helpers/cli';
import { median, type BenchRow, type BenchSection } from './report';

function timeSpawn(args: string[], env: Record<string, string>): number {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed: ${r.stderr.toString()}`);
  return ms;
}

async function measure(spawns: number): Promise<{ bare: number[]; cached: number[] }> {
  const fake = await startFakeAws({ accounts: 2, rolesPerAccount: 1, deviceInterval: 0.2 });
  const home = await makeHome();
  try {
    const env = { ...home.env, ...fake.env };
    if ((await deviceLoginCli(fake, env)).code !== 0) throw new Error('bench sign-in failed');
    const role = `${fake.accounts[0]!.accountId}/${fake.accounts[0]!.roles[0]}`;
    // Fill the cache asynchronously: the emulator runs in this process, so it must keep serving.
    if ((await runCli(['credential-process', role], env)).code !== 0) throw new Error('bench credential-process failed');
    const portalCalls = fake.stats().portal.total;
    const bare: number[] = [];
    const cached: number[] = [];
    for (let i = 0; i < spawns; i++) {
      bare.push(timeSpawn(['-e', ''], env));
      cached.push(timeSpawn([CLI, 'credential-process', role], env));
    }
    if (fake.stats().portal.total !== portalCalls) throw new Error('cached credential-process called AWS');
    return { bare, cached };
  } finally {
    await home.cleanup();
    await fake.close();
  }
}

export const credentialProcessSection: BenchSection = {
  name: 'credential-process',
  async run(runs) {
    const spawns = 30 * runs;
    const { bare, cached } = await measure(spawns);
    const ratio = median(cached) / median(bare);
    const rows: BenchRow[] = [
      { name: 'node -e ""', medianMs: median(bare), runs: spawns, ratio: 'baseline', how: 'spawnSync of node, interleaved with the row below' },
      {
        name: 'credential-process, cached',
        medianMs: median(cached),
        runs: spawns,
        ratio: `${ratio.toFixed(2)}× node (goal ≤ 2×)`,
        how: 'spawnSync of bin/latchkey.js; cached credentials, no AWS call',
      },
    ];
    return rows;
  },
};
