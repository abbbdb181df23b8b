// Writes the package-manager manifests for one release: a Homebrew cask, a Scoop manifest and a
// winget manifest set, each pointing at the release's files on GitHub with their SHA-256.
//
//   node scripts/release-manifests.mjs --version 1.2.3 --artifacts DIR --out DIR
//
// DIR holds the release's files under the names they have on the release (the release workflow
// downloads them with `gh release download`); the checksums are computed from those files, so a
// manifest can only name bytes that were really published. Every file must be one electron-builder
// makes (.dmg, .zip, .exe, .AppImage, .deb, their .blockmap, latest*.yml) and carry the version in
// its name; the arm64 and x64 .dmg and the one Windows installer must be there. Anything else is
// one error line and exit code 1, so a renamed artifact stops the release instead of shipping a
// manifest that points nowhere. The repository, homepage, licence and texts come from package.json.
import { createHash } from 'node:crypto';
import { createReadStream, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const APP_NAME = 'Latchkey';
const CASK_TOKEN = 'latchkey';
const WINGET_ID = 'LatchkeyDev.Latchkey';
const WINGET_MANIFEST_VERSION = '1.6.0';
// Homebrew wants a short description that names neither the platform nor "app".
const SHORT_DESCRIPTION = 'Sign in to AWS IAM Identity Center and keep role credentials fresh';
// Electron 45 runs on macOS 12 and later.
const MACOS_MINIMUM = ':monterey';

class ReleaseError extends Error {}

/** Which release file a name is, or null when electron-builder makes no such file. */
function kindOf(name) {
  if (name.endsWith('.blockmap') || /^latest(-[a-z0-9]+)?\.yml$/.test(name)) return 'update-info';
  if (name.endsWith('.dmg')) return /[-_.]arm64[-_.]/.test(name) ? 'dmg-arm64' : /universal/.test(name) ? 'dmg-universal' : 'dmg-x64';
  if (name.endsWith('.zip')) return 'mac-zip';
  if (name.endsWith('.exe')) return 'windows-installer';
  if (name.endsWith('.AppImage') || name.endsWith('.deb')) return 'linux';
  return null;
}

const REQUIRED = {
  'dmg-arm64': 'the macOS arm64 .dmg',
  'dmg-x64': 'the macOS x64 .dmg',
  'windows-installer': 'the Windows installer (.exe)',
};

async function sha256(path) {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk);
  return hash.digest('hex');
}

/** The release's files by kind, each with its name and SHA-256. */
async function readRelease(dir, version) {
  let names;
  try {
    names = readdirSync(dir).filter((name) => statSync(join(dir, name)).isFile());
  } catch {
    throw new ReleaseError(`cannot read the artifacts folder ${dir}`);
  }
  const unknown = names.filter((name) => kindOf(name) === null);
  if (unknown.length > 0) {
    throw new ReleaseError(`unknown release file(s): ${unknown.join(', ')} (expected .dmg, .zip, .exe, .AppImage, .deb, .blockmap or latest*.yml)`);
  }
  // The version as a whole word of the name: 1.2.3 is not in Latchkey-1.2.30.dmg.
  const versioned = new RegExp(`(^|[^0-9.])${version.replace(/\./g, '\\.')}([^0-9]|\\.[A-Za-z]|$)`);
  const otherVersion = names.filter((name) => kindOf(name) !== 'update-info' && !versioned.test(name));
  if (otherVersion.length > 0) throw new ReleaseError(`not ${version} files: ${otherVersion.join(', ')}`);

  const files = {};
  for (const kind of Object.keys(REQUIRED)) {
    const matching = names.filter((name) => kindOf(name) === kind);
    if (matching.length > 1) throw new ReleaseError(`more than one file for ${REQUIRED[kind]}: ${matching.join(', ')}`);
    if (matching.length === 1) files[kind] = { name: matching[0], sha256: await sha256(join(dir, matching[0])) };
  }
  const missing = Object.keys(REQUIRED).filter((kind) => !files[kind]);
  if (missing.length > 0) throw new ReleaseError(`missing from ${dir}: ${missing.map((kind) => REQUIRED[kind]).join(', ')}`);
  return files;
}

/** owner/name from package.json's `repository` (a GitHub URL). */
function githubRepo(pkg) {
  const url = typeof pkg.repository === 'string' ? pkg.repository : pkg.repository?.url;
  const match = /github\.com[/:]([^/]+\/[^/]+?)(\.git)?$/.exec(url ?? '');
  if (!match) throw new ReleaseError('package.json has no GitHub repository URL');
  return match[1];
}

function downloadUrl(repo, version, name) {
  return `https://github.com/${repo}/releases/download/v${version}/${encodeURIComponent(name)}`;
}

// A Ruby double-quoted string; `#{version}` stands in for the version so the URL follows `version`.
function rubyString(text, version) {
  const escaped = text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/#\{/g, '\\#{');
  return `"${version ? escaped.split(version).join('#{version}') : escaped}"`;
}

