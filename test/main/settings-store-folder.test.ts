import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, expect, it, vi } from 'vitest';
import { createElectronSettingsStore } from '../../src/main/settings-store';
import { tempHome } from '../../devkit/home';

// electron-store creates its folder (LATCHKEY_HOME, beside the secrets) with the umask; the app's
// settings store makes it 0700 first. electron-store cannot load without the Electron binary, so
// it is played by what it is built on: conf, which does the folder and file work, with the
// options electron-store would hand it.
vi.mock('electron-store', async () => {
  const { default: Conf } = await import('conf');
  class ElectronStore<T extends Record<string, unknown>> extends Conf<T> {
    constructor(options: { name: string; cwd: string; clearInvalidConfig: boolean }) {
      const { name, ...rest } = options;
      super({ ...rest, configName: name, projectVersion: '0.1.0' });
    }
  }
  return { default: ElectronStore };
});

let dir: string | undefined;
afterEach(async () => {
  if (dir) await fs.rm(dir, { recursive: true, force: true });
});

it('creates LATCHKEY_HOME 0700 under umask 000, and stores the settings there', async () => {
  dir = (await tempHome('settings')).home;
  const home = path.join(dir, 'Latchkey');
  const before = process.umask(0); // this file runs in a forked process of its own (pool: 'forks')
  try {
    createElectronSettingsStore(home).set({ theme: 'dark' });
  } finally {
    process.umask(before);
  }
  expect((await fs.stat(home)).mode & 0o777).toBe(0o700);
  expect(JSON.parse(await fs.readFile(path.join(home, 'settings.json'), 'utf8'))).toMatchObject({ theme: 'dark' });
});
