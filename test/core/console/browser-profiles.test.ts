import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ensureRoleProfileDir, listOwnProfiles, parseLocalState, roleProfileFolderName } from '../../../src/core/console/browser-profiles';
import { browserArgs } from '../../../src/core/console/launch';

describe('a browser profile per role', () => {
  const dirs: string[] = [];
  afterEach(async () => {
    for (const d of dirs.splice(0)) await fs.rm(d, { recursive: true, force: true });
  });

  it('the same role always gets the same folder; another session, account or role another one', () => {
    const a = roleProfileFolderName({ session: 'work', account: '111111111111', role: 'Admin' });
    expect(roleProfileFolderName({ session: 'work', account: '111111111111', role: 'Admin' })).toBe(a);
    expect(a).toMatch(/^111111111111-Admin-[0-9a-f]{12}$/);
    const others = [
      { session: 'home', account: '111111111111', role: 'Admin' },
      { session: 'work', account: '222222222222', role: 'Admin' },
      { session: 'work', account: '111111111111', role: 'ReadOnly' },
    ].map(roleProfileFolderName);
    expect(new Set([a, ...others]).size).toBe(4);
  });

  it('a name can never leave the folder: separators and dots are replaced, the hash keeps it unique', () => {
    for (const role of ['../../etc', '..', 'a/b\\c', 'x\u0000y', 'C:\\evil']) {
      const name = roleProfileFolderName({ account: 'profile', role });
      expect(name, role).toMatch(/^[A-Za-z0-9_-]+$/);
    }
    expect(roleProfileFolderName({ account: 'p', role: 'a/b' })).not.toBe(roleProfileFolderName({ account: 'p', role: 'a_b' }));
  });

  it('is created private (0700) under LATCHKEY_HOME/browser-profiles', async () => {
    const home = await fs.mkdtemp(path.join(os.tmpdir(), 'latchkey-profiles-'));
    dirs.push(home);
    const dir = await ensureRoleProfileDir(home, { session: 's', account: '111111111111', role: 'Admin' });
    expect(path.dirname(dir)).toBe(path.join(home, 'browser-profiles'));
    expect((await fs.stat(dir)).mode & 0o777).toBe(0o700);
    expect((await fs.stat(path.dirname(dir))).mode & 0o777).toBe(0o700);
    expect(await ensureRoleProfileDir(home, { session: 's', account: '111111111111', role: 'Admin' })).toBe(dir);
  });

  it('the browser is given the folder and the one-time URL, or the person profile by --profile-directory', () => {
    const url = 'http://127.0.0.1:4000/abc';
    expect(browserArgs('profile', { key: { account: '1', role: 'r' } }, url, '/h/browser-profiles/x')).toEqual([
      '--user-data-dir=/h/browser-profiles/x',
      '--no-first-run',
      '--no-default-browser-check',
      url,
    ]);
    expect(browserArgs('profile', { key: { account: '1', role: 'r' }, profileDirectory: 'Profile 2' }, url, undefined)[0]).toBe(
      '--profile-directory=Profile 2',
    );
  });
});

describe('the person own profiles, from Local State', () => {
  const localState = JSON.stringify({
    browser: { enabled_labs_experiments: [] },
    profile: {
      last_used: 'Default',
      info_cache: {
        'Profile 10': { name: 'Client', avatar_icon: 'x' },
        Default: { name: 'Personal' },
        'Profile 2': { name: '  ' },
        '../../escape': { name: 'bad' },
      },
    },
  });

  it('lists profile.info_cache by folder, with the name the person gave it', () => {
    expect(parseLocalState(localState)).toEqual([
      { directory: 'Default', name: 'Personal' },
      { directory: 'Profile 2', name: 'Profile 2' },
      { directory: 'Profile 10', name: 'Client' },
    ]);
  });

  it('is empty for a missing, broken or foreign file', async () => {
    expect(parseLocalState('{not json')).toEqual([]);
    expect(parseLocalState('null')).toEqual([]);
    expect(parseLocalState(JSON.stringify({ profile: { info_cache: 3 } }))).toEqual([]);
    expect(await listOwnProfiles(path.join(os.tmpdir(), 'latchkey-no-such-browser'))).toEqual([]);
  });

  it('reads the file without changing it', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'latchkey-local-state-'));
    await fs.writeFile(path.join(dir, 'Local State'), localState);
    expect((await listOwnProfiles(dir)).map((p) => p.directory)).toEqual(['Default', 'Profile 2', 'Profile 10']);
    expect(await fs.readFile(path.join(dir, 'Local State'), 'utf8')).toBe(localState);
    await fs.rm(dir, { recursive: true, force: true });
  });
});