function homebrewCask({ version, repo, pkg, files }) {
  const arch = (file) => [`    sha256 ${rubyString(file.sha256)}`, `    url ${rubyString(downloadUrl(repo, version, file.name), version)}`];
  return [
    `cask ${rubyString(CASK_TOKEN)} do`,
    `  version ${rubyString(version)}`,
    '',
    '  on_arm do',
    ...arch(files['dmg-arm64']),
    '  end',
    '  on_intel do',
    ...arch(files['dmg-x64']),
    '  end',
    '',
    `  name ${rubyString(APP_NAME)}`,
    `  desc ${rubyString(SHORT_DESCRIPTION)}`,
    `  homepage ${rubyString(pkg.homepage)}`,
    '',
    '  livecheck do',
    '    url :url',
    '    strategy :github_latest',
    '  end',
    '',
    // The app updates itself (electron-updater).
    '  auto_updates true',
    `  depends_on macos: ">= ${MACOS_MINIMUM}"`,
    '',
    `  app "${APP_NAME}.app"`,
    '',
    '  zap trash: [',
    `    "~/Library/Application Support/${APP_NAME}",`,
    `    "~/Library/Logs/${APP_NAME}",`,
    '    "~/Library/Preferences/dev.latchkey.app.plist",',
    '  ]',
    'end',
    '',
  ].join('\n');
}

function scoopManifest({ version, repo, pkg, files }) {
  const installer = files['windows-installer'];
  // Scoop unpacks the NSIS installer with 7-Zip instead of running it: the app is the inner app-64.7z.
  const unpack = ['Expand-7zipArchive "$dir\\`$PLUGINSDIR\\app-64.7z" "$dir"', 'Remove-Item "$dir\\`$*", "$dir\\Uninstall*" -Recurse'];
  const manifest = {
    version,
    description: pkg.description,
    homepage: pkg.homepage,
    license: pkg.license,
    architecture: {
      '64bit': { url: `${downloadUrl(repo, version, installer.name)}#/dl.7z`, hash: installer.sha256, pre_install: unpack },
    },
    // `latchkey` is the command (npm install -g latchkey); the app's executable must not shadow it.
    bin: [[`${APP_NAME}.exe`, 'latchkey-app']],
    shortcuts: [[`${APP_NAME}.exe`, APP_NAME]],
    checkver: { github: `https://github.com/${repo}` },
    autoupdate: {
      architecture: { '64bit': { url: `${downloadUrl(repo, version, installer.name).split(version).join('$version')}#/dl.7z` } },
    },
  };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

// winget's YAML, every string double-quoted (JSON strings are YAML strings) so "1.10" stays text.
function yamlLines(type, fields) {
  const scalar = (value) => (typeof value === 'string' ? JSON.stringify(value) : String(value));
  const lines = [`# yaml-language-server: $schema=https://aka.ms/winget-manifest.${type}.${WINGET_MANIFEST_VERSION}.schema.json`, ''];
  for (const [key, value] of Object.entries({ ...fields, ManifestType: type, ManifestVersion: WINGET_MANIFEST_VERSION })) {
    if (!Array.isArray(value)) {
      lines.push(`${key}: ${scalar(value)}`);
      continue;
    }
    lines.push(`${key}:`);
    for (const item of value) {
      Object.entries(item).forEach(([itemKey, itemValue], index) => lines.push(`${index === 0 ? '  - ' : '    '}${itemKey}: ${scalar(itemValue)}`));
    }
  }
  return `${lines.join('\n')}\n`;
}

function wingetManifests({ version, repo, pkg, files }) {
  const installer = files['windows-installer'];
  const id = { PackageIdentifier: WINGET_ID, PackageVersion: version };
  return {
    [`${WINGET_ID}.yaml`]: yamlLines('version', { ...id, DefaultLocale: 'en-US' }),
    [`${WINGET_ID}.installer.yaml`]: yamlLines('installer', {
      ...id,
      InstallerType: 'nullsoft',
      // The installer is one-click and per user (electron-builder.yml nsis).
      Scope: 'user',
      UpgradeBehavior: 'install',
      Installers: [{ Architecture: 'x64', InstallerUrl: downloadUrl(repo, version, installer.name), InstallerSha256: installer.sha256.toUpperCase() }],
    }),
    [`${WINGET_ID}.locale.en-US.yaml`]: yamlLines('defaultLocale', {
      ...id,
      PackageLocale: 'en-US',
      Publisher: 'Latchkey developers',
      PublisherUrl: `https://github.com/${repo.split('/')[0]}`,
      PublisherSupportUrl: pkg.bugs?.url ?? `https://github.com/${repo}/issues`,
      PackageName: APP_NAME,
      PackageUrl: pkg.homepage,
      License: pkg.license,
      LicenseUrl: `https://github.com/${repo}/blob/HEAD/LICENSE`,
      ShortDescription: SHORT_DESCRIPTION,
      Description: pkg.description,
      ReleaseNotesUrl: `https://github.com/${repo}/releases/tag/v${version}`,
    }),
  };
}

async function main() {
  const { values } = parseArgs({ options: { version: { type: 'string' }, artifacts: { type: 'string' }, out: { type: 'string' } } });
  if (!values.version || !values.artifacts || !values.out) {
    throw new ReleaseError('usage: node scripts/release-manifests.mjs --version X.Y.Z --artifacts DIR --out DIR');
  }
  const version = values.version;
  if (!/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(version)) throw new ReleaseError(`not a version: ${version} (expected X.Y.Z, without the v)`);
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  const release = { version, repo: githubRepo(pkg), pkg, files: await readRelease(values.artifacts, version) };
  const outputs = {
    [`${CASK_TOKEN}.rb`]: homebrewCask(release),
    [`${CASK_TOKEN}.json`]: scoopManifest(release),
    ...wingetManifests(release),
  };
  mkdirSync(values.out, { recursive: true });
  for (const [name, text] of Object.entries(outputs)) {
    writeFileSync(join(values.out, name), text);
    console.log(join(values.out, name));
  }
}

main().catch((error) => {
  console.error(`release-manifests: ${error instanceof ReleaseError ? error.message : String(error?.message ?? error)}`);
  process.exitCode = 1;
});
