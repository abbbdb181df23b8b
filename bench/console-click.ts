// A console click, from the command: `latchkey console ROLE` spawned with the fake browser as
// BROWSER, timed until it exits — which it does once the browser has fetched its one-time URL,
// so the row is "click → browser started and on its way to the console". Interleaved:
//   cached   — credentials for the role are cached (good for 15 min or more): one federation
//              call, no portal call;
//   uncached — the cache is emptied before each click: GetRoleCredentials, then federation.
// The portal answers after 50 ms, as AWS's does from nearby; federation is on loopback.

import fs from 'node:fs/promises';
import path from 'node:path';
import { FAKE_BROWSER, runCli } from '../devkit/cli';
import { withSignedInHome } from '../devkit/signed-in-home';
import { type BenchRow, type BenchSection } from './report';
import { CLI_UNDER_TEST, cliLabel, medianWallMs, timeSpawn, type SpawnSample } from './spawn-timing';

const LATENCY_MS = 50;

export const consoleClickSection: BenchSection = {
  name: 'console click',
  async run(runs) {
    const clicks = 15 * runs;
    return withSignedInHome({ accounts: 2, rolesPerAccount: 1 }, async ({ fake, home, env, role }) => {
      const browserEnv = { ...env, BROWSER: FAKE_BROWSER, FAKE_BROWSER_DECISION: 'follow' };
      if ((await runCli(['console', role, '--switch', 'multi-session'], browserEnv)).code !== 0) throw new Error('bench console failed');
      fake.configure({ latencyMs: LATENCY_MS });
      const cacheDir = path.join(home, '.aws', 'cli', 'cache');
      const emptyCache = async () => {
        for (const f of await fs.readdir(cacheDir)) await fs.rm(path.join(cacheDir, f));
      };
      const roleCalls = () => fake.stats().portal.byOperation.GetRoleCredentials ?? 0;
      const args = [CLI_UNDER_TEST, 'console', role, '--switch', 'multi-session'];
      const cached: SpawnSample[] = [];
      const uncached: SpawnSample[] = [];
      for (let i = 0; i < clicks; i++) {
        let before = roleCalls();
        cached.push(await timeSpawn(args, browserEnv));
        if (roleCalls() !== before) throw new Error('a click with cached credentials called the portal');
        await emptyCache();
        before = roleCalls();
        uncached.push(await timeSpawn(args, browserEnv));
        if (roleCalls() !== before + 1) throw new Error('a click without cached credentials did not make exactly one GetRoleCredentials');
      }
      const cli = cliLabel(CLI_UNDER_TEST);
      const rows: BenchRow[] = [
        {
          name: 'console click → browser started, cached',
          medianMs: medianWallMs(cached),
          runs: clicks,
          ratio: 'baseline; 0 portal calls, 1 federation call',
          how: `spawn → exit of ${cli} console ROLE (exits once the browser fetched the one-time URL)`,
        },
        {
          name: 'console click → browser started, not cached',
          medianMs: medianWallMs(uncached),
          runs: clicks,
          ratio: `${(medianWallMs(uncached) / medianWallMs(cached)).toFixed(2)}× cached; 1 GetRoleCredentials (${LATENCY_MS} ms latency) + 1 federation call`,
          how: 'the same, the credential cache emptied before each click',
        },
      ];
      return rows;
    });
  },
};
