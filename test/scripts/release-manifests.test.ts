import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import yaml from 'js-yaml';
import { afterAll, describe, expect, it } from 'vitest';

// The release workflow turns a release's files into a Homebrew cask, a Scoop manifest and a winget
// manifest set. Each must parse, and name the release's own files with their real checksums.

const SCRIPT = path.resolve(__dirname, '../../scripts/release-manifests.mjs');
const VERSION = '1.4.2';
const RELEASE = `https://github.com/latchkey-dev/latchkey/releases/download/v${VERSION}/`;
const ARTIFACTS = [
  `Latchkey-${VERSION}-arm64.dmg`,
  `Latchkey-${VERSION}.dmg`,
  `Latchkey-${VERSION}-arm64-mac.zip`,
  `Latchkey-${VERSION}-mac.zip`,
  `Latchkey-Setup-${VERSION}.exe`,
  `Latchkey-Setup-${VERSION}.exe.blockmap`,
  `Latchkey-${VERSION}.AppImage`,
  `latchkey-app_${VERSION}_amd64.deb`,
  'latest.yml',
  'latest-mac.yml',
  'latest-linux.yml',
];

const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'latchkey-release-'));
afterAll(() => fs.rmSync(temp, { recursive: true, force: true }));

/** A folder of release files with random contents; returns their SHA-256 by name. */
function fakeRelease(names: string[]): { dir: string; sha256: Record<string, string> } {
  const dir = fs.mkdtempSync(path.join(temp, 'artifacts-'));
  const sha256: Record<string, string> = {};
  for (const name of names) {
    const bytes = randomBytes(4096);
    fs.writeFileSync(path.join(dir, name), bytes);
    sha256[name] = createHash('sha256').update(bytes).digest('hex');
  }
  return { dir, sha256 };
}

function generate(dir: string, version = VERSION) {
  const out = fs.mkdtempSync(path.join(temp, 'out-'));
  const run = spawnSync(process.execPath, [SCRIPT, '--version', version, '--artifacts', dir, '--out', out], { encoding: 'utf8' });
  const read = (name: string) => fs.readFileSync(path.join(out, name), 'utf8');
  return { run, out, read };
}

const which = (command: string) => spawnSync(process.platform === 'win32' ? 'where' : 'which', [command], { encoding: 'utf8' }).status === 0;
const hasRuby = which('ruby');

