import { execFile, spawnSync } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listManagedProfiles, readCredentialsFile, removeManagedProfile, writeManagedProfile } from '../../../src/core/aws/credentials-file';
import { awsPaths } from '../../../src/core/aws/paths';
import { awsOutput, hasAwsCli } from './helpers';
import { fakeCreds, handWrittenCredentials, seededRandom, withoutManagedSections } from '../../../devkit/credentials-files';
import { tempHome } from '../../../devkit/home';
import { latchkeyErrorOf } from '../../helpers/errors';

const rejection = latchkeyErrorOf;

let home: string;
let file: string;

beforeEach(async () => {
  home = (await tempHome('aws')).home;
  file = awsPaths({ env: {}, homedir: home }).credentialsFile;
});
afterEach(async () => {
  await fs.rm(home, { recursive: true, force: true });
});

async function writeFixture(text: string): Promise<Buffer> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, text);
  return fs.readFile(file);
}

/** The bytes outside Latchkey's sections equal the original (a missing final newline moves to
 * the end of the last managed section while one is there, so compare without it). */
function expectOutsideBytesUnchanged(current: Buffer, original: Buffer, names: readonly string[]): void {
  const outside = withoutManagedSections(current.toString('utf8'), names);
  const originalText = original.toString('utf8');
  const endsWithNewline = /[\r\n]$/.test(originalText) || originalText.replace(/^\ufeff/, '') === '';
  expect(endsWithNewline ? outside : outside.replace(/(\r\n|\r|\n)$/, '')).toBe(originalText);
}

/** Random writes, rewrites and removals over `names`, checking the bytes after each; then
 * removes what is left and returns the final bytes. */
async function cycle(original: Buffer, names: readonly string[], cycles: number, seed: number): Promise<Buffer> {
  const rnd = seededRandom(seed);
  const present = new Set<string>();
  for (let i = 0; i < cycles; i++) {
    const name = names[Math.floor(rnd() * names.length)] ?? '';
    if (present.has(name) && rnd() < 0.5) {
      expect(await removeManagedProfile(file, name)).toBe(true);
      present.delete(name);
    } else {
      await writeManagedProfile(file, name, fakeCreds(i, Date.UTC(2030, 0, 1) + i * 1000), { source: `sso/${i}/Role` });
      present.add(name);
    }
    expectOutsideBytesUnchanged(await fs.readFile(file), original, names);
    expect(new Set((await listManagedProfiles(file)).map((p) => p.profile))).toEqual(present);
  }
  for (const name of present) expect(await removeManagedProfile(file, name)).toBe(true);
  return fs.readFile(file);
}

const NAMES = ['latchkey-dev', 'latchkey-prod', 'ops:admin', 'team.admin@acme', 'x'];

