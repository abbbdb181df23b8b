import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from '../../devkit/cli';

// The layers that must stay apart: what ships (src/) uses neither the devkit nor the tests, and
// what the harness and the benchmarks run (harness/, bench/, devkit/) never reaches into test/.

const SOURCE = /\.(ts|tsx|mts|cts|js|mjs|cjs)$/;

function sourceFiles(dir: string): string[] {
  return fs
    .readdirSync(path.join(REPO, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && SOURCE.test(e.name))
    .map((e) => path.relative(REPO, path.join(e.parentPath, e.name)));
}

/** Every relative module a file names: import/export … from, import(), require(), vi.mock(). */
function relativeImports(file: string): string[] {
  const text = fs.readFileSync(path.join(REPO, file), 'utf8');
  const specs = [...text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*|\bmock\s*\(\s*)(['"])(\.{1,2}\/[^'"]*)\1/g)].map((m) => m[2]!);
  return specs.map((s) => path.relative(REPO, path.resolve(path.dirname(path.join(REPO, file)), s)));
}

/** "file → target" for every import of a file under `dirs` that lands under one of `forbidden`. */
function crossings(dirs: string[], forbidden: string[]): string[] {
  return dirs.flatMap((dir) =>
    sourceFiles(dir).flatMap((file) =>
      relativeImports(file)
        .filter((target) => forbidden.some((f) => target === f || target.startsWith(`${f}/`)))
        .map((target) => `${file} → ${target}`),
    ),
  );
}

describe('what is not shipped stays out of what is', () => {
  it('finds the imports it checks (the scan itself works)', () => {
    expect(relativeImports('harness/server.ts')).toContain('devkit/fake-aws/index');
    expect(crossings(['test/devkit'], ['devkit'])).not.toEqual([]);
  });

  it('src/ imports nothing from devkit/ or test/', () => {
    expect(crossings(['src'], ['devkit', 'test'])).toEqual([]);
  });

  it('harness/, bench/ and devkit/ import nothing from test/', () => {
    expect(crossings(['harness', 'bench', 'devkit'], ['test'])).toEqual([]);
  });
});
