// `latchkey use` killed with SIGKILL at random moments: the credentials file always parses,
// keeps every hand-written byte, and holds Latchkey's section whole (old or new); no temporary
// file holding secrets outlives the next write; a lock left by a killed holder stops blocking.
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, startCli } from '../../devkit/cli';
import { tempHome } from '../../devkit/home';
import { waitFor } from '../../devkit/wait';
import { handWrittenCredentials, seededRandom } from '../../devkit/credentials-files';
import { writeFileAtomicSafe } from '../../src/core/aws/atomic-write';
import { iterations, timeoutFor } from './soak';
import { ageLocks, credentialsFileProblem, leftovers, useSignedInTemplate } from './fixtures/files';

const KILLS = iterations(150, 3000);
const LANES = 3; // separate HOMEs killed side by side: more kills in the same wall time
const PROFILE = 'lk';
const REMEASURE = 25;
const MAX_ATTEMPTS_PER_KILL = 4;

let runMs: number;
const signedIn = useSignedInTemplate({ accounts: 2, rolesPerAccount: 1, deviceInterval: 0.2 });

beforeAll(async () => {
  // How long an uninterrupted `use` runs here, LANES at a time as in the test; the kills are
  // spread over that time.
  const times: number[] = [];
  for (let round = 0; round < 3; round++) {
    await Promise.all(
      Array.from({ length: LANES }, async (_, lane) => {
        const start = performance.now();
        const use = await runCli(['use', signedIn.role, '--profile', `${PROFILE}-${lane}`], { ...signedIn.template.env, ...signedIn.fake.env });
        times.push(performance.now() - start);
        expect(use.code, use.stderr).toBe(0);
      }),
    );
  }
  runMs = times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
}, 60_000);

interface LaneReport {
  kills: number;
  finishedFirst: number;
  changed: number;
  /** Distinct temporary files seen after a kill. */
  leftTemps: number;
  leftWriteFileAtomicTemps: number;
  leftLocks: number;
  /** What was still there after the last, uninterrupted command. */
  finalLeftovers: string[];
}

async function killLane(lane: number, kills: number): Promise<LaneReport> {
  const home = await signedIn.copy();
  const env = { ...home.env, ...signedIn.fake.env };
  const file = env.AWS_SHARED_CREDENTIALS_FILE!;
  const handWritten = handWrittenCredentials(30, 100 + lane);
  await fs.writeFile(file, handWritten, { mode: 0o600 });
  const rnd = seededRandom(1000 + lane);
  const report: LaneReport = { kills: 0, finishedFirst: 0, changed: 0, leftTemps: 0, leftWriteFileAtomicTemps: 0, leftLocks: 0, finalLeftovers: [] };
  let previous = handWritten;
  const seenTemps = new Set<string>();
  const seenOtherTemps = new Set<string>();
  // The machine's load changes over a long run (the suite's start-up is the busiest moment): the
  // kills are spread over the median of the last three uninterrupted runs in this lane's HOME — one
  // before the first kill and every REMEASURE attempts, and every run that finished before its kill.
  // Attempts go on until `kills` have landed while `use` ran (at most MAX_ATTEMPTS_PER_KILL times as many).
  const durations: number[] = [];
  let spreadMs = runMs;
  const measured = (ms: number) => {
    durations.push(ms);
    const last = durations.slice(-3).sort((a, b) => a - b);
    spreadMs = last[Math.floor(last.length / 2)]!;
  };
  for (let i = 0; report.kills < kills && i < kills * MAX_ATTEMPTS_PER_KILL; i++) {
    if (i % REMEASURE === 0) {
      const start = performance.now();
      const use = await runCli(['use', signedIn.role, '--profile', PROFILE], env);
      expect(use.code, `lane ${lane}: an uninterrupted use after ${report.kills} kills failed: ${use.stderr}`).toBe(0);
      measured(performance.now() - start);
      previous = await fs.readFile(file, 'utf8');
    }
    const start = performance.now();
    const run = startCli(['use', signedIn.role, '--profile', PROFILE], env);
    await new Promise((r) => setTimeout(r, rnd() * spreadMs));
    if (run.child.exitCode === null && run.child.signalCode === null) {
      run.child.kill('SIGKILL');
      report.kills++;
      await run.done;
    } else {
      report.finishedFirst++;
      await run.done;
      measured(performance.now() - start);
    }

    const text = await fs.readFile(file, 'utf8');
    const problem = credentialsFileProblem(text, handWritten, PROFILE, new Set(signedIn.fake.issuedSecrets()));
    expect(problem, `lane ${lane}, attempt ${i + 1} (killed at a random moment unless it finished first): ~/.aws/credentials: ${problem}`).toBeUndefined();
    if (text !== previous) report.changed++;
    previous = text;

    const left = await leftovers(home.home);
    for (const t of left.latchkeyTemps) seenTemps.add(t);
    for (const t of left.otherTemps) seenOtherTemps.add(t);
    if (left.locks.length > 0) {
      report.leftLocks++;
      await ageLocks(home.home, left.locks); // as if the next command came 10 s later
    }
  }

  report.leftTemps = seenTemps.size;
  report.leftWriteFileAtomicTemps = seenOtherTemps.size;

  // Uninterrupted, the command succeeds and its write clears every temporary file the kills left.
  const last = await runCli(['use', signedIn.role, '--profile', PROFILE], env);
  expect(last.code, `lane ${lane}: the uninterrupted use failed: ${last.stderr}`).toBe(0);
  expect(credentialsFileProblem(await fs.readFile(file, 'utf8'), handWritten, PROFILE, new Set(signedIn.fake.issuedSecrets()))).toBeUndefined();
  const left = await leftovers(home.home);
  report.finalLeftovers = [...left.latchkeyTemps, ...left.otherTemps, ...left.locks];
  return report;
}

