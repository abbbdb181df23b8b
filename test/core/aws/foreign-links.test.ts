import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { writeFileAtomicSafe } from '../../../src/core/aws/atomic-write';
import { withFileLock } from '../../../src/core/aws/file-lock';
import { editIniFile, readIniText } from '../../../src/core/aws/ini-file';
import { createContext } from '../../../src/core/context';
import { fileLogSink } from '../../../src/core/log-file';
import { readCachedToken, tokenCachePath } from '../../../src/core/sso/token-cache';
import { startFakeAws, type FakeAws } from '../../../devkit/fake-aws';
import { deviceLoginCli, runCli } from '../../../devkit/cli';
import { homeEnv, tempHome } from '../../../devkit/home';
import { latchkeyErrorOf } from '../../helpers/errors';

// `sudo latchkey …` on a HOME another user owns: that user's links are followed only to files
// they own, so they cannot have root overwrite or read someone else's file. The suite runs as
// root (as on these machines); "another user" is a numeric uid that needs no account.

const isRoot = process.getuid?.() === 0;
if (!isRoot) console.warn('foreign-links.test.ts: skipped — these tests need root (they chown files to another user).');

const ALICE = 4242;
const ROOT_ONLY = '[default]\naws_access_key_id = AKIAROOTONLY\n';

let base: string;
let home: string;
let rootFiles: string;
let victim: string;

/** A link owned by ALICE (the owner of the HOME), as she would make it. */
async function aliceLink(target: string, at: string): Promise<void> {
  await fs.mkdir(path.dirname(at), { recursive: true });
  await fs.symlink(target, at);
  await fs.lchown(at, ALICE, ALICE);
}

async function aliceOwns(...paths: string[]): Promise<void> {
  for (const p of paths) await fs.chown(p, ALICE, ALICE);
}

