// `latchkey use` on a credentials file of 1,000 hand-written profiles next to the same command
// on an empty file: the built command spawned for real (sign-in cached, one GetRoleCredentials
// to the emulator on loopback each time), interleaved, medians and their ratio. Then the core
// write alone (writeManagedProfile: lock, parse, edit, atomic write with fsync) in this process.
// Before every run the file is put back as it was, outside the timed span; after every run on
// the big file, every hand-written byte is checked to still be there.

import fs from 'node:fs/promises';
import path from 'node:path';
import { writeManagedProfile } from '../src/core/aws/credentials-file';
import { withSignedInHome } from '../devkit/signed-in-home';
import { fakeCreds, handWrittenCredentials, withoutManagedSections } from '../devkit/credentials-files';
import { median, type BenchSection } from './report';
import { CLI_UNDER_TEST, cliLabel, meanCpu, timeSpawn, type SpawnSample } from './spawn-timing';
import { tempHome } from '../devkit/home';

const PROFILES = 1000;
const PROFILE = 'bench';

async function assertKept(file: string, original: string, what: string): Promise<void> {
  // The hand-written content is compared, never printed: it stands for a person's secrets.
  if (withoutManagedSections(await fs.readFile(file, 'utf8'), [PROFILE]) !== original) throw new Error(`${what}: the hand-written profiles of ${file} changed`);
}

async function spawnedUse(spawns: number): Promise<{ empty: SpawnSample[]; big: SpawnSample[]; bytes: number }> {
  return withSignedInHome({ accounts: 2, rolesPerAccount: 1 }, async ({ fake, env, role }) => {
    const file = env.AWS_SHARED_CREDENTIALS_FILE!;
    const handWritten = handWrittenCredentials(PROFILES, 6);
    const args = [CLI_UNDER_TEST, 'use', role, '--profile', PROFILE];
    await timeSpawn(args, env); // warms the catalog cache, as any earlier use would have
    const empty: SpawnSample[] = [];
    const big: SpawnSample[] = [];
    // Each run must do the same AWS work, one GetRoleCredentials, or the rows compare unlike things.
    const oneCall = async (content: string): Promise<SpawnSample> => {
      await fs.writeFile(file, content);
      const before = fake.stats().portal.total;
      const sample = await timeSpawn(args, env);
      const calls = fake.stats().portal.total - before;
      if (calls !== 1) throw new Error(`latchkey use made ${calls} portal calls, expected 1`);
      return sample;
    };
    for (let i = 0; i < spawns; i++) {
      empty.push(await oneCall(''));
      big.push(await oneCall(handWritten));
      await assertKept(file, handWritten, 'latchkey use');
    }
    return { empty, big, bytes: Buffer.byteLength(handWritten) };
  });
}

async function coreWrite(iterations: number): Promise<{ empty: number[]; big: number[] }> {
  const dir = (await tempHome('bench-use')).home;
  try {
    const file = path.join(dir, 'credentials');
    const handWritten = handWrittenCredentials(PROFILES, 6);
    const time = async (content: string) => {
      await fs.writeFile(file, content);
      const t0 = process.hrtime.bigint();
      await writeManagedProfile(file, PROFILE, fakeCreds(1), { source: 'bench/123456789012/Admin' });
      return Number(process.hrtime.bigint() - t0) / 1e6;
    };
    const empty: number[] = [];
    const big: number[] = [];
    for (let i = 0; i < iterations; i++) {
      empty.push(await time(''));
      big.push(await time(handWritten));
      await assertKept(file, handWritten, 'writeManagedProfile');
    }
    return { empty, big };
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

export const useSection: BenchSection = {
  name: 'use',
  async run(runs) {
    const spawns = 15 * runs;
    const s = await spawnedUse(spawns);
    const emptyMs = median(s.empty.map((x) => x.wallMs));
    const bigMs = median(s.big.map((x) => x.wallMs));
    const iterations = 50 * runs;
    const c = await coreWrite(iterations);
    const coreEmpty = median(c.empty);
    const coreBig = median(c.big);
    const kb = `${(s.bytes / 1024).toFixed(0)} KB`;
    const emptyCpu = meanCpu(s.empty);
    const bigCpu = meanCpu(s.big);
    const cpu =
      emptyCpu === undefined || bigCpu === undefined
        ? ''
        : `; mean CPU ${bigCpu.toFixed(0)} ms vs ${emptyCpu.toFixed(0)} ms (+${(bigCpu - emptyCpu).toFixed(0)} ms)`;
    return [
      {
        name: 'latchkey use, empty credentials file',
        medianMs: emptyMs,
        runs: spawns,
        ratio: 'baseline',
        how: `spawn → exit of ${cliLabel(CLI_UNDER_TEST)} use ROLE --profile bench; 1 GetRoleCredentials on loopback`,
      },
      {
        name: `latchkey use, ${PROFILES.toLocaleString('en')} hand-written profiles`,
        medianMs: bigMs,
        runs: spawns,
        ratio: `${(bigMs / emptyMs).toFixed(2)}× the empty file (+${(bigMs - emptyMs).toFixed(1)} ms)`,
        how: `same command, interleaved; ${kb} file of devkit/credentials-files handWrittenCredentials, checked intact after each run${cpu}`,
      },
      {
        name: 'core write alone, empty file',
        medianMs: coreEmpty,
        runs: iterations,
        ratio: 'baseline',
        how: 'writeManagedProfile in-process: lock, parse, edit, atomic write + fsync',
      },
      {
        name: `core write alone, ${PROFILES.toLocaleString('en')} profiles`,
        medianMs: coreBig,
        runs: iterations,
        ratio: `${(coreBig / coreEmpty).toFixed(2)}× the empty file (+${(coreBig - coreEmpty).toFixed(1)} ms)`,
        how: `the same, interleaved with the row above; ${kb}; untouched bytes checked after each write`,
      },
    ];
  },
};
