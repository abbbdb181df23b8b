import { isUtf8 } from 'node:buffer';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addSsoSession, readAwsConfig } from '../../src/core/aws/config-file';
import { listManagedProfiles, readCredentialsFile, removeManagedProfile, writeManagedProfile } from '../../src/core/aws/credentials-file';
import { IniDocument } from '../../src/core/aws/ini';
import { displayPath } from '../../src/core/aws/ini-file';
import { createContext } from '../../src/core/context';
import { isLatchkeyError, LatchkeyError } from '../../src/core/errors';
import { planExport, type ExportEntry } from '../../src/core/iam/config-export';
import { fakeCreds, handWrittenCredentials, withoutManagedSections } from '../../devkit/credentials-files';
import { tempHome } from '../../devkit/home';
import { latchkeyErrorOf } from '../helpers/errors';
import { skipNote } from '../../devkit/peers';
import { fileBytes, fuzzParameters, iniText } from './arbitraries';
import { fileDigests } from './file-digests';
import { iterations, timeoutFor } from './soak';

// The INI fuzzer: generated credentials and config files — malformed
// lines, odd encodings, BOMs, mixed line endings, Unicode, duplicates, huge sizes — go through
// the functions people's files go through. Whatever the file, Latchkey either edits it keeping
// every byte it does not own, or refuses it with a LatchkeyError that names the file (and the
// line), leaving it untouched. A failure prints fast-check's seed and path: see fuzzParameters.

const LABEL = '~/.aws/credentials';
const PROFILE = 'lk-fuzz';
const SESSION = { name: 'lk-fuzz', startUrl: 'https://lk-fuzz.awsapps.com/start', region: 'eu-west-1' };
const EXPORT: ExportEntry = { profile: 'lk-fuzz-Admin', session: 'lk-fuzz', accountId: '111122223333', roleName: 'Admin', region: 'eu-west-1' };

let home: string;
beforeAll(async () => {
  home = (await tempHome('aws')).home;
});
afterAll(async () => {
  await fs.rm(home, { recursive: true, force: true });
});

/** The error `fn` throws, or undefined; anything but a LatchkeyError fails the test. */
function refusal(fn: () => unknown): LatchkeyError | undefined {
  try {
    fn();
    return undefined;
  } catch (err) {
    if (isLatchkeyError(err)) return err;
    throw err;
  }
}

async function refusalOf(promise: Promise<unknown>): Promise<LatchkeyError | undefined> {
  try {
    await promise;
    return undefined;
  } catch (err) {
    if (isLatchkeyError(err)) return err;
    throw err;
  }
}

/** A BAD_CONFIG_FILE error as people see it: the file, the line if there is one, what to do,
 * and never a stack or the line's text (it could be a pasted secret). */
function expectClearRefusal(err: LatchkeyError, label: string): void {
  expect(err.code).toBe('BAD_CONFIG_FILE');
  expect(err.message.startsWith(label)).toBe(true);
  expect(err.message).toMatch(/( line \d+: .+| is not .+)\.$/);
  expect(err.message.length).toBeLessThan(300);
  expect(err.hint).toMatch(/has not changed the file/);
}

describe('INI fuzz: the document model', () => {
  it(
    'returns every file it accepts byte for byte, refuses the rest naming the line, and undoes an append exactly',
    () => {
      fc.assert(
        fc.property(iniText, (text) => {
          const err = refusal(() => IniDocument.parse(text, LABEL));
          if (err) {
            expectClearRefusal(err, LABEL);
            const line = Number(/ line (\d+):/.exec(err.message)?.[1]);
            expect(line).toBeGreaterThanOrEqual(1);
            expect(line).toBeLessThanOrEqual(text.split(/\r\n|\r|\n/).length);
            return;
          }
          const doc = IniDocument.parse(text, LABEL);
          expect(doc.toString()).toBe(text);
          doc.appendSection(['[lk-fuzz]', '# Managed by Latchkey (fuzz)', 'k = v']);
          const added = doc.sections().at(-1)!;
          expect(added.name).toBe(PROFILE);
          expect(doc.values().get(PROFILE)?.k).toBe('v');
          doc.removeSection(added);
          expect(doc.toString()).toBe(text);
        }),
        fuzzParameters(iterations(3_000, 50_000)),
      );
    },
    timeoutFor(90_000, 900_000),
  );
});

