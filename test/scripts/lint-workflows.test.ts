import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// `npm run lint` runs actionlint on .github/workflows: the release workflow passes, and a broken
// workflow fails with one line per finding.

const ROOT = path.resolve(__dirname, '../..');
const SCRIPT = path.join(ROOT, 'scripts/lint-workflows.mjs');
const lint = (...files: string[]) => spawnSync(process.execPath, [SCRIPT, ...files], { cwd: ROOT, encoding: 'utf8' });

describe('scripts/lint-workflows.mjs', () => {
  it('passes the repository workflows', () => {
    const run = lint();
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/pass actionlint/);
  });

  it('fails a workflow with an unknown runner, a missing job and an undefined matrix key', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'latchkey-workflow-'));
    try {
      const file = path.join(dir, 'broken.yml');
      fs.writeFileSync(
        file,
        [
          'on: push',
          'jobs:',
          '  build:',
          '    runs-on: ubuntu-lates',
          '    steps:',
          '      - run: echo ${{ matrix.os }}',
          '  publish:',
          '    needs: tests',
          '    runs-on: ubuntu-latest',
          '    steps:',
          '      - run: echo done',
          '',
        ].join('\n'),
      );
      const run = lint(file);
      expect(run.status).toBe(1);
      expect(run.stderr).toMatch(/broken\.yml:4:\d+: label "ubuntu-lates" is unknown.* \[runner-label\]/);
      expect(run.stderr).toMatch(/broken\.yml:7:\d+: job "publish" needs job "tests" which does not exist/);
      expect(run.stderr).toMatch(/broken\.yml:6:\d+: property "os" is not defined/);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