describe('scripts/release-manifests.mjs', () => {
  const release = fakeRelease(ARTIFACTS);
  const { run, out, read } = generate(release.dir);

  it('writes the cask, the Scoop manifest and the winget set', () => {
    expect(run.status, run.stderr).toBe(0);
    expect(fs.readdirSync(out).sort()).toEqual(
      ['LatchkeyDev.Latchkey.installer.yaml', 'LatchkeyDev.Latchkey.locale.en-US.yaml', 'LatchkeyDev.Latchkey.yaml', 'latchkey.json', 'latchkey.rb'].sort(),
    );
  });

  it('the Homebrew cask names both .dmg files with their checksums', () => {
    const cask = read('latchkey.rb');
    expect(cask).toMatch(/^cask "latchkey" do\n/);
    expect(cask).toMatch(/\nend\n$/);
    const opened = cask.match(/\bdo$/gm)?.length ?? 0;
    const closed = cask.match(/^\s*end$/gm)?.length ?? 0;
    expect(closed).toBe(opened);
    expect(cask).toContain(`version "${VERSION}"`);
    expect(cask).toContain('app "Latchkey.app"');
    expect(cask).toContain('homepage "https://github.com/latchkey-dev/latchkey"');
    // Each architecture block: its checksum, then its URL (with the version interpolated).
    const blocks = [...cask.matchAll(/on_(arm|intel) do\n\s+sha256 "([0-9a-f]{64})"\n\s+url "([^"]+)"\n\s+end/g)];
    const byArch = Object.fromEntries(blocks.map(([, arch, sha, url]) => [arch, { sha, url: url?.replaceAll('#{version}', VERSION) }]));
    expect(byArch.arm).toEqual({ sha: release.sha256[`Latchkey-${VERSION}-arm64.dmg`], url: `${RELEASE}Latchkey-${VERSION}-arm64.dmg` });
    expect(byArch.intel).toEqual({ sha: release.sha256[`Latchkey-${VERSION}.dmg`], url: `${RELEASE}Latchkey-${VERSION}.dmg` });
  });

  it.skipIf(!hasRuby)('the Homebrew cask is valid Ruby (ruby -c; skipped where ruby is not on PATH)', () => {
    const check = spawnSync('ruby', ['-c', path.join(out, 'latchkey.rb')], { encoding: 'utf8' });
    expect(check.status, check.stderr).toBe(0);
  });

  it('the Scoop manifest names the Windows installer with its checksum, and updates from GitHub', () => {
    const scoop = JSON.parse(read('latchkey.json'));
    expect(scoop).toMatchObject({ version: VERSION, homepage: 'https://github.com/latchkey-dev/latchkey', license: 'MIT' });
    expect(scoop.description).toEqual(expect.any(String));
    const x64 = scoop.architecture['64bit'];
    expect(x64.url).toBe(`${RELEASE}Latchkey-Setup-${VERSION}.exe#/dl.7z`);
    expect(x64.hash).toBe(release.sha256[`Latchkey-Setup-${VERSION}.exe`]);
    expect(scoop.shortcuts).toEqual([['Latchkey.exe', 'Latchkey']]);
    // The app's executable never takes the command's name.
    expect(scoop.bin.flat()).not.toContain('latchkey');
    expect(scoop.checkver).toEqual({ github: 'https://github.com/latchkey-dev/latchkey' });
    expect(scoop.autoupdate.architecture['64bit'].url).toBe(`${RELEASE}Latchkey-Setup-${VERSION}.exe#/dl.7z`.replaceAll(VERSION, '$version'));
  });

  it('the winget set has the required keys, a nullsoft installer and its upper-case checksum', () => {
    type Doc = Record<string, unknown>;
    const docs: Record<string, Doc> = Object.fromEntries(
      ['LatchkeyDev.Latchkey.yaml', 'LatchkeyDev.Latchkey.installer.yaml', 'LatchkeyDev.Latchkey.locale.en-US.yaml'].map((name) => {
        const doc = yaml.load(read(name)) as Doc;
        return [doc.ManifestType as string, doc];
      }),
    );
    const [version, installer, defaultLocale] = [docs.version ?? {}, docs.installer ?? {}, docs.defaultLocale ?? {}];
    expect(Object.keys(docs).sort()).toEqual(['defaultLocale', 'installer', 'version']);
    for (const doc of Object.values(docs)) {
      expect(doc).toMatchObject({ PackageIdentifier: 'LatchkeyDev.Latchkey', PackageVersion: VERSION });
      const [major = 0, minor = 0] = String(doc.ManifestVersion).split('.').map(Number);
      expect(major > 1 || (major === 1 && minor >= 6), `ManifestVersion ${doc.ManifestVersion}`).toBe(true);
    }
    expect(version.DefaultLocale).toBe('en-US');
    expect(defaultLocale).toMatchObject({ PackageLocale: 'en-US', PackageName: 'Latchkey', License: 'MIT' });
    for (const key of ['Publisher', 'ShortDescription']) expect(defaultLocale[key]).toEqual(expect.any(String));
    expect(installer.InstallerType).toBe('nullsoft');
    expect(installer.Installers).toEqual([
      {
        Architecture: 'x64',
        InstallerUrl: `${RELEASE}Latchkey-Setup-${VERSION}.exe`,
        InstallerSha256: release.sha256[`Latchkey-Setup-${VERSION}.exe`]?.toUpperCase(),
      },
    ]);
  });

  it('keeps a version like 2.10.0 a string in every manifest', () => {
    const other = fakeRelease(['Latchkey-2.10.0-arm64.dmg', 'Latchkey-2.10.0.dmg', 'Latchkey-Setup-2.10.0.exe']);
    const generated = generate(other.dir, '2.10.0');
    expect(generated.run.status, generated.run.stderr).toBe(0);
    expect((yaml.load(generated.read('LatchkeyDev.Latchkey.yaml')) as Record<string, unknown>).PackageVersion).toBe('2.10.0');
    expect(JSON.parse(generated.read('latchkey.json')).version).toBe('2.10.0');
  });

  it.each([
    ['a required file is missing', ARTIFACTS.filter((name) => !name.endsWith('.exe')), /^release-manifests: missing from .*: the Windows installer \(\.exe\)$/],
    ['a file it does not know', [...ARTIFACTS, 'notes.txt'], /^release-manifests: unknown release file\(s\): notes\.txt \(/],
    [
      'a file of another version',
      [...ARTIFACTS.filter((name) => name !== `Latchkey-${VERSION}.dmg`), 'Latchkey-1.4.20.dmg'],
      /^release-manifests: not 1\.4\.2 files: Latchkey-1\.4\.20\.dmg$/,
    ],
    ['two installers', [...ARTIFACTS, `Latchkey-Setup-${VERSION}-x64.exe`], /^release-manifests: more than one file for the Windows installer/],
  ])('refuses a release with %s: one line, exit 1, nothing written', (_case, names, message) => {
    const generated = generate(fakeRelease(names).dir);
    expect(generated.run.status).toBe(1);
    expect(generated.run.stderr.trim().split('\n')).toHaveLength(1);
    expect(generated.run.stderr.trim()).toMatch(message);
    expect(fs.readdirSync(generated.out)).toEqual([]);
  });

  it('refuses a tag instead of a version', () => {
    const generated = generate(release.dir, `v${VERSION}`);
    expect(generated.run.status).toBe(1);
    expect(generated.run.stderr.trim()).toBe(`release-manifests: not a version: v${VERSION} (expected X.Y.Z, without the v)`);
  });
});
