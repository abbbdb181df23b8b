import { builtinModules } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// electron-builder packs package.json's `dependencies` into the app, and `dependencies` hold only
// what the published command needs at run time: every package the built main process loads must
// be one of them, or bundled into out/main (electron-vite bundles every other package, as it does
// zod and the AWS SDK), or it is missing from the app.

const ROOT = path.resolve(__dirname, '../..');
const OUT_MAIN = path.join(ROOT, 'out/main');

/** Packages named by require()/import() in the built main process; code generators' template
 * strings (a backtick right before `require(`) and advice in error messages (the AWS SDK's
 * "calling [require('…');]") are text, not loads. */
function loadedPackages(): string[] {
  const names = new Set<string>();
  for (const entry of fs.readdirSync(OUT_MAIN, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.js')) continue;
    const text = fs.readFileSync(path.join(entry.parentPath, entry.name), 'utf8');
    for (const m of text.matchAll(/([`[]?)\b(?:require|import)\(\s*["']([^"'./][^"']*)["']\s*\)/g)) {
      if (m[1]) continue;
      const spec = m[2]!;
      if (spec.startsWith('node:') || builtinModules.includes(spec)) continue;
      names.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);
    }
  }
  return [...names].sort();
}

describe('the built main process (out/main)', () => {
  const built = fs.existsSync(path.join(OUT_MAIN, 'index.js'));

  it('exists (npm run build makes it; npm test builds before it tests)', () => {
    expect(built, `${OUT_MAIN}/index.js is missing: run npm run build`).toBe(true);
  });

  it.runIf(built)('loads only Electron and packages in `dependencies`, which electron-builder ships', () => {
    const { dependencies } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    const loaded = loadedPackages();
    expect(loaded).toContain('electron');
    expect(loaded.filter((name) => name !== 'electron' && !(name in dependencies))).toEqual([]);
  });
});