// botocore reads the AWS files with Python's configparser.RawConfigParser; Latchkey documents
// two lenient differences (a BOM, duplicate sections/keys: strict=False), so compare with that.
const PYTHON_READER = `
import configparser, json, sys
out = []
for i in range(int(sys.argv[2])):
    cp = configparser.RawConfigParser(strict=False)
    try:
        cp.read(f"{sys.argv[1]}/{i}.ini", encoding="utf-8")
        out.append({s: dict(cp.items(s)) for s in cp.sections()})
    except configparser.Error:
        out.append(None)
print(json.dumps(out))
`;
const hasPython = spawnSync('python3', ['-c', 'import configparser'], { stdio: 'ignore' }).status === 0;
skipNote('python3 (configparser, as botocore uses it)', hasPython);

describe.skipIf(!hasPython)('INI fuzz: the same reading as botocore', () => {
  it(
    'reads every generated file exactly as configparser does, and refuses exactly the files it refuses',
    async () => {
      const dir = await fs.mkdtemp(path.join(home, 'python-'));
      // UTF-8 cannot hold a lone surrogate, and configparser rejects a BOM (documented leniency).
      const texts = fc
        .sample(iniText, fuzzParameters<string>(iterations(1_000, 20_000)))
        .filter((t) => !t.startsWith('\ufeff') && isUtf8(Buffer.from(t, 'utf8')) && Buffer.from(t, 'utf8').toString('utf8') === t);
      await Promise.all(texts.map((t, i) => fs.writeFile(path.join(dir, `${i}.ini`), t, 'utf8')));
      const python = spawnSync('python3', ['-c', PYTHON_READER, dir, String(texts.length)], { encoding: 'utf8', maxBuffer: 1 << 28 });
      expect(python.status, python.stderr).toBe(0);
      const theirs = JSON.parse(python.stdout) as (Record<string, Record<string, string>> | null)[];
      texts.forEach((text, i) => {
        const ours = refusal(() => IniDocument.parse(text, LABEL)) ? null : Object.fromEntries(IniDocument.parse(text, LABEL).values());
        expect(ours, `file ${JSON.stringify(text).slice(0, 400)}`).toEqual(theirs[i]);
      });
      expect(theirs.filter(Boolean).length).toBeGreaterThan(texts.length / 4);
    },
    timeoutFor(30_000, 600_000),
  );
});

/** Whether Latchkey should accept these bytes: UTF-8 text with no NUL byte (a NUL means UTF-16
 * or a binary file) that the AWS CLI's parser reads. */
function acceptable(bytes: Buffer): boolean {
  if (!isUtf8(bytes) || bytes.includes(0)) return false;
  return refusal(() => IniDocument.parse(bytes.toString('utf8'), LABEL)) === undefined;
}

const EOLS = ['\r\n', '\n', '\r'];

function sameUpToFinalNewline(actual: string, original: string): boolean {
  return EOLS.some((eol) => actual === original || actual === original + eol);
}

/** Whether `after` is `original` with the section `lines` appended after a blank separator
 * line (a missing final newline moving to the end of the appended section). */
function isAppended(after: string, lines: readonly string[], original: string): boolean {
  if (original.replace(/^\ufeff/, '') === '') return EOLS.some((eol) => after === original + lines.join(eol) + eol);
  return EOLS.some((eol) =>
    EOLS.some((sep) => {
      const block = lines.join(eol);
      if (after.endsWith(sep + block + eol) && after.slice(0, -(sep + block + eol).length) === original) return true;
      return after.endsWith(sep + block) && sameUpToFinalNewline(after.slice(0, -(sep + block).length), original);
    }),
  );
}

