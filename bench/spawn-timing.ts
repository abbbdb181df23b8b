// Timing of spawned processes, for the rows that compare a command's start-up with bare Node.
// Spawns are asynchronous so that the emulator, which runs in this process, keeps answering
// while a command waits for it; every row of a comparison is measured the same way.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { CLI } from '../devkit/cli';
import { median } from './report';

/** The Node that runs spawned commands: BENCH_NODE=/path/to/node measures another version. */
export const SPAWN_NODE = process.env.BENCH_NODE || process.execPath;
if (process.env.BENCH_NODE) {
  try {
    fs.accessSync(SPAWN_NODE, fs.constants.X_OK);
  } catch {
    throw new Error(`BENCH_NODE=${SPAWN_NODE} is not an executable file; give the path of a node binary`);
  }
}

/** The commands measured: BENCH_CLI=/path/to/bin/latchkey.js measures another build (say, a
 * checkout of an older commit); a comma-separated list measures each, interleaved, so builds
 * are compared under the same load. The use section measures the first. */
export const CLIS_UNDER_TEST = process.env.BENCH_CLI ? process.env.BENCH_CLI.split(',').map((p) => path.resolve(p.trim())) : [CLI];
for (const cli of CLIS_UNDER_TEST) {
  if (!fs.existsSync(cli)) throw new Error(`BENCH_CLI names ${cli}, which does not exist; give paths of bin/latchkey.js files`);
}
export const CLI_UNDER_TEST = CLIS_UNDER_TEST[0]!;

/** How a row names a command: the repo's own as bin/latchkey.js, others by path. */
export function cliLabel(cli: string): string {
  return cli === CLI ? 'bin/latchkey.js' : path.relative(process.cwd(), cli) || cli;
}

export interface SpawnSample {
  /** Wall time from spawn() to the child's exit, in ms. */
  wallMs: number;
  /** CPU time (user + system) the child used, in ms; undefined where /proc is not available. */
  cpuMs: number | undefined;
}

/** User + system time of this process's reaped children, in ms (Linux /proc, USER_HZ = 100).
 * Sums over many spawns are exact to a tick; per spawn it is coarse, so only means are used. */
function childrenCpuMs(): number | undefined {
  try {
    const stat = fs.readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // After the command name: field 3 is state, so cutime (16) and cstime (17) are at 13 and 14.
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return undefined;
  }
}

export function timeSpawn(args: string[], env: Record<string, string>): Promise<SpawnSample> {
  return new Promise((resolve, reject) => {
    const cpu0 = childrenCpuMs();
    const t0 = process.hrtime.bigint();
    const child = spawn(SPAWN_NODE, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stdout.resume();
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('close', (code) => {
      const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
      const cpu1 = childrenCpuMs();
      // Never echo stdout: for credential-process it holds credentials.
      if (code !== 0) reject(new Error(`${args[0] === '-e' ? 'node -e' : `latchkey ${args[1] ?? ''}`} exited with ${code}: ${stderr.split('\n')[0]}`));
      else resolve({ wallMs, cpuMs: cpu0 === undefined || cpu1 === undefined ? undefined : cpu1 - cpu0 });
    });
  });
}

export function meanCpu(samples: SpawnSample[]): number | undefined {
  if (samples.some((s) => s.cpuMs === undefined)) return undefined;
  return samples.reduce((n, s) => n + s.cpuMs!, 0) / samples.length;
}

/** The median wall time of the samples, in ms: what a spawn row reports. */
export const medianWallMs = (samples: SpawnSample[]): number => median(samples.map((x) => x.wallMs));
