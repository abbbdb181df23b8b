// Memory of the core after a 2,000-account × 3-role sync. bench/memory-child.ts is bundled with
// esbuild (as the app's main process is bundled) and run in a fresh `node --expose-gc`; the
// emulator runs here. Heap and RSS are read after two full collections: before the sync (core
// loaded, signed in) and while holding the synced catalog (what the tray app keeps); the
// catalog's own size is the heap a deep copy of it takes.

import { spawn } from 'node:child_process';
import path from 'node:path';
import { build } from 'esbuild';
import { REPO } from '../devkit/cli';
import { withSignedInHome } from '../devkit/signed-in-home';
import { median, type BenchSection } from './report';

const ACCOUNTS = 2000;
const ROLES = 3;
const CHILD_BUNDLE = path.join(REPO, 'out', 'bench', 'memory-child.cjs');

interface ChildReport {
  accounts: number;
  roles: number;
  catalogJsonBytes: number;
  before: NodeJS.MemoryUsage;
  holding: NodeJS.MemoryUsage;
  catalogHeapBytes: number;
  peakRssBytes: number;
}

function runChild(env: Record<string, string>): Promise<ChildReport> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', CHILD_BUNDLE], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.once('error', reject);
    child.once('close', (code) =>
      code === 0 ? resolve(JSON.parse(out) as ChildReport) : reject(new Error(`memory child exited with ${code}: ${err.split('\n')[0]}`)),
    );
  });
}

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;

export const memorySection: BenchSection = {
  name: 'memory',
  async run(runs) {
    await build({
      entryPoints: [path.join(REPO, 'bench', 'memory-child.ts')],
      outfile: CHILD_BUNDLE,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      packages: 'external',
      logLevel: 'warning',
    });
    const reports: ChildReport[] = [];
    await withSignedInHome({ accounts: ACCOUNTS, rolesPerAccount: ROLES }, async ({ env }) => {
      for (let i = 0; i < runs; i++) {
        const r = await runChild(env);
        if (r.accounts !== ACCOUNTS || r.roles !== ACCOUNTS * ROLES) throw new Error(`the memory child synced ${r.accounts} accounts / ${r.roles} roles`);
        reports.push(r);
        console.error(
          `  memory: heap ${mb(r.before.heapUsed)} → ${mb(r.holding.heapUsed)} holding the catalog (the catalog itself ${mb(r.catalogHeapBytes)}); RSS ${mb(r.before.rss)} → ${mb(r.holding.rss)}`,
        );
      }
    });
    const m = (f: (r: ChildReport) => number) => median(reports.map(f));
    const org = `${ACCOUNTS.toLocaleString('en')}×${ROLES}`;
    return [
      {
        name: `core heap after a ${org} sync`,
        medianMs: 0,
        display: `${mb(m((r) => r.holding.heapUsed))} (+${mb(m((r) => r.holding.heapUsed - r.before.heapUsed))})`,
        runs,
        ratio: `the catalog itself: ${mb(m((r) => r.catalogHeapBytes))} (${mb(m((r) => r.catalogJsonBytes))} as JSON)`,
        how: `fresh node --expose-gc, the catalog sync from the emulator, heapUsed after 2 gc(): before the sync ${mb(m((r) => r.before.heapUsed))}; catalog size = heap taken by a structuredClone of it; the rest is the AWS SDK the sync loads (its modules alone: about 3 MB)`,
      },
      {
        name: `core RSS after a ${org} sync`,
        medianMs: 0,
        display: `${mb(m((r) => r.holding.rss))} (+${mb(m((r) => r.holding.rss - r.before.rss))})`,
        runs,
        ratio: `peak RSS ${mb(m((r) => r.peakRssBytes))}`,
        how: `same process: rss before the sync ${mb(m((r) => r.before.rss))} (core loaded, signed in); peak = resourceUsage().maxRSS`,
      },
    ];
  },
};
