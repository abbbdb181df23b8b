import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// `npm run security` fails on an unsilenced HIGH/MEDIUM finding, on a silence without a reason
// and on a file it cannot parse, and passes a finding silenced on its line with one (JS and JSX alike).

const SCRIPT = path.resolve(__dirname, '../../scripts/electronegativity.mjs');

describe('scripts/electronegativity.mjs', () => {
  it('fails on insecure window options, a reasonless silence and an unparsable file; accepts silences with reasons', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'latchkey-eng-fixture-'));
    try {
      fs.writeFileSync(
        path.join(dir, 'main.js'),
        [
          "const { BrowserWindow, shell } = require('electron');",
          'const win = new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false, sandbox: false } });',
          'shell.openExternal(process.argv[2]); // eng-disable OPEN_EXTERNAL_JS_CHECK -- fixture: checked against an allow-list',
          'shell.openExternal(process.argv[3]); // eng-disable OPEN_EXTERNAL_JS_CHECK',
          'module.exports = win;',
        ].join('\n'),
      );
      fs.writeFileSync(
        path.join(dir, 'view.tsx'),
        [
          '// (A silence on the first line would cover the whole file, so the views start on line 2.)',
          'export const A = ({ u, api }: { u: string; api: any }) => <button /* eng-disable OPEN_EXTERNAL_JS_CHECK -- fixture: main checks the URL */ onClick={() => api.openExternal(u)}>a</button>;',
          'export const B = ({ u, api }: { u: string; api: any }) => <button onClick={() => api.openExternal(u)}>b</button>;',
        ].join('\n'),
      );
      fs.writeFileSync(path.join(dir, 'broken.ts'), 'export const broken = (;\n');
      const run = spawnSync(process.execPath, [SCRIPT, '--input', dir], { encoding: 'utf8' });
      expect(run.status, run.stdout + run.stderr).toBe(1);
      expect(run.stderr).toMatch(/HIGH CONTEXT_ISOLATION_JS_CHECK main\.js:2/);
      expect(run.stderr).toMatch(/MEDIUM SANDBOX_JS_CHECK main\.js:2/);
      expect(run.stderr).toMatch(/MEDIUM OPEN_EXTERNAL_JS_CHECK view\.tsx:3:/);
      expect(run.stderr).not.toMatch(/view\.tsx:2:/);
      expect(run.stderr).not.toMatch(/OPEN_EXTERNAL_JS_CHECK main\.js:3/);
      expect(run.stderr).toMatch(/SILENCED WITHOUT A REASON main\.js:4/);
      expect(run.stderr).toMatch(/NOT SCANNED \(parse error\) broken\.ts/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
