// A full disk at the write (ENOSPC injected below every fs API by fixtures/disk-full.cjs): the
// spawned `latchkey use` exits 1 with one clear line, the credentials file keeps its bytes, no
// temporary file or lock is left, and the next `use` goes through. In process, the same for the
// app's own files (state.json, the catalog cache, the SSO token cache).
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createContext } from '../../src/core/context';
import { LatchkeyError } from '../../src/core/errors';
import { StateStore } from '../../src/core/sessions/state-store';
import { catalogCachePath, writeCatalogCache, type CachedCatalog } from '../../src/core/sso/catalog-cache';
import { tokenCachePath, writeCachedToken } from '../../src/core/sso/token-cache';
import { runCli } from '../../devkit/cli';
import { latchkeyErrorOf } from '../helpers/errors';
import { handWrittenCredentials } from '../../devkit/credentials-files';
import { tempHome } from '../../devkit/home';
import { DISK_FULL_PRELOAD, credentialsFileProblem, leftovers, useSignedInTemplate } from './fixtures/files';

const { fillDisk } = createRequire(import.meta.url)(DISK_FULL_PRELOAD) as {
  fillDisk(o: { dir: string; freeBytes?: number; at?: 'write' | 'fsync' }): () => void;
};

const PROFILE = 'lk';
// The injection finds a descriptor's path in /proc/self/fd.
const LINUX = process.platform === 'linux';
const signedIn = useSignedInTemplate({ accounts: 2, rolesPerAccount: 1, deviceInterval: 0.2 });

beforeAll(async () => {
  // Warm the catalog cache once so every copy of the HOME goes straight to the write.
  expect((await runCli(['use', signedIn.role, '--profile', PROFILE], { ...signedIn.template.env, ...signedIn.fake.env })).code).toBe(0);
}, 60_000);

const cases: { name: string; free: number; at: 'write' | 'fsync' }[] = [
  { name: 'no byte free', free: 0, at: 'write' },
  { name: 'the disk filling mid-write (short write, then ENOSPC)', free: 1500, at: 'write' },
  { name: 'fsync failing (delayed allocation)', free: 0, at: 'fsync' },
];

describe.skipIf(!LINUX).concurrent('files: a full disk at the write of ~/.aws/credentials (spawned latchkey use)', () => {
  for (const c of cases) {
    it(`${c.name}: exit 1, one clear line, the file byte-identical, nothing left behind`, async () => {
      const home = await signedIn.copy();
      const env = { ...home.env, ...signedIn.fake.env };
      const file = env.AWS_SHARED_CREDENTIALS_FILE!;
      const handWritten = handWrittenCredentials(30, 5);
      await fs.writeFile(file, handWritten, { mode: 0o600 });
      expect((await runCli(['use', signedIn.role, '--profile', PROFILE], env)).code).toBe(0);
      const original = await fs.readFile(file);
      // Larger than `free`, so a short write cuts the new file in the middle.
      expect(original.length).toBeGreaterThan(c.free);

      const full = await runCli(['use', signedIn.role, '--profile', PROFILE], {
        ...env,
        NODE_OPTIONS: `--require ${DISK_FULL_PRELOAD}`,
        LATCHKEY_TEST_DISK_FULL_DIR: path.dirname(file),
        LATCHKEY_TEST_DISK_FREE_BYTES: String(c.free),
        LATCHKEY_TEST_DISK_FULL_AT: c.at,
      });
      if (c.free === 0 && c.at === 'write') console.log(`[files-disk-full] latchkey use on a full disk says: ${full.stderr.trim()}`);
      expect(full.code).toBe(1);
      expect(full.stderr).toMatch(/disk is full/);
      expect(full.stderr).toMatch(/Free some disk space, then try again/);
      expect(full.stderr.trim().split('\n')).toHaveLength(1);
      expect(full.stderr).not.toMatch(/^\s+at /m);
      expect((await fs.readFile(file)).equals(original), '~/.aws/credentials changed after a failed write').toBe(true);
      const left = await leftovers(home.home);
      expect([...left.latchkeyTemps, ...left.otherTemps, ...left.locks]).toEqual([]);

      // The lock was released: the next command goes through at once (it would otherwise wait
      // the 10 s until the lock is stale).
      const next = await runCli(['use', signedIn.role, '--profile', PROFILE], env);
      expect(next.code, next.stderr).toBe(0);
      expect(credentialsFileProblem(await fs.readFile(file, 'utf8'), handWritten, PROFILE, new Set(signedIn.fake.issuedSecrets()))).toBeUndefined();
    }, 60_000);
  }
});