describe('INI fuzz: the credentials and config files on disk', () => {
  it(
    'edits only its own lines or refuses with a clear error and writes nothing',
    async () => {
      let run = 0;
      let accepted = 0;
      await fc.assert(
        fc.asyncProperty(fileBytes, async ({ bytes }) => {
          const dir = path.join(home, `run-${run++}`);
          await fs.mkdir(dir);
          const file = path.join(dir, 'credentials');
          await fs.writeFile(file, bytes);
          const label = displayPath(file);
          const ok = acceptable(bytes);
          if (ok) accepted++;
          const before = await fileDigests(dir);

          // Reading: values or a clear refusal, never anything else.
          const read = await refusalOf(readCredentialsFile(file));
          const list = await refusalOf(listManagedProfiles(file));
          expect(read === undefined).toBe(ok);
          expect(list === undefined).toBe(ok);

          // Credentials: write then remove a managed profile.
          const written = await refusalOf(writeManagedProfile(file, PROFILE, fakeCreds(1), { source: 'fuzz/111122223333/Admin' }));
          if (!ok) {
            expectClearRefusal(written!, label);
            expectClearRefusal((await refusalOf(removeManagedProfile(file, PROFILE)))!, label);
            expectClearRefusal((await refusalOf(addSsoSession(file, SESSION)))!, label);
            expectClearRefusal((await refusalOf(planExport(createContext({ env: { AWS_CONFIG_FILE: file }, homedir: home }), { add: [EXPORT] })))!, label);
            expect(await fileDigests(dir)).toEqual(before);
            await fs.rm(dir, { recursive: true });
            return;
          }
          expect(written).toBeUndefined();
          const original = bytes.toString('utf8');
          const withProfile = await fs.readFile(file, 'utf8');
          expect(sameUpToFinalNewline(withoutManagedSections(withProfile, [PROFILE]), original)).toBe(true);
          const values = await readCredentialsFile(file);
          expect(values.get(PROFILE)?.aws_access_key_id).toBe(fakeCreds(1).accessKeyId);
          // Hand-written sections read exactly as before.
          const handBefore = IniDocument.parse(original, label).values();
          for (const [name, v] of handBefore) expect(values.get(name)).toEqual(v);
          expect((await listManagedProfiles(file)).map((p) => p.profile)).toEqual([PROFILE]);
          // A second write replaces the section in place.
          await writeManagedProfile(file, PROFILE, fakeCreds(2), { source: 'fuzz/111122223333/Admin' });
          expect(sameUpToFinalNewline(withoutManagedSections(await fs.readFile(file, 'utf8'), [PROFILE]), original)).toBe(true);
          expect((await readCredentialsFile(file)).get(PROFILE)?.aws_access_key_id).toBe(fakeCreds(2).accessKeyId);
          expect(await removeManagedProfile(file, PROFILE)).toBe(true);
          expect((await fs.readFile(file)).equals(bytes)).toBe(true);

          // Config: add an sso-session (appended, nothing else changed).
          expect(await addSsoSession(file, SESSION)).toBe('added');
          const withSession = await fs.readFile(file, 'utf8');
          const sessionLines = [
            `[sso-session ${SESSION.name}]`,
            `sso_start_url = ${SESSION.startUrl}`,
            `sso_region = ${SESSION.region}`,
            'sso_registration_scopes = sso:account:access',
          ];
          expect(isAppended(withSession, sessionLines, original)).toBe(true);
          expect((await readAwsConfig(file)).ssoSessions.find((s) => s.name === SESSION.name)).toMatchObject({
            startUrl: SESSION.startUrl,
            region: SESSION.region,
          });
          expect(await addSsoSession(file, SESSION)).toBe('exists');
          expect(await fs.readFile(file, 'utf8')).toBe(withSession);
          await fs.writeFile(file, bytes);

          // Config: Latchkey's export block, added then removed, gives back the original bytes.
          const ctx = createContext({ env: { AWS_CONFIG_FILE: file }, homedir: home });
          await (await planExport(ctx, { add: [EXPORT] })).apply();
          const withBlock = await fs.readFile(file, 'utf8');
          expect((await readAwsConfig(file)).profiles.get(EXPORT.profile)).toMatchObject({ sso_account_id: EXPORT.accountId, sso_role_name: EXPORT.roleName });
          expect(withBlock.startsWith(original.replace(/[\r\n]+$/, ''))).toBe(true);
          await (await planExport(ctx, { remove: [EXPORT.profile] })).apply();
          expect((await fs.readFile(file)).equals(bytes)).toBe(true);

          expect((await fs.readdir(dir)).sort()).toEqual(['credentials']);
          await fs.rm(dir, { recursive: true });
        }),
        fuzzParameters(iterations(120, 5_000)),
      );
      // The generators must reach the editing paths, not only the refusals.
      expect(accepted).toBeGreaterThan(run / 4);
    },
    timeoutFor(120_000, 3_600_000),
  );
});

