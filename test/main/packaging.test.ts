import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// electron-builder's configuration: valid against its own schema, the binary hardened with
// fuses, a menu-bar app on macOS, the installers asked for, and the art they need present.

const ROOT = path.resolve(__dirname, '../..');
const require = createRequire(import.meta.url);
const yaml = require('js-yaml') as { load(text: string): unknown };
const config = yaml.load(fs.readFileSync(path.join(ROOT, 'electron-builder.yml'), 'utf8')) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('electron-builder.yml', () => {
  it('passes electron-builder’s schema', () => {
    const Ajv = require('ajv') as new (o: object) => { compile(s: object): ((d: unknown) => boolean) & { errors?: unknown } };
    const validate = new Ajv({ allErrors: true, strict: false }).compile(require('app-builder-lib/scheme.json'));
    expect(validate(config), JSON.stringify(validate.errors)).toBe(true);
  });

  it('burns the fuses: no run-as-node, NODE_OPTIONS or inspect flags; only an integrity-checked asar', () => {
    expect(config.asar).toBe(true);
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableCookieEncryption: true,
      // Unsigned arm64 builds get a fresh ad-hoc signature, without which macOS refuses to start them.
      resetAdHocDarwinSignature: true,
    });
  });

  it('builds dmg+zip (no Dock icon), nsis, AppImage+deb, with icons that exist', () => {
    expect(config.mac.target).toEqual(['dmg', 'zip']);
    expect(config.mac.extendInfo.LSUIElement).toBe(true);
    expect(config.win.target).toEqual(['nsis']);
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    for (const icon of [config.mac.icon, config.win.icon, config.linux.icon]) expect(fs.existsSync(path.join(ROOT, icon)), icon).toBe(true);
  });

  it('ships the built app and the tray art, nothing else of the repository', () => {
    expect(config.files).toEqual(expect.arrayContaining(['out/**', 'package.json', 'assets/tray/**']));
    expect(config.files.some((f: string) => f.startsWith('src') || f.startsWith('test') || f.startsWith('harness'))).toBe(false);
    expect(config.files).toContain('!**/*.map');
    expect(JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).main).toBe('out/main/index.js');
  });
});