describe('credentials file: byte preservation', () => {
  it('keeps every byte of 50 hand-written profiles across 100 write/remove cycles, then returns to the original bytes', async () => {
    const original = await writeFixture(handWrittenCredentials(50, 7));
    const handValues = await readCredentialsFile(file);
    expect(handValues.size).toBe(50);
    const final = await cycle(original, NAMES, 100, 42);
    expect(final.equals(original)).toBe(true);
    expect(await readCredentialsFile(file)).toEqual(handValues);
  });

  const variants: Record<string, string> = {
    'without a trailing newline, with a BOM': `\ufeff${handWrittenCredentials(5, 3).replace(/\r\n$/, '')}`,
    'with LF endings and no trailing newline': '[a]\naws_access_key_id = AKIA1\n# last',
    'that is empty': '',
    'that holds only a BOM': '\ufeff',
    'that ends in blank lines': '[a]\r\nk = v\r\n\r\n\r\n',
  };
  for (const [name, text] of Object.entries(variants)) {
    it(`returns a file ${name} to its original bytes`, async () => {
      const original = await writeFixture(text);
      const final = await cycle(original, NAMES, 40, name.length);
      expect(final.equals(original)).toBe(true);
    });
  }

  it('creates a missing file and leaves it empty once its last Latchkey section is removed', async () => {
    expect(await removeManagedProfile(file, 'dev')).toBe(false);
    await expect(fs.stat(file)).rejects.toThrow(/ENOENT/);
    await writeManagedProfile(file, 'dev', fakeCreds(1), { source: 's' });
    expect(await removeManagedProfile(file, 'dev')).toBe(true);
    expect(await fs.readFile(file, 'utf8')).toBe('');
  });

  it("writes the documented section, replaces it in place, and keeps it Latchkey's after the person edits its values", async () => {
    await writeFixture('[mine]\naws_access_key_id = AKIAHAND\n');
    await writeManagedProfile(file, 'dev', fakeCreds(1, Date.UTC(2030, 0, 1, 12)), { source: 'acme/111122223333/Admin' });
    await writeManagedProfile(file, 'prod', fakeCreds(2), { source: 'acme/444455556666/ReadOnly' });
    const written = await fs.readFile(file, 'utf8');
    expect(written).toBe(
      [
        '[mine]',
        'aws_access_key_id = AKIAHAND',
        '',
        '[dev]',
        '# Managed by Latchkey (acme/111122223333/Admin); expires 2030-01-01T12:00:00.000Z. Remove with: latchkey unuse dev',
        `aws_access_key_id = ${fakeCreds(1).accessKeyId}`,
        `aws_secret_access_key = ${fakeCreds(1).secretAccessKey}`,
        `aws_session_token = ${fakeCreds(1).sessionToken}`,
        'x_security_token_expires = 2030-01-01T12:00:00.000Z',
        '',
        '[prod]',
      ].join('\n') + written.slice(written.indexOf('[prod]') + 6),
    );

    // The person edits values inside the managed section and adds a setting.
    await fs.writeFile(
      file,
      written
        .replace(fakeCreds(1).accessKeyId, 'EDITED')
        .replace('x_security_token_expires = 2030-01-01T12:00:00.000Z', 'x_security_token_expires=2031-05-05T00:00:00Z\nregion = eu-west-1'),
    );
    expect(await listManagedProfiles(file)).toEqual([
      { profile: 'dev', source: 'acme/111122223333/Admin', expiration: Date.UTC(2031, 4, 5) },
      { profile: 'prod', source: 'acme/444455556666/ReadOnly', expiration: Date.UTC(2030, 0, 1, 12) },
    ]);
    await writeManagedProfile(file, 'dev', fakeCreds(3), { source: 'acme/111122223333/Admin' });
    const sections = [...(await readCredentialsFile(file)).keys()];
    expect(sections).toEqual(['mine', 'dev', 'prod']);
    expect((await readCredentialsFile(file)).get('dev')?.aws_access_key_id).toBe(fakeCreds(3).accessKeyId);
    expect(await removeManagedProfile(file, 'dev')).toBe(true);
    expect(await removeManagedProfile(file, 'prod')).toBe(true);
    expect(await fs.readFile(file, 'utf8')).toBe('[mine]\naws_access_key_id = AKIAHAND\n');
  });
});