describe.skipIf(!LINUX)("files: a full disk at the write of the app's own files (in process)", () => {
  let home: string;
  let undo: (() => void) | undefined;
  afterEach(async () => {
    undo?.();
    undo = undefined;
    await fs.rm(home, { recursive: true, force: true });
  });

  /** Writes once with room, then with a full disk under `dir`: DISK "the disk is full", the
   * earlier bytes intact, no temporary file. */
  async function expectKeptOnFullDisk(file: string, write: (n: number) => Promise<unknown>, free: number): Promise<void> {
    await write(1);
    const before = await fs.readFile(file);
    for (const at of ['write', 'fsync'] as const) {
      undo = fillDisk({ dir: path.dirname(file), freeBytes: free, at });
      const err = await latchkeyErrorOf(write(2));
      undo();
      undo = undefined;
      expect(err).toBeInstanceOf(LatchkeyError);
      expect(err.code).toBe('DISK');
      expect(err.message).toMatch(/the disk is full\. The file was left as it was\./);
      expect(err.hint).toBe('Free some disk space, then try again.');
      expect((await fs.readFile(file)).equals(before), `${path.basename(file)} changed after a failed write (${at})`).toBe(true);
      const left = await leftovers(home);
      expect([...left.latchkeyTemps, ...left.otherTemps, ...left.locks]).toEqual([]);
    }
  }

  it('state.json: DISK error, the previous state intact', async () => {
    home = (await tempHome('aws')).home;
    const ctx = createContext({ env: {}, homedir: home, platform: 'linux' });
    const store = new StateStore(ctx);
    await expectKeptOnFullDisk(store.file, (n) => store.update((s) => void s.favorites.push(`s/11112222333${n}/Admin`)), 20);
    expect((await store.read()).favorites).toEqual(['s/111122223331/Admin']);
  });

  it('the catalog cache: DISK error, the previous catalog intact', async () => {
    home = (await tempHome('aws')).home;
    const ctx = createContext({ env: {}, homedir: home, platform: 'linux' });
    const catalog = (n: number): CachedCatalog => ({
      version: 1,
      session: 's',
      startUrl: 'https://d-1.awsapps.com/start',
      syncedAt: n,
      accounts: Array.from({ length: 50 }, (_, i) => ({
        accountId: String(100000000000 + i),
        accountName: `account-${i}`,
        roles: ['Admin'],
      })) as CachedCatalog['accounts'],
    });
    await expectKeptOnFullDisk(catalogCachePath(ctx, 's'), (n) => writeCatalogCache(ctx, catalog(n)), 100);
  });

  it('the SSO token cache: DISK error, the previous token intact', async () => {
    home = (await tempHome('aws')).home;
    const ctx = createContext({ env: {}, homedir: home, platform: 'linux' });
    const token = (n: number) => ({
      startUrl: 'https://d-1.awsapps.com/start',
      region: 'eu-west-1',
      accessToken: `token-${n}-${'x'.repeat(200)}`,
      expiresAt: '2030-01-01T00:00:00Z',
      refreshToken: `refresh-${n}`,
    });
    await expectKeptOnFullDisk(tokenCachePath(ctx, 's'), (n) => writeCachedToken(ctx, 's', token(n)), 50);
  });
});
