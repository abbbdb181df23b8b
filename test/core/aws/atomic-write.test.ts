import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { renameOver, writeFileAtomicSafe } from '../../../src/core/aws/atomic-write';
import { editIniFile } from '../../../src/core/aws/ini-file';
import { tempHome } from '../../../devkit/home';

const homes: string[] = [];
afterEach(async () => {
  await Promise.all(homes.splice(0).map((h) => fs.rm(h, { recursive: true, force: true })));
});

async function home(): Promise<string> {
  const h = (await tempHome('aws')).home;
  homes.push(h);
  return h;
}

describe('writeFileAtomicSafe and symbolic links', () => {
  // People keep ~/.aws/credentials in a dotfiles folder and link it into place; the earlier
  // write-file-atomic wrote through the link, so ours must too.
  it('writes a linked ~/.aws/credentials through the link, leaving the link in place', async () => {
    const h = await home();
    const real = path.join(h, 'dotfiles', 'aws-credentials');
    const link = path.join(h, '.aws', 'credentials');
    await fs.mkdir(path.dirname(real), { recursive: true });
    await fs.mkdir(path.dirname(link), { recursive: true });
    await fs.writeFile(real, '[hand]\naws_access_key_id = AKIAHAND\n', { mode: 0o600 });
    await fs.symlink(real, link);

    await editIniFile(link, (doc) => doc.appendSection(['[managed]', 'region = eu-west-1']));

    expect((await fs.lstat(link)).isSymbolicLink()).toBe(true);
    expect(await fs.readFile(real, 'utf8')).toContain('[managed]');
    expect(await fs.readFile(real, 'utf8')).toContain('[hand]');
    // No temporary file left in either folder.
    expect(await fs.readdir(path.dirname(link))).toEqual(['credentials']);
    expect(await fs.readdir(path.dirname(real))).toEqual(['aws-credentials']);
  });

  it('follows a chain of links and a relative link', async () => {
    const h = await home();
    await fs.mkdir(path.join(h, 'a'), { recursive: true });
    await fs.writeFile(path.join(h, 'a', 'target.json'), 'old');
    await fs.symlink('../a/target.json', path.join(h, 'a', 'hop'));
    await fs.mkdir(path.join(h, 'b'));
    await fs.symlink(path.join(h, 'a', 'hop'), path.join(h, 'b', 'file.json'));

    await writeFileAtomicSafe(path.join(h, 'b', 'file.json'), 'new');

    expect((await fs.lstat(path.join(h, 'b', 'file.json'))).isSymbolicLink()).toBe(true);
    expect((await fs.lstat(path.join(h, 'a', 'hop'))).isSymbolicLink()).toBe(true);
    expect(await fs.readFile(path.join(h, 'a', 'target.json'), 'utf8')).toBe('new');
  });

  it('replaces a dangling link with the file, as before', async () => {
    const h = await home();
    const link = path.join(h, 'file.json');
    await fs.symlink(path.join(h, 'missing', 'gone.json'), link);
    await writeFileAtomicSafe(link, 'new');
    expect((await fs.lstat(link)).isFile()).toBe(true);
    expect(await fs.readFile(link, 'utf8')).toBe('new');
  });
});

describe('renameOver', () => {
  const busy = () => Object.assign(new Error('EBUSY: resource busy or locked'), { code: 'EBUSY' });

  it('on Windows, waits out a file another program holds open for a moment', async () => {
    let calls = 0;
    const waits: number[] = [];
    await renameOver('a', 'b', {
      platform: 'win32',
      rename: async () => {
        if (++calls < 4) throw busy();
      },
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
    expect(calls).toBe(4);
    expect(waits).toEqual([40, 80, 120]);
  });

  it('gives up after about 2 s on Windows, and at once elsewhere or for other errors', async () => {
    const count = async (platform: NodeJS.Platform, error: () => Error) => {
      let calls = 0;
      const failed = await renameOver('a', 'b', {
        platform,
        rename: async () => {
          calls++;
          throw error();
        },
        sleep: async () => {},
      }).then(
        () => false,
        () => true,
      );
      return { calls, failed };
    };
    expect(await count('win32', busy)).toEqual({ calls: 11, failed: true });
    expect(await count('linux', busy)).toEqual({ calls: 1, failed: true });
    expect(await count('win32', () => Object.assign(new Error('ENOSPC'), { code: 'ENOSPC' }))).toEqual({ calls: 1, failed: true });
  });
});