describe.skipIf(!isRoot)('running as root on a HOME another user owns', () => {
  beforeEach(async () => {
    base = (await tempHome('links')).home;
    home = path.join(base, 'alice');
    rootFiles = path.join(base, 'root-files');
    await fs.mkdir(path.join(home, '.aws'), { recursive: true });
    await aliceOwns(home, path.join(home, '.aws'));
    await fs.mkdir(rootFiles, { mode: 0o700 });
    victim = path.join(rootFiles, 'credentials');
    await fs.writeFile(victim, ROOT_ONLY, { mode: 0o600 });
  });
  afterEach(async () => {
    await fs.rm(base, { recursive: true, force: true });
  });

  it('does not write through her link to a file she does not own, nor read it', async () => {
    const link = path.join(home, '.aws', 'credentials');
    await aliceLink(victim, link);
    const write = await latchkeyErrorOf(editIniFile(link, (doc) => doc.appendSection(['[work]', 'region = eu-west-1'])));
    expect(write.code).toBe('BAD_CONFIG_FILE');
    expect(write.message).toMatch(/is a link owned by user 4242 to something owned by user 0\. Running as root, Latchkey does not follow it/);
    expect((await latchkeyErrorOf(readIniText(link))).code).toBe('BAD_CONFIG_FILE');
    expect(await fs.readFile(victim, 'utf8')).toBe(ROOT_ONLY);
    expect((await fs.lstat(link)).isSymbolicLink()).toBe(true);
  });

  it('does not write, lock or make a folder through a linked folder on the way', async () => {
    await aliceLink(rootFiles, path.join(home, '.aws', 'sso'));
    const file = path.join(home, '.aws', 'sso', 'cache', 'x.json');
    const err = await latchkeyErrorOf(writeFileAtomicSafe(file, '{}'));
    expect(err.message).toMatch(/is reached through .*\/\.aws\/sso, a link owned by user 4242/);
    expect((await latchkeyErrorOf(withFileLock(file, () => writeFileAtomicSafe(file, '{}')))).code).toBe('BAD_CONFIG_FILE');
    expect(await fs.readdir(rootFiles)).toEqual(['credentials']);
  });

  it('does not take an SSO token from a file she linked to but does not own', async () => {
    const ctx = createContext({ env: homeEnv(home), homedir: home });
    const token = {
      startUrl: 'https://corp.awsapps.com/start',
      region: 'us-east-1',
      accessToken: 'root-access-token-0123456789',
      expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
    };
    const rootToken = path.join(rootFiles, 'token.json');
    await fs.writeFile(rootToken, JSON.stringify(token), { mode: 0o600 });
    await aliceLink(rootToken, tokenCachePath(ctx, 'corp'));
    expect(await readCachedToken(ctx, 'corp')).toBeUndefined();
    // The same link owned by root (root made it) is followed: the check is what refused.
    await fs.lchown(tokenCachePath(ctx, 'corp'), 0, 0);
    expect(await readCachedToken(ctx, 'corp')).toMatchObject({ accessToken: token.accessToken });
  });

  it('does not append log lines through her link, dangling or not, nor change that file’s mode', async () => {
    const log = path.join(home, '.latchkey', 'logs', 'latchkey.log');
    await aliceLink(victim, log);
    await fs.chmod(victim, 0o644);
    fileLogSink(log)('a line', 'info');
    expect(await fs.readFile(victim, 'utf8')).toBe(ROOT_ONLY);
    expect((await fs.stat(victim)).mode & 0o777).toBe(0o644);
    const dangling = path.join(home, '.latchkey', 'logs2', 'latchkey.log');
    const created = path.join(rootFiles, 'created-by-root.log');
    await aliceLink(created, dangling);
    fileLogSink(dangling)('a line', 'info');
    await expect(fs.stat(created)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('still writes through her link to her own file, which stays hers', async () => {
    const dotfiles = path.join(home, 'dotfiles');
    const real = path.join(dotfiles, 'aws-credentials');
    await fs.mkdir(dotfiles);
    await fs.writeFile(real, '[hand]\nregion = us-east-1\n', { mode: 0o600 });
    await aliceOwns(dotfiles, real);
    const link = path.join(home, '.aws', 'credentials');
    await aliceLink(real, link);
    await editIniFile(link, (doc) => doc.appendSection(['[work]', 'region = eu-west-1']));
    expect(await fs.readFile(real, 'utf8')).toMatch(/\[hand\][\s\S]*\[work\]/);
    expect((await fs.stat(real)).uid).toBe(ALICE);
    expect((await fs.lstat(link)).isSymbolicLink()).toBe(true);
  });
});

describe.skipIf(!isRoot)('sudo latchkey use, with ~/.aws/credentials linked to a file the HOME’s owner does not own', () => {
  let fake: FakeAws;
  beforeAll(async () => {
    fake = await startFakeAws({ accounts: 1, rolesPerAccount: 1, deviceInterval: 1 });
  });
  afterAll(async () => {
    await fake.close();
  });

  it('exits 2 with one line, and the file stays as it was', async () => {
    base = (await tempHome('links')).home;
    try {
      home = path.join(base, 'alice');
      await fs.mkdir(path.join(home, '.aws'), { recursive: true });
      await aliceOwns(home, path.join(home, '.aws'));
      victim = path.join(base, 'root-credentials');
      await fs.writeFile(victim, ROOT_ONLY, { mode: 0o600 });
      const env = { ...homeEnv(home), ...fake.env };
      expect((await deviceLoginCli(fake, env)).code).toBe(0);
      await aliceLink(victim, path.join(home, '.aws', 'credentials'));

      const account = fake.accounts[0]!;
      const use = await runCli(['use', `${account.accountId}/${account.roles[0]}`, '--profile', 'work'], env);
      expect(use.code).toBe(2);
      expect(use.stderr.trim().split('\n')).toHaveLength(1);
      expect(use.stderr).toMatch(
        /^latchkey: .*\.aws\/credentials is a link owned by user 4242 to something owned by user 0\. .* Run Latchkey as the owner of these files/,
      );
      expect(await fs.readFile(victim, 'utf8')).toBe(ROOT_ONLY);
    } finally {
      await fs.rm(base, { recursive: true, force: true });
    }
  });
});
