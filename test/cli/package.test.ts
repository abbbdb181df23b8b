import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO, deviceLoginCli, type CliResult } from '../../devkit/cli';
import { tempHome } from '../../devkit/home';
import { whoAmI } from '../../devkit/who-am-i';
import { startFakeForTest } from '../helpers/per-test';

// What `npm install -g latchkey` gives a person: the package packed from this checkout, installed
// globally into an empty prefix, then used from that prefix's bin with no clone and no build.

/** Packages that belong to the app or to development, never to the installed command. */
const HEAVY = [
  'electron',
  'electron-builder',
  'electron-store',
  'electron-vite',
  'react',
  'react-dom',
  'i18next',
  'vite',
  'vitest',
  'typescript',
  'esbuild',
  'tsx',
  'eslint',
  'prettier',
  'playwright-core',
  '@vitejs/plugin-react',
];
/** Bundled into out/cli/vendor (scripts/build-cli.mjs): as packages they are thousands of small files. */
const VENDORED = ['zod', '@aws-sdk/', '@smithy/'];
const MAX_INSTALLED_BYTES = 25 * 1024 * 1024;
/** The allocation unit of common file systems: a file takes whole blocks on disk, as `du` counts. */
const BLOCK = 4096;

const { version } = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string };

let scratch: string;
let prefix: string;
let installedPackage: string;
/** PATH with this test's Node first, so the bin's `#!/usr/bin/env node` runs the Node under test. */
const PATH = `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ''}`;

function run(file: string, args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(file, args, { ...options, env: options.env ?? { ...process.env, PATH }, encoding: 'utf8', timeout: 90_000 }, (err, stdout, stderr) =>
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }),
    );
  });
}

function npm(args: string[], cwd: string): Promise<CliResult> {
  return run('npm', [...args, '--no-audit', '--no-fund', '--no-update-notifier'], { cwd });
}

/** Every package name under any node_modules of `dir`, scoped ones as @scope/name. */
function installedPackages(dir: string): string[] {
  const names: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isDirectory() || path.basename(entry.parentPath) === '.bin') continue;
    const parent = path.basename(entry.parentPath);
    if (parent === 'node_modules' && !entry.name.startsWith('@')) names.push(entry.name);
    else if (path.basename(path.dirname(entry.parentPath)) === 'node_modules' && parent.startsWith('@')) names.push(`${parent}/${entry.name}`);
  }
  return names;
}

/** Sizes of every file under `dir`. */
function fileSizes(dir: string): number[] {
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => fs.statSync(path.join(e.parentPath, e.name)).size);
}

const sum = (ns: number[]) => ns.reduce((a, b) => a + b, 0);
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

beforeAll(async () => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'latchkey-package-'));
  prefix = path.join(scratch, 'prefix');
  // The bundle is already built (global setup, or `npm run build` in `npm test`); packing without
  // prepack keeps other tests' running commands from seeing it rewritten mid-run.
  const packed = await npm(['pack', '--ignore-scripts', '--json', '--pack-destination', scratch], REPO);
  expect(packed.code, packed.stderr).toBe(0);
  const [{ filename }] = JSON.parse(packed.stdout) as [{ filename: string }];
  const installed = await npm(['install', '--global', '--prefix', prefix, '--prefer-offline', path.join(scratch, filename)], scratch);
  expect(installed.code, installed.stderr).toBe(0);
  installedPackage = path.join(prefix, 'lib', 'node_modules', 'latchkey');
}, 120_000);

afterAll(() => {
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
});

describe('the latchkey package, installed globally into an empty prefix', () => {
  const bin = () => path.join(prefix, 'bin', 'latchkey');

  it('prints its version and its usage from the prefix’s bin', async () => {
    const v = await run(bin(), ['--version']);
    expect(v).toMatchObject({ code: 0, stderr: '' });
    expect(v.stdout.trim()).toBe(`latchkey ${version}`);
    const help = await run(bin(), ['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: latchkey <command>');
  });

  it('holds the command and its run-time packages only: nothing of the app or of development, at most 25 MB', () => {
    expect(fs.readdirSync(installedPackage).sort()).toEqual(expect.arrayContaining(['bin', 'out', 'package.json']));
    for (const dir of ['src', 'test', 'devkit', 'harness', 'bench', 'assets', 'scripts'])
      expect(fs.existsSync(path.join(installedPackage, dir)), dir).toBe(false);
    expect(fs.readdirSync(path.join(installedPackage, 'out', 'cli')).sort()).toEqual([
      'cached-credential-process.cjs',
      'fast-status.cjs',
      'latchkey.cjs',
      'vendor',
    ]);
    const packages = installedPackages(installedPackage);
    expect(packages).toContain('open');
    expect(packages.filter((p) => HEAVY.includes(p))).toEqual([]);
    expect(packages.filter((p) => VENDORED.some((v) => p === v || p.startsWith(v)))).toEqual([]);
    // Both what the files hold and what they take on disk (whole blocks, as `du` counts them).
    const sizes = fileSizes(prefix);
    const bytes = sum(sizes);
    const onDisk = sum(sizes.map((n) => Math.ceil(n / BLOCK) * BLOCK));
    console.log(`[package] installed tree: ${mb(bytes)} in ${sizes.length} files, ${mb(onDisk)} on disk, ${packages.length} packages`);
    expect(bytes).toBeLessThanOrEqual(MAX_INSTALLED_BYTES);
    expect(onDisk).toBeLessThanOrEqual(MAX_INSTALLED_BYTES);
  });

  it('signs in to the emulator, serves credential-process, fresh then cached, and prints the status', async () => {
    const fake = await startFakeForTest({ accounts: 1, rolesPerAccount: 1, deviceInterval: 0.2 });
    const home = await tempHome('package');
    try {
      const env = { ...home.env, ...fake.env, PATH };
      const login = await deviceLoginCli(fake, env, [], path.join(installedPackage, 'bin', 'latchkey.js'));
      expect(login.code, login.stderr).toBe(0);
      const role = `${fake.accounts[0]!.accountId}/${fake.accounts[0]!.roles[0]}`;

      const fresh = await run(bin(), ['credential-process', role], { env });
      expect(fresh.code, fresh.stderr).toBe(0);
      const keys = JSON.parse(fresh.stdout) as { Version: number; AccessKeyId: string; SecretAccessKey: string; SessionToken: string };
      expect(keys.Version).toBe(1);
      const id = await whoAmI(fake, { accessKeyId: keys.AccessKeyId, secretAccessKey: keys.SecretAccessKey, sessionToken: keys.SessionToken });
      expect(id.account).toBe(fake.accounts[0]!.accountId);

      const portalCalls = fake.stats().portal.total;
      const cached = await run(bin(), ['credential-process', role], { env });
      expect(cached.code, cached.stderr).toBe(0);
      expect((JSON.parse(cached.stdout) as { AccessKeyId: string }).AccessKeyId).toBe(keys.AccessKeyId);
      expect(fake.stats().portal.total).toBe(portalCalls);

      // The prompt's status, from its own small bundle in the package.
      const status = await run(bin(), ['status'], { env });
      expect(status.code, status.stderr).toBe(0);
      expect(status.stdout).toMatch(/^session \S+: signed in, /m);
    } finally {
      await home.cleanup();
    }
  });
});