// Concurrent: the stale-lock test mostly waits, so it runs beside the kill lanes.
describe.concurrent('files: latchkey use killed with SIGKILL', () => {
  it(
    `keeps the credentials file whole across ${KILLS} kills at random moments`,
    async () => {
      const reports = await Promise.all(Array.from({ length: LANES }, (_, lane) => killLane(lane, Math.ceil(KILLS / LANES))));
      const sum = (k: Exclude<keyof LaneReport, 'finalLeftovers'>) => reports.reduce((s, r) => s + r[k], 0);
      console.log(
        `[files-kill] use runs ${Math.round(runMs)} ms uninterrupted; ${sum('kills')} killed, ${sum('finishedFirst')} finished before their kill; ` +
          `file changed after ${sum('changed')}; left ${sum('leftTemps')} Latchkey temp files and ${sum('leftWriteFileAtomicTemps')} write-file-atomic ones, ` +
          `a lock after ${sum('leftLocks')} (all cleared by the next write / stale after 10 s)`,
      );
      // Every lane got its kills while `use` ran (a run that finished first still counts as a check).
      expect(sum('kills')).toBe(LANES * Math.ceil(KILLS / LANES));
      // Temporary files hold secrets; the next write must clear what a killed one left.
      expect(
        reports.flatMap((r) => r.finalLeftovers),
        'temporary files or locks outlived the next uninterrupted use',
      ).toEqual([]);
    },
    timeoutFor(120_000, 3_600_000),
  );

  it('a lock left by a killed holder stops blocking: the next use waits it out and succeeds', async () => {
    const home = await signedIn.copy();
    const env = { ...home.env, ...signedIn.fake.env };
    const file = env.AWS_SHARED_CREDENTIALS_FILE!;
    const handWritten = handWrittenCredentials(30, 7);
    await fs.writeFile(file, handWritten, { mode: 0o600 });
    const holder = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'fixtures', 'hold-lock.ts'), file], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    holder.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const closed = new Promise((r) => holder.once('close', r));
    try {
      await waitFor(() => out.includes('locked'), 20_000, 'the lock holder');
    } finally {
      holder.kill('SIGKILL'); // also when it never locked: it would otherwise outlive the run
      await closed;
    }
    expect((await leftovers(home.home)).locks).toEqual([path.join('.aws', 'credentials.latchkey-lock')]);

    const start = performance.now();
    const use = await runCli(['use', signedIn.role, '--profile', PROFILE], env);
    console.log(
      `[files-kill] use after a SIGKILLed lock holder: exit ${use.code} after ${Math.round(performance.now() - start)} ms (the lock goes stale after 10 s)`,
    );
    expect(use.code, use.stderr).toBe(0);
    expect(credentialsFileProblem(await fs.readFile(file, 'utf8'), handWritten, PROFILE, new Set(signedIn.fake.issuedSecrets()))).toBeUndefined();
    expect((await leftovers(home.home)).locks).toEqual([]);
  }, 60_000);

  it('the next write removes the temporary files a killed writer left, and nothing that is not provably ours', async () => {
    const home = await signedIn.copy();
    const env = { ...home.env, ...signedIn.fake.env };
    const dir = path.dirname(env.AWS_SHARED_CREDENTIALS_FILE!);
    await fs.mkdir(dir, { recursive: true });
    const dead = spawn(process.execPath, ['-e', '']);
    const deadPid = dead.pid!;
    await new Promise((r) => dead.once('close', r));
    const names = {
      deadWriters: `.credentials.latchkey-${deadPid}-0badf00d.tmp`,
      aliveWriters: `.credentials.latchkey-${process.pid}-0badf00d.tmp`,
      writeFileAtomics: 'credentials.1234567',
      anotherFiles: `.config.latchkey-${deadPid}-0badf00d.tmp`,
      aPersons: '.credentials.latchkey-backup.tmp',
    };
    for (const name of Object.values(names)) await fs.writeFile(path.join(dir, name), 'aws_secret_access_key = leftover\n', { mode: 0o600 });
    const use = await runCli(['use', signedIn.role, '--profile', PROFILE], env);
    expect(use.code, use.stderr).toBe(0);
    const kept = await fs.readdir(dir);
    expect(kept).not.toContain(names.deadWriters);
    for (const name of [names.aliveWriters, names.writeFileAtomics, names.anotherFiles, names.aPersons]) expect(kept).toContain(name);
  });

  it("a dead writer's temporary file of a file written without the lock goes once it is a minute old", async () => {
    const home = await tempHome();
    signedIn.keep(home);
    const file = path.join(home.home, '.aws', 'sso', 'cache', 'token.json');
    await fs.mkdir(path.dirname(file), { recursive: true });
    const dead = spawn(process.execPath, ['-e', '']);
    await new Promise((r) => dead.once('close', r));
    const leftover = path.join(path.dirname(file), `.token.json.latchkey-${dead.pid}-0badf00d.tmp`);
    await fs.writeFile(leftover, '{"accessToken":"leftover"}');
    await writeFileAtomicSafe(file, '{}');
    // Another PID namespace (a container sharing this HOME) may still be writing a young one.
    expect(await fs.readdir(path.dirname(file))).toContain(path.basename(leftover));
    const old = new Date(Date.now() - 61_000);
    await fs.utimes(leftover, old, old);
    await writeFileAtomicSafe(file, '{}');
    expect(await fs.readdir(path.dirname(file))).toEqual(['token.json']);
  });
});
