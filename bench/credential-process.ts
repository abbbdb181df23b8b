import { spawnSync } from 'node:child_process';
import { startFakeAws } from '../test/fake-aws';
import { CLI, makeHome, startCli, waitFor } from '../test/helpers/cli';

export interface BenchRow {
  name: string;
  value: string;
  goal: string;
  how: string;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

function timeRun(args: string[], env: Record<string, string>): number {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed: ${r.stderr.toString()}`);
  return ms;
}

/** `credential-process` with cached credentials against a bare `node -e ""`, interleaved. */
export async function benchCredentialProcess(runs = Number(process.env.BENCH_CP_RUNS ?? 30)): Promise<BenchRow[]> {
  const fake = await startFakeAws({ accounts: 2, rolesPerAccount: 1, deviceInterval: 1 });
  const home = await makeHome();
  try {
    const env = { ...home.env, ...fake.env };
    const login = startCli(['login', '--start-url', fake.startUrl, '--region', fake.region, '--device-code', '--no-browser'], env);
    const code = await waitFor(() => /code ([A-Z0-9]{4}-[A-Z0-9]{4})/.exec(login.stderrSoFar())?.[1]);
    fake.approveDevice(code);
    if ((await login.done).code !== 0) throw new Error('bench sign-in failed');
    const role = `${fake.accounts[0]!.accountId}/${fake.accounts[0]!.roles[0]}`;
    timeRun([CLI, 'credential-process', role], env); // fills the cache
    const portalBefore = fake.stats().portal.total;
    const bare: number[] = [];
    const cached: number[] = [];
    for (let i = 0; i < runs; i++) {
      bare.push(timeRun(['-e', ''], env));
      cached.push(timeRun([CLI, 'credential-process', role], env));
    }
    if (fake.stats().portal.total !== portalBefore) throw new Error('cached credential-process called AWS');
    const ratio = median(cached) / median(bare);
    return [
      { name: 'node -e ""', value: `${median(bare).toFixed(1)} ms`, goal: 'baseline', how: `median of ${runs} spawns, interleaved` },
      {
        name: 'credential-process (cached)',
        value: `${median(cached).toFixed(1)} ms (${ratio.toFixed(2)}× node)`,
        goal: '≤ 2× node -e ""',
        how: `median of ${runs} spawns of bin/latchkey.js, interleaved with the baseline; no AWS call`,
      },
    ];
  } finally {
    await home.cleanup();
    await fake.close();
  }
}
