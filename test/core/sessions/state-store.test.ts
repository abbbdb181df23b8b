import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/core/clock';
import { createContext, type CoreContext } from '../../../src/core/context';
import { createLogger } from '../../../src/core/log';
import { clearRegisteredSecrets, registerSecret } from '../../../src/core/redact';
import { addFavorite, isFavorite, recordRecent, removeFavorite, toggleFavorite } from '../../../src/core/sessions/favorites';
import { MAX_RECENTS, StateStore, emptyState, parseRoleKey, roleKey, type ActiveProfile } from '../../../src/core/sessions/state-store';
import { tempHome } from '../../../devkit/home';

let dir: string;
let home: string;
let logs: string[];
let clock: ManualClock;

function context(): CoreContext {
  return createContext({
    env: { LATCHKEY_HOME: home },
    homedir: dir,
    platform: 'linux',
    clock,
    logger: createLogger(
      (line) => logs.push(line),
      'debug',
      () => clock.now(),
    ),
  });
}

const stateFile = () => path.join(home, 'state.json');

const profile: ActiveProfile = {
  profile: 'default',
  source: 'sso',
  session: 'work',
  accountId: '111122223333',
  roleName: 'Admin',
  expiration: 1_800_000_000_000,
  activatedAt: 1_790_000_000_000,
};

beforeEach(async () => {
  dir = (await tempHome('state')).home;
  home = path.join(dir, 'latchkey-home');
  logs = [];
  clock = new ManualClock();
});

afterEach(async () => {
  clearRegisteredSecrets();
  await fs.rm(dir, { recursive: true, force: true });
});

describe('role keys', () => {
  it('round-trips, even with a slash in the session name', () => {
    const role = { session: 'team/prod', accountId: '111122223333', roleName: 'ReadOnly' };
    expect(roleKey(role)).toBe('team/prod/111122223333/ReadOnly');
    expect(parseRoleKey(roleKey(role))).toEqual(role);
    expect(parseRoleKey('nope')).toBeUndefined();
  });
});

describe('StateStore', () => {
  it('starts empty without creating anything', async () => {
    expect(await new StateStore(context()).read()).toEqual(emptyState());
    await expect(fs.access(stateFile())).rejects.toThrow();
  });

  it('lives in LATCHKEY_HOME, or the OS config folder', () => {
    expect(new StateStore(context()).file).toBe(stateFile());
    const ctx = createContext({ env: {}, homedir: '/home/pat', platform: 'linux' });
    expect(new StateStore(ctx).file).toBe(path.join('/home/pat', '.config', 'Latchkey', 'state.json'));
  });

  it('writes a versioned file, private to the user, that a second instance reads', async () => {
    const store = new StateStore(context());
    const written = await store.update((s) => {
      addFavorite(s, 'work/111122223333/Admin');
      s.activeProfiles.push(profile);
      s.settings = { theme: 'dark' };
    });
    expect(written.favorites).toEqual(['work/111122223333/Admin']);

    const onDisk = JSON.parse(await fs.readFile(stateFile(), 'utf8')) as Record<string, unknown>;
    expect(onDisk).toEqual({ version: 1, favorites: ['work/111122223333/Admin'], recents: [], activeProfiles: [profile], settings: { theme: 'dark' } });
    if (process.platform !== 'win32') expect((await fs.stat(stateFile())).mode & 0o777).toBe(0o600);
    expect(await new StateStore(context()).read()).toEqual(written);
  });

  it('accepts a mutator that returns a new state', async () => {
    const store = new StateStore(context());
    const next = await store.update((s) => ({ ...s, favorites: ['a/111122223333/B'] }));
    expect(next.favorites).toEqual(['a/111122223333/B']);
    expect((await store.read()).favorites).toEqual(['a/111122223333/B']);
  });

  it('sets corrupt state aside and rebuilds it, with a warning', async () => {
    await fs.mkdir(home, { recursive: true });
    await fs.writeFile(stateFile(), '{"version": 1, "favorites": [');
    const store = new StateStore(context());

    expect(await store.read()).toEqual(emptyState());
    const asideName = `state.json.corrupt-${clock.now()}`;
    expect(await fs.readdir(home)).toContain(asideName);
    expect(await fs.readFile(path.join(home, asideName), 'utf8')).toBe('{"version": 1, "favorites": [');
    expect(logs.some((l) => l.includes('WARN') && l.includes(asideName))).toBe(true);

    const next = await store.update((s) => addFavorite(s, 'w/111122223333/R'));
    expect(next.favorites).toEqual(['w/111122223333/R']);
  });

  it('sets aside state of an unknown version or the wrong shape', async () => {
    await fs.mkdir(home, { recursive: true });
    const store = new StateStore(context());
    for (const text of ['{"version": 2, "favorites": []}', '[1,2,3]', '{"version": 1, "favorites": "x"}', 'null']) {
      await fs.writeFile(stateFile(), text);
      const next = await store.update((s) => addFavorite(s, 'k/111122223333/R'));
      expect(next.favorites).toEqual(['k/111122223333/R']);
      await clock.advance(1);
    }
    const aside = (await fs.readdir(home)).filter((f) => f.startsWith('state.json.corrupt-'));
    expect(aside).toHaveLength(4);
  });

  it('drops malformed entries but keeps the rest and unknown fields', async () => {
    await fs.mkdir(home, { recursive: true });
    await fs.writeFile(
      stateFile(),
      JSON.stringify({
        version: 1,
        favorites: ['a/111122223333/X', 7, 'a/111122223333/X', null],
        recents: [{ key: 'a/111122223333/X', usedAt: 5 }, { key: 3 }, 'junk'],
        activeProfiles: [profile, { profile: 'broken' }],
        catalog: { kept: true },
      }),
    );
    const state = await new StateStore(context()).read();
    expect(state.favorites).toEqual(['a/111122223333/X']);
    expect(state.recents).toEqual([{ key: 'a/111122223333/X', usedAt: 5 }]);
    expect(state.activeProfiles).toEqual([profile]);
    expect((state as unknown as Record<string, unknown>).catalog).toEqual({ kept: true });
    await new StateStore(context()).update(() => {});
    expect(JSON.parse(await fs.readFile(stateFile(), 'utf8'))).toHaveProperty('catalog', { kept: true });
  });

  it('loses no update when two stores (the app and the command) write at once', async () => {
    const app = new StateStore(context());
    const cli = new StateStore(context());
    const writes: Promise<unknown>[] = [];
    for (let i = 0; i < 15; i++) {
      writes.push(app.update((s) => addFavorite(s, `app/111122223333/Role${i}`)));
      writes.push(cli.update((s) => recordRecent(s, `cli/111122223333/Role${i}`, 1000 + i)));
    }
    await Promise.all(writes);
    const state = await app.read();
    expect(state.favorites).toHaveLength(15);
    expect(state.recents).toHaveLength(15);
    expect(state.recents[0]).toEqual({ key: 'cli/111122223333/Role14', usedAt: 1014 });
  });

  it('never writes a secret, even one put into settings by mistake', async () => {
    const token = 'aoaAAAAAGsecretAccessTokenValue1234567890';
    registerSecret(token);
    await new StateStore(context()).update((s) => {
      s.settings = { note: `token ${token}` };
    });
    expect(await fs.readFile(stateFile(), 'utf8')).not.toContain(token);
  });
});

