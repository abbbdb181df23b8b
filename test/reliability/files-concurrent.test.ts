// Two processes updating different profiles of one credentials file at once, hundreds of times,
// while a third keeps reading it: no update is lost, every read parses, hand-written bytes stay.
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readCredentialsFile } from '../../src/core/aws/credentials-file';
import { fakeCreds, handWrittenCredentials, withoutManagedSections } from '../../devkit/credentials-files';
import { tempHome } from '../../devkit/home';
import { iterations, timeoutFor } from './soak';
import { leftovers } from './fixtures/files';
import { waitFor } from '../../devkit/wait';

const UPDATES = iterations(200, 2000);
const WRITER = path.join(import.meta.dirname, 'fixtures', 'serial-writer.ts');

let home: string;
let file: string;

beforeEach(async () => {
  home = (await tempHome('aws')).home;
  file = path.join(home, '.aws', 'credentials');
  await fs.mkdir(path.dirname(file), { recursive: true });
});
afterEach(async () => {
  await fs.rm(home, { recursive: true, force: true });
});

/** A writer process, loaded and waiting: `go()` starts its writes. */
function writer(profile: string, other: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', WRITER, file, profile, String(UPDATES), other], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdin.on('error', () => {}); // a writer that died at start: its exit code and stderr say why
  const done = new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stderr }));
  });
  const ready = waitFor(() => stdout.includes('ready') || child.exitCode !== null, 30_000, `the ${profile} writer to start`);
  return { ready, done, go: () => child.stdin.end('go\n') };
}

describe('files: two processes updating different profiles at once', () => {
  it(
    `loses none of ${UPDATES} updates each, and a reader always finds a whole file`,
    async () => {
      const handWritten = handWrittenCredentials(30, 21);
      await fs.writeFile(file, handWritten, { mode: 0o600 });
      let done = false;
      const [first, second] = [writer('alpha', 'beta'), writer('beta', 'alpha')];
      await Promise.all([first.ready, second.ready]);
      first.go();
      second.go();
      const writers = Promise.all([first.done, second.done]).finally(() => (done = true));

      // The third process: this test, reading as fast as it can while both write.
      let reads = 0;
      let bothMidway = 0;
      const serial = (v: Record<string, string> | undefined) => Number(/^ASIAFAKE(\d{12})$/.exec(v?.aws_access_key_id ?? '')?.[1] ?? 0);
      const midway = (n: number) => n > 1 && n < UPDATES;
      while (!done) {
        const text = await fs.readFile(file, 'utf8');
        const values = await readCredentialsFile(file).catch((err: Error) => {
          throw new Error(`read ${reads + 1}: ~/.aws/credentials did not parse: ${err.message}`);
        });
        expect(withoutManagedSections(text, ['alpha', 'beta']) === handWritten, `read ${reads + 1}: hand-written bytes changed`).toBe(true);
        if (midway(serial(values.get('alpha'))) && midway(serial(values.get('beta')))) bothMidway++;
        reads++;
        await new Promise((r) => setImmediate(r));
      }

      const [alpha, beta] = await writers;
      expect(alpha.stderr + beta.stderr).toBe('');
      expect([alpha.code, beta.code]).toEqual([0, 0]);
      const values = await readCredentialsFile(file);
      expect(values.get('alpha')?.aws_access_key_id).toBe(fakeCreds(UPDATES).accessKeyId);
      expect(values.get('beta')?.aws_access_key_id).toBe(fakeCreds(UPDATES).accessKeyId);
      expect(withoutManagedSections(await fs.readFile(file, 'utf8'), ['alpha', 'beta']) === handWritten, 'hand-written bytes changed').toBe(true);
      const left = await leftovers(home);
      expect([...left.latchkeyTemps, ...left.otherTemps, ...left.locks]).toEqual([]);
      console.log(
        `[files-concurrent] ${2 * UPDATES} updates by two processes, ${reads} reads by a third (${bothMidway} found both writers midway): no update lost`,
      );
      // The writers really overlapped: reads found both of them midway through their updates.
      expect(bothMidway).toBeGreaterThan(0);
    },
    timeoutFor(60_000, 1_800_000),
  );
});