describe('INI fuzz: huge files', () => {
  it(
    'round-trips a credentials file of several MB through a write and a removal',
    async () => {
      const dir = await fs.mkdtemp(path.join(home, 'huge-'));
      const file = path.join(dir, 'credentials');
      for (const profiles of iterations(1, 3) === 1 ? [40_000] : [40_000, 100_000, 200_000]) {
        const original = Buffer.from(handWrittenCredentials(profiles, profiles), 'utf8');
        expect(original.length).toBeGreaterThan(5_000_000);
        await fs.writeFile(file, original);
        await writeManagedProfile(file, PROFILE, fakeCreds(2), { source: 'huge' });
        const values = await readCredentialsFile(file);
        expect(values.size).toBe(profiles + 1);
        expect(values.get(`hand-${profiles - 1}`)?.aws_access_key_id).toBe(`AKIAHAND${String(profiles - 1).padStart(12, '0')}`);
        expect(await removeManagedProfile(file, PROFILE)).toBe(true);
        expect((await fs.readFile(file)).equals(original)).toBe(true);
      }
    },
    timeoutFor(120_000, 900_000),
  );

  it('reads and edits a file with a 1 MB line, including 1 MB of spaces before an `=`', async () => {
    const dir = await fs.mkdtemp(path.join(home, 'long-line-'));
    const file = path.join(dir, 'credentials');
    const mb = 1 << 20;
    const original = `[big]\r\nvalue = ${'v'.repeat(mb)}\r\nspaced${' '.repeat(mb)}= x\r\n`;
    await fs.writeFile(file, original);
    const values = (await readCredentialsFile(file)).get('big');
    expect(values?.value?.length).toBe(mb);
    expect(values?.spaced).toBe('x');
    await writeManagedProfile(file, PROFILE, fakeCreds(3), { source: 'long' });
    expect(await removeManagedProfile(file, PROFILE)).toBe(true);
    expect(await fs.readFile(file, 'utf8')).toBe(original);
  });

  it('refuses a 1 MB line that is not a setting at once, naming its line', async () => {
    const dir = await fs.mkdtemp(path.join(home, 'long-garbage-'));
    const file = path.join(dir, 'credentials');
    const original = `[big]\nk = v\nx${' '.repeat(1 << 20)}y\n`;
    await fs.writeFile(file, original);
    const err = await latchkeyErrorOf(writeManagedProfile(file, PROFILE, fakeCreds(4), { source: 'long' }));
    expectClearRefusal(err, displayPath(file));
    expect(err.message).toContain(' line 3: ');
    expect(await fs.readFile(file, 'utf8')).toBe(original);
  });
});
