// The per-shell commands' start-up, spawned the same way and interleaved so machine noise hits
// every row alike:
//   status        — against a bare `node -e ""` (files only, never the AWS SDK);
//   exec -- true  — against `credential-process` with the same cached credentials: the cost of
//                   running a command on top of handing out the keys.
// One signed-in HOME with an active profile; the cache is warmed first, so no row calls AWS.

import { runCli } from '../devkit/cli';
import { withSignedInHome } from '../devkit/signed-in-home';
import { median, type BenchRow, type BenchSection } from './report';
import { CLI_UNDER_TEST, cliLabel, timeSpawn, type SpawnSample } from './spawn-timing';

export const perShellSection: BenchSection = {
  name: 'per-shell',
  async run(runs) {
    const spawns = 30 * runs;
    return withSignedInHome({ accounts: 2, rolesPerAccount: 1 }, async ({ fake, env, role }) => {
      if ((await runCli(['use', role, '--profile', 'bench'], env)).code !== 0) throw new Error('bench use failed');
      if ((await runCli(['credential-process', role], env)).code !== 0) throw new Error('bench credential-process failed');
      const bare: SpawnSample[] = [];
      const status: SpawnSample[] = [];
      const credentialProcess: SpawnSample[] = [];
      const exec: SpawnSample[] = [];
      const before = fake.stats().portal.total;
      for (let i = 0; i < spawns; i++) {
        bare.push(await timeSpawn(['-e', ''], env));
        status.push(await timeSpawn([CLI_UNDER_TEST, 'status'], env));
        credentialProcess.push(await timeSpawn([CLI_UNDER_TEST, 'credential-process', role], env));
        exec.push(await timeSpawn([CLI_UNDER_TEST, 'exec', role, '--', 'true'], env));
      }
      if (fake.stats().portal.total !== before) throw new Error('a per-shell row called AWS: the cached path was not measured');
      const wall = (s: SpawnSample[]) => median(s.map((x) => x.wallMs));
      const cli = cliLabel(CLI_UNDER_TEST);
      const rows: BenchRow[] = [
        {
          name: 'node -e "" (per-shell baseline)',
          medianMs: wall(bare),
          runs: spawns,
          ratio: 'baseline',
          how: 'spawn → exit, interleaved with the rows below',
        },
        {
          name: 'status',
          medianMs: wall(status),
          runs: spawns,
          ratio: `${(wall(status) / wall(bare)).toFixed(2)}× node`,
          how: `spawn → exit of ${cli} status; one session, one active profile`,
        },
        {
          name: 'credential-process, cached (per-shell)',
          medianMs: wall(credentialProcess),
          runs: spawns,
          ratio: `${(wall(credentialProcess) / wall(bare)).toFixed(2)}× node`,
          how: 'the baseline of the exec row, same run',
        },
        {
          name: 'exec -- true, cached',
          medianMs: wall(exec),
          runs: spawns,
          ratio: `${(wall(exec) / wall(credentialProcess)).toFixed(2)}× credential-process`,
          how: `spawn → exit of ${cli} exec ROLE -- true; cached credentials, one child process`,
        },
      ];
      return rows;
    });
  },
};
