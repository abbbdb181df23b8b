import { spawnSync } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatEnvironment, quoteCmd, quoteDotenv, quoteFish, quotePowerShell, type EnvFormat } from '../../../src/core/aws/env-exports';
import { LatchkeyError } from '../../../src/core/errors';
import { tempHome, type TempHome } from '../../../devkit/home';

// Whatever a value holds, the shell that evaluates `latchkey env` gets exactly that value, and
// runs nothing of it. Values are drawn from the characters shells treat specially.

const SPECIAL = [...`'"\`$%!\\\n\r\t ;&|<>(){}[]*?#~=,^@:/+.-`, '\u2018', '\u2019', '\u201c', 'é', '$(touch pwned)', '`touch pwned`', '%PATH%', '${HOME}'];
const value = fc.array(fc.oneof(fc.constantFrom(...SPECIAL), fc.string({ maxLength: 3 })), { maxLength: 12 }).map((parts) => parts.join('').replace(/\0/g, ''));
const samples = (n: number) => fc.sample(value, { numRuns: n, seed: 1414 });

let home: TempHome;
beforeAll(async () => {
  home = await tempHome('env-quoting');
});
afterAll(async () => {
  await home.cleanup();
});

const has = (shell: string) => spawnSync(shell, ['-c', 'true']).status === 0;
const names = (values: string[]) => values.map((_, i) => `LK_FUZZ_${i}`);

/** Evaluates the output in a real POSIX shell and reads the variables back, NUL-separated. */
async function evalInPosixShell(shell: string, values: string[]): Promise<string[]> {
  const file = path.join(home.home, `${shell}.env`);
  await fs.writeFile(file, formatEnvironment({ set: values.map((v, i) => [names(values)[i]!, v]), unset: ['LK_GONE'] }, 'sh'));
  const read = names(values)
    .map((n) => `"$${n}"`)
    .join(' ');
  const r = spawnSync(shell, ['-c', `. "$1"; printf '%s\\0' ${read} "\${LK_GONE-unset}"`, shell, file], {
    cwd: home.home,
    // stdin not a socket (libuv's pipes are), or bash reads ~/.bashrc as for a remote shell.
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { PATH: process.env.PATH ?? '', HOME: home.home, LK_GONE: 'was set' },
    encoding: 'utf8',
  });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  const out = r.stdout.split('\0');
  expect(out[values.length]).toBe('unset');
  return out.slice(0, values.length);
}