describe('credentials file: refusals', () => {
  it('refuses to overwrite or remove a hand-written profile and leaves the file untouched', async () => {
    const original = await writeFixture(handWrittenCredentials(10, 5));
    const before = await fs.stat(file);
    const attempts = [
      () => writeManagedProfile(file, 'hand-3', fakeCreds(1), { source: 's' }),
      () => removeManagedProfile(file, 'hand-3'),
      () => writeManagedProfile(file, 'default', fakeCreds(1), { source: 's' }),
    ];
    for (const attempt of attempts) {
      const err = await rejection(attempt());
      expect(err.code).toBe('NOT_OWNED');
      expect(err.message).toMatch(/was not written by Latchkey/);
      expect(err.message).toContain(file);
    }
    const err = await rejection(writeManagedProfile(file, 'hand-3', fakeCreds(1), { source: 's' }));
    expect(err.cliHint).toMatch(/--profile hand-3-latchkey/);
    expect(err.hint).toMatch(/another profile name \(for example hand-3-latchkey\)/);
    expect((await fs.readFile(file)).equals(original)).toBe(true);
    expect((await fs.stat(file)).mtimeMs).toBe(before.mtimeMs);
  });

  it('refuses a malformed file with the file and line, and never writes it', async () => {
    const original = await writeFixture('# mine\r\n[a]\r\naws_access_key_id = AKIA\r\nthis line is garbage\r\n');
    const before = await fs.stat(file);
    const attempts = [
      () => writeManagedProfile(file, 'dev', fakeCreds(1), { source: 's' }),
      () => removeManagedProfile(file, 'a'),
      () => listManagedProfiles(file),
      () => readCredentialsFile(file),
    ];
    for (const attempt of attempts) {
      const err = await rejection(attempt());
      expect(err.code).toBe('BAD_CONFIG_FILE');
      expect(err.message).toBe(`${file} line 4: expected \`key = value\` or \`[section]\`.`);
      expect(err.hint).toMatch(/Fix or remove line 4 of .*has not changed the file/);
    }
    expect((await fs.readFile(file)).equals(original)).toBe(true);
    expect((await fs.stat(file)).mtimeMs).toBe(before.mtimeMs);
  });

  it('refuses a file that is not UTF-8 rather than rewriting its bytes', async () => {
    const original = Buffer.from('[a]\nnote = caf\xe9\n', 'latin1');
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, original);
    const err = await rejection(writeManagedProfile(file, 'dev', fakeCreds(1), { source: 's' }));
    expect(err.code).toBe('BAD_CONFIG_FILE');
    expect((await fs.readFile(file)).equals(original)).toBe(true);
  });

  it('refuses profile names and credentials that could break the file', async () => {
    for (const name of ['', 'a b', 'x]', '[x', 'DEFAULT', 'a\nb', '#x']) {
      expect((await rejection(writeManagedProfile(file, name, fakeCreds(1), { source: 's' }))).code).toBe('BAD_INPUT');
    }
    const err = await rejection(writeManagedProfile(file, 'dev', { ...fakeCreds(1), sessionToken: 'tok\n[evil]' }, { source: 's' }));
    expect(err.code).toBe('BAD_INPUT');
    expect(err.message).not.toContain('tok');
    await expect(fs.stat(file)).rejects.toThrow(/ENOENT/);
  });
});

describe('credentials file: permissions, concurrency, failures', () => {
  it('creates the file with mode 0600, keeps a stricter mode and tightens a looser one', async () => {
    await writeManagedProfile(file, 'dev', fakeCreds(1), { source: 's' });
    expect((await fs.stat(file)).mode & 0o777).toBe(0o600);
    await fs.chmod(file, 0o400);
    await writeManagedProfile(file, 'dev', fakeCreds(2), { source: 's' });
    expect((await fs.stat(file)).mode & 0o777).toBe(0o400);
    await fs.chmod(file, 0o644);
    await writeManagedProfile(file, 'dev', fakeCreds(3), { source: 's' });
    expect((await fs.stat(file)).mode & 0o777).toBe(0o600);
  });

  it('loses no update when 20 processes write different profiles at once', async () => {
    const original = await writeFixture(handWrittenCredentials(10, 9));
    const script = path.join(import.meta.dirname, 'fixtures', 'write-profile.ts');
    const run = promisify(execFile);
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => run(process.execPath, ['--import', 'tsx', script, file, `proc-${i}`, String(i)], { cwd: process.cwd() })),
    );
    const profiles = await listManagedProfiles(file);
    expect(profiles.map((p) => p.profile).sort()).toEqual(Array.from({ length: 20 }, (_, i) => `proc-${i}`).sort());
    const values = await readCredentialsFile(file);
    for (let i = 0; i < 20; i++) expect(values.get(`proc-${i}`)?.aws_access_key_id).toBe(fakeCreds(i).accessKeyId);
    expectOutsideBytesUnchanged(
      await fs.readFile(file),
      original,
      profiles.map((p) => p.profile),
    );
  }, 120_000);

  it('loses no update when one process writes and removes many profiles at once', async () => {
    const names = Array.from({ length: 20 }, (_, i) => `p${i}`);
    await Promise.all(names.map((n, i) => writeManagedProfile(file, n, fakeCreds(i), { source: 's' })));
    expect((await listManagedProfiles(file)).length).toBe(20);
    expect(await Promise.all(names.map((n) => removeManagedProfile(file, n)))).toEqual(names.map(() => true));
    expect(await fs.readFile(file, 'utf8')).toBe('');
  });

  it('reports DISK when the folder path holds a file, and creates nothing', async () => {
    const blocker = path.join(home, 'not-a-folder');
    await fs.writeFile(blocker, 'keep me');
    const target = path.join(blocker, 'credentials');
    const err = await rejection(writeManagedProfile(target, 'dev', fakeCreds(1), { source: 's' }));
    expect(err.code).toBe('DISK');
    expect(err.message).toMatch(/Could not write .*not-a-folder\/credentials/);
    expect(await fs.readFile(blocker, 'utf8')).toBe('keep me');
  });

  it('reports DISK when the folder is read-only, leaving the original intact', async (ctx) => {
    const original = await writeFixture('[mine]\naws_access_key_id = AKIAHAND\n');
    const dir = path.dirname(file);
    const undo = makeReadOnly(dir);
    if (!undo) {
      console.warn('[skip] cannot make a folder read-only here (root without chattr).');
      ctx.skip();
      return;
    }
    try {
      const err = await rejection(writeManagedProfile(file, 'dev', fakeCreds(1), { source: 's' }));
      expect(err.code).toBe('DISK');
      expect(err.message).toMatch(/permission was denied/);
    } finally {
      undo();
    }
    expect((await fs.readFile(file)).equals(original)).toBe(true);
    expect(await fs.readdir(dir)).toEqual(['credentials']);
  });
});

