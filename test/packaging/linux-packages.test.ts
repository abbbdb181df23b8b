import fs from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';

// The AppImage and the .deb say where the project lives, who maintains it, where it belongs in a
// menu, and how its desktop entry reads (test/main/packaging.test.ts checks the schema).

const ROOT = path.resolve(__dirname, '../..');
const REPOSITORY = 'https://github.com/latchkey-dev/latchkey';

type Config = Record<string, Record<string, unknown> | undefined>;
const config = yaml.load(fs.readFileSync(path.join(ROOT, 'electron-builder.yml'), 'utf8')) as Config;
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

describe('Linux packages', () => {
  it('package.json names the homepage, repository, issue tracker and author the packages carry', () => {
    expect(pkg.homepage).toBe(REPOSITORY);
    expect(pkg.repository.url).toBe(`git+${REPOSITORY}.git`);
    expect(pkg.bugs.url).toBe(`${REPOSITORY}/issues`);
    expect(pkg.author).toEqual(expect.any(String));
  });

  it('have a maintainer with an address, a vendor, a menu category and a deb section', () => {
    const linux = config.linux ?? {};
    expect(linux.maintainer).toMatch(/^[^<>]+ <[^@\s<>]+@[^@\s<>]+>$/);
    expect(linux.vendor).toEqual(expect.any(String));
    expect(linux.category).toBe('Development');
    expect(linux.synopsis).toEqual(expect.any(String));
    expect(linux.description).toEqual(expect.any(String));
    expect(linux.target).toEqual(['AppImage', 'deb']);
    expect(config.deb?.packageCategory).toBe('devel');
  });

  it('have a desktop entry for the app, not the command', () => {
    const entry = ((config.linux?.desktop ?? {}) as { entry?: Record<string, string> }).entry ?? {};
    expect(entry).toMatchObject({ Name: 'Latchkey', StartupWMClass: config.productName });
    expect(entry.Categories?.split(';')).toContain(config.linux?.category);
    // electron-builder writes Exec from executableName, which must not be the command's name.
    expect(entry.Exec).toBeUndefined();
    expect(config.linux?.executableName).not.toBe('latchkey');
  });
});