describe('latchkey env formats: the quoting fuzz', () => {
  const values = samples(300);

  for (const shell of ['bash', 'dash', 'sh', 'zsh']) {
    if (!has(shell)) console.warn(`[env quoting] ${shell} is not installed: skipped evaluating the sh format in it`);
    it.skipIf(!has(shell))(`${shell} evaluates the sh format to exactly the values, running nothing`, async () => {
      expect(await evalInPosixShell(shell, values)).toEqual(values);
      await expect(fs.access(path.join(home.home, 'pwned'))).rejects.toThrow();
    });
  }

  it("fish: single quotes with only \\\\ and \\' escaped read back exactly", () => {
    if (!has('fish')) console.warn('[env quoting] fish is not installed: its format is checked against its quoting rules only');
    for (const v of values) {
      const quoted = quoteFish(v);
      expect(unquoteSingle(quoted, (body) => body.replace(/\\([\\'])/g, '$1'), /(^|[^\\])(\\\\)*'/)).toBe(v);
    }
    if (has('fish')) {
      const script = formatEnvironment({ set: values.map((v, i) => [`LK_FUZZ_${i}`, v]), unset: [] }, 'fish');
      const r = spawnSync('fish', ['-c', `${script}\nfor n in (seq 0 ${values.length - 1}); set -l v LK_FUZZ_$n; printf '%s\\0' $$v; end`], {
        encoding: 'utf8',
      });
      expect(r.stdout.split('\0').slice(0, values.length)).toEqual(values);
    }
  });

  it('PowerShell: single quotes with every quote doubled (typographic ones too) read back exactly', () => {
    if (!has('pwsh')) console.warn('[env quoting] pwsh is not installed: its format is checked against its quoting rules only');
    for (const v of values) {
      const quoted = quotePowerShell(v);
      const body = quoted.slice(1, -1);
      // Every quote inside comes in pairs, so none ends the string early.
      expect(body.replace(/(['\u2018\u2019\u201a\u201b])\1/g, '')).not.toMatch(/['\u2018\u2019\u201a\u201b]/);
      expect(body.replace(/(['\u2018\u2019\u201a\u201b])\1/g, '$1')).toBe(v);
    }
    expect(formatEnvironment({ set: [['A', "it's $x"]], unset: ['AWS_PROFILE'] }, 'powershell')).toBe(
      "Remove-Item Env:AWS_PROFILE -ErrorAction SilentlyContinue\n$Env:A = 'it''s $x'\n",
    );
  });

  it('cmd: % doubled inside set "NAME=value"; a value cmd cannot hold is refused, never mangled', () => {
    for (const v of values) {
      if (/["\r\n]/.test(v)) {
        expect(() => quoteCmd('A', v)).toThrow(LatchkeyError);
        continue;
      }
      const line = formatEnvironment({ set: [['A', v]], unset: [] }, 'cmd');
      expect(line.startsWith('set "A=') && line.endsWith('"\n')).toBe(true);
      // A batch file turns %% into %, and inside the quotes nothing else is special.
      expect(line.slice('set "A='.length, -2).replace(/%%/g, '%')).toBe(v);
      expect(line.slice('set "A='.length, -2).replace(/%%/g, '')).not.toContain('%');
    }
  });

  it('json round-trips through a JSON parser', () => {
    const set = values.map((v, i) => [`V${i}`, v] as [string, string]);
    expect(JSON.parse(formatEnvironment({ set, unset: ['AWS_PROFILE'] }, 'json'))).toEqual(Object.fromEntries(set));
  });

  const hasDotenv = spawnSync('python3', ['-c', 'import dotenv']).status === 0;
  it('dotenv round-trips through python-dotenv', () => {
    if (!hasDotenv) {
      console.warn('[env quoting] python-dotenv is not installed: dotenv checked by its escapes only');
      return;
    }
    for (const v of values.filter((v) => /\\("|$)/.test(v))) expect(() => quoteDotenv('A', v)).toThrow(LatchkeyError);
    const set = values.filter((v) => !/\\("|$)/.test(v)).map((v, i) => [`V${i}`, v] as [string, string]);
    const text = formatEnvironment({ set, unset: ['AWS_PROFILE'] }, 'dotenv');
    expect(text).not.toContain('AWS_PROFILE');
    const r = spawnSync(
      'python3',
      ['-c', 'import sys, json, io, dotenv; print(json.dumps(dotenv.dotenv_values(stream=io.StringIO(sys.stdin.read()), interpolate=False)))'],
      { input: text, encoding: 'utf8' },
    );
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(Object.fromEntries(set));
  });

  it('every format clears AWS_PROFILE where it can', () => {
    const change = { set: [['AWS_ACCESS_KEY_ID', 'ASIAEXAMPLE']] as [string, string][], unset: ['AWS_PROFILE'] };
    const cleared: Record<EnvFormat, string> = {
      sh: 'unset AWS_PROFILE',
      fish: 'set -e AWS_PROFILE',
      powershell: 'Remove-Item Env:AWS_PROFILE',
      cmd: 'set "AWS_PROFILE="',
      json: '',
      dotenv: '',
    };
    for (const [format, line] of Object.entries(cleared)) {
      const text = formatEnvironment(change, format as EnvFormat);
      if (line) expect(text.split('\n')[0]).toContain(line);
      expect(text).toContain('ASIAEXAMPLE');
    }
  });
});

/** The body of a single-quoted string, checking that no unescaped quote ends it early. */
function unquoteSingle(quoted: string, decode: (body: string) => string, earlyEnd: RegExp): string {
  expect(quoted.startsWith("'") && quoted.endsWith("'")).toBe(true);
  const body = quoted.slice(1, -1);
  expect(earlyEnd.test(body)).toBe(false);
  return decode(body);
}