/** Makes `dir` unwritable: chmod for a normal user; root ignores modes, so `chattr +i`. */
function makeReadOnly(dir: string): (() => void) | undefined {
  if (process.getuid?.() !== 0) {
    spawnSync('chmod', ['0500', dir]);
    return () => spawnSync('chmod', ['0700', dir]);
  }
  if (spawnSync('chattr', ['+i', dir]).status !== 0) return undefined;
  return () => spawnSync('chattr', ['-i', dir]);
}

describe.skipIf(!hasAwsCli())('credentials file: the AWS CLI reads what we write', () => {
  it('reads Latchkey profiles and the hand-written ones around them', async () => {
    await writeFixture(handWrittenCredentials(50, 11));
    await writeManagedProfile(file, 'lk-dev', fakeCreds(1), { source: 'sso/111122223333/Admin' });
    await writeManagedProfile(file, 'lk-prod', fakeCreds(2), { source: 'sso/444455556666/Admin' });
    const files = { credentials: file };
    expect(await awsOutput(home, files, ['configure', 'get', 'aws_access_key_id', '--profile', 'lk-dev'])).toBe(fakeCreds(1).accessKeyId);
    expect(await awsOutput(home, files, ['configure', 'get', 'aws_session_token', '--profile', 'lk-prod'])).toBe(fakeCreds(2).sessionToken);
    expect(await awsOutput(home, files, ['configure', 'get', 'aws_access_key_id', '--profile', 'hand-17'])).toBe('AKIAHAND000000000017');
    const list = await awsOutput(home, files, ['configure', 'list', '--profile', 'lk-prod']);
    expect(list).toMatch(/access_key\s+\*+[A-Z0-9]{4}\s+shared-credentials-file/);
    // botocore's own credential chain: key, secret and token together.
    const py = spawnSync(
      'python3',
      ['-c', 'import botocore.session as s, sys; c = s.Session(profile=sys.argv[1]).get_credentials(); print(c.access_key, c.secret_key, c.token)', 'lk-dev'],
      { env: { PATH: process.env.PATH, HOME: home, AWS_SHARED_CREDENTIALS_FILE: file, AWS_CONFIG_FILE: path.join(home, 'none') }, encoding: 'utf8' },
    );
    expect(py.stderr).toBe('');
    expect(py.stdout.trim()).toBe(`${fakeCreds(1).accessKeyId} ${fakeCreds(1).secretAccessKey} ${fakeCreds(1).sessionToken}`);
  });
});
