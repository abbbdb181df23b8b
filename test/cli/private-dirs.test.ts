import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensurePrivateDir, ensurePrivateDirSync } from '../../src/core/private-dir';
import { deviceLoginCli, runCli } from '../../devkit/cli';
import { useCliHome } from '../helpers/per-test';

// Folders on the way to a secret are 0700 whatever the umask, created by whichever writer comes
// first (the lock, the atomic write, the log file); folders the person made keep their mode.
// The commands are spawned with umask 000, the umask under which ~/.aws/sso/cache came out 0777.

const mode = async (p: string) => (await fs.stat(p)).mode & 0o777;

/** Runs `fn` (and every command it spawns, which inherit it) under `umask`. Vitest runs this
 * file in a forked process of its own (pool: 'forks'), where the umask can be set. */
async function underUmask<T>(umask: number, fn: () => Promise<T>): Promise<T> {
  const before = process.umask(umask);
  try {
    return await fn();
  } finally {
    process.umask(before);
  }
}

const ctx = useCliHome({ fake: { accounts: 2, rolesPerAccount: 2, deviceInterval: 1 } });

describe('folders for secrets under umask 000', () => {
  it('login, roles, use and credential-process create every folder 0700 and every file 0600', async () => {
    const account = ctx.fake.accounts[0]!;
    await underUmask(0, async () => {
      expect((await deviceLoginCli(ctx.fake, ctx.env)).code).toBe(0);
      expect((await runCli(['roles', '--json'], ctx.env)).code).toBe(0);
      expect((await runCli(['use', `${account.accountId}/${account.roles[0]}`, '--profile', 'work'], ctx.env)).code).toBe(0);
      expect((await runCli(['credential-process', `${account.accountId}/${account.roles[1]}`], ctx.env)).code).toBe(0);
    });
    const aws = path.join(ctx.home, '.aws');
    const latchkey = ctx.env.LATCHKEY_HOME!;
    const folders = [
      aws,
      path.join(aws, 'sso'),
      path.join(aws, 'sso', 'cache'),
      path.join(aws, 'cli'),
      path.join(aws, 'cli', 'cache'),
      latchkey,
      path.join(latchkey, 'logs'),
      path.join(latchkey, 'catalog'),
    ];
    for (const folder of folders) expect([folder, (await mode(folder)).toString(8)]).toEqual([folder, '700']);
    const files = [path.join(aws, 'credentials'), path.join(aws, 'config'), path.join(latchkey, 'logs', 'latchkey.log')];
    for (const dir of [path.join(aws, 'sso', 'cache'), path.join(aws, 'cli', 'cache'), path.join(latchkey, 'catalog')]) {
      for (const name of await fs.readdir(dir)) if (!name.endsWith('.latchkey-lock')) files.push(path.join(dir, name));
    }
    expect(files.length).toBeGreaterThan(6);
    for (const file of files) expect([file, (await mode(file)).toString(8)]).toEqual([file, '600']);
  }, 90_000); // four commands, one after the other, on a shared two-core machine

  it('leaves the mode of a ~/.aws the person made alone, and makes what it adds inside 0700', async () => {
    const aws = path.join(ctx.home, '.aws');
    await fs.mkdir(aws);
    await fs.chmod(aws, 0o755);
    await underUmask(0, async () => {
      expect((await deviceLoginCli(ctx.fake, ctx.env)).code).toBe(0);
    });
    expect(await mode(aws)).toBe(0o755);
    expect(await mode(path.join(aws, 'sso'))).toBe(0o700);
    expect(await mode(path.join(aws, 'sso', 'cache'))).toBe(0o700);
  });
});

describe('ensurePrivateDir', () => {
  it('creates each missing folder 0700 even where the umask would leave it unwritable, and never loosens one that exists', async () => {
    const mine = path.join(ctx.home, 'mine');
    await fs.mkdir(mine, { mode: 0o711 });
    await fs.chmod(mine, 0o711);
    await underUmask(0o277, async () => {
      await ensurePrivateDir(path.join(mine, 'a', 'b'));
      ensurePrivateDirSync(path.join(mine, 'c', 'd'));
      // Writable by us: the umask's 0200 did not stick.
      await fs.writeFile(path.join(mine, 'a', 'b', 'x'), 'x');
    });
    for (const p of ['a', 'a/b', 'c', 'c/d']) expect([p, await mode(path.join(mine, p))]).toEqual([p, 0o700]);
    expect(await mode(mine)).toBe(0o711);
    // An existing folder (even a wide-open one) is left as it is, as the AWS CLI leaves it.
    const open = path.join(ctx.home, 'open');
    await fs.mkdir(open);
    await fs.chmod(open, 0o777);
    await ensurePrivateDir(open);
    expect(await mode(open)).toBe(0o777);
  });
});