describe('favorites and recents', () => {
  it('adds, removes and toggles favorites once each', () => {
    const s = emptyState();
    addFavorite(s, 'k1');
    addFavorite(s, 'k1');
    expect(s.favorites).toEqual(['k1']);
    toggleFavorite(s, 'k2');
    expect(isFavorite(s, 'k2')).toBe(true);
    toggleFavorite(s, 'k2');
    expect(isFavorite(s, 'k2')).toBe(false);
    removeFavorite(s, 'k1');
    expect(s.favorites).toEqual([]);
  });

  it('keeps recents most recent first, deduplicated and capped', () => {
    const s = emptyState();
    for (let i = 0; i < MAX_RECENTS + 5; i++) recordRecent(s, `k${i}`, i);
    recordRecent(s, 'k10', 100);
    expect(s.recents).toHaveLength(MAX_RECENTS);
    expect(s.recents[0]).toEqual({ key: 'k10', usedAt: 100 });
    expect(s.recents.filter((r) => r.key === 'k10')).toHaveLength(1);
    expect(s.recents.map((r) => r.key)).not.toContain('k0');
  });

  it('applies through the store as one locked update', async () => {
    const store = new StateStore(context());
    const role = { session: 'work', accountId: '111122223333', roleName: 'Admin' };
    expect((await store.update((s) => toggleFavorite(s, roleKey(role)))).favorites).toEqual([roleKey(role)]);
    expect((await store.update((s) => toggleFavorite(s, roleKey(role)))).favorites).toEqual([]);
  });
});

describe('StateStore across processes', () => {
  it('loses no update when separate processes write at once', async () => {
    const writer = path.join(import.meta.dirname, 'state-writer.ts');
    const run = (tag: string) =>
      new Promise<void>((resolve, reject) => {
        execFile(process.execPath, ['--import', 'tsx', writer, home, tag, '10'], { cwd: process.cwd() }, (err, _out, stderr) =>
          err ? reject(new Error(`${tag} failed: ${stderr}`)) : resolve(),
        );
      });
    await Promise.all([run('app'), run('cli'), new StateStore(context()).update((s) => addFavorite(s, 'here/111122223333/Role'))]);
    const state = await new StateStore(context()).read();
    expect(state.favorites).toHaveLength(21);
  });
});
