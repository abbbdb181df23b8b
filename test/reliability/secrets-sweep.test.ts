import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeLeaks, SecretMatcher, SecretSweep, secretKind } from '../helpers/secret-sweep-core';
import { REPO } from '../../devkit/cli';

// The secret sweep (test/helpers/secret-sweep.ts) runs over every test file of `npm test`. A
// sweep that silently found nothing would look exactly like a clean run, so this file proves it
// catches leaks: planted-leak fixtures run under the real sweep in a child vitest, and each must
// fail naming where the secret was and its kind — never the secret itself.

interface FileReport {
  name: string;
  status: string;
  message?: string;
}

let out: string;
let reports: FileReport[];

beforeAll(async () => {
  out = await fs.mkdtemp(path.join(os.tmpdir(), 'latchkey-sweep-fixtures-'));
  const child = spawn(
    process.execPath,
    [
      path.join(REPO, 'node_modules/vitest/vitest.mjs'),
      'run',
      '--config',
      'test/reliability/fixtures/secret-sweep/vitest.config.mts',
      '--reporter=json',
      `--outputFile=${path.join(out, 'report.json')}`,
    ],
    // A clean environment: nothing of this vitest run (pool ids, LATCHKEY_*) leaks into the child's.
    { cwd: REPO, env: { HOME: os.homedir(), PATH: process.env.PATH ?? '', SWEEP_FIXTURE_OUT: out }, stdio: 'ignore' },
  );
  await new Promise((resolve) => child.once('close', resolve));
  const report = JSON.parse(await fs.readFile(path.join(out, 'report.json'), 'utf8')) as { testResults: FileReport[] };
  reports = report.testResults;
}, 120_000);

afterAll(async () => {
  await fs.rm(out, { recursive: true, force: true });
});

// Each test checks first that the report does not show the planted secret: the assertions
// after it print the report when they fail.
const reportFor = (fixture: string) => {
  const found = reports.find((r) => path.basename(r.name) === `${fixture}.fixture.ts`);
  if (!found) throw new Error(`the child run did not report ${fixture}.fixture.ts`);
  return found;
};
const planted = (name: string) => fs.readFile(path.join(out, `${name}.secret`), 'utf8');

describe('the secret sweep catches planted leaks', () => {
  it('a refresh token in a file in LATCHKEY_HOME fails the file, naming the file and the kind; the same token in ~/.aws is fine', async () => {
    const r = reportFor('leak-in-home');
    expect((r.message ?? '').includes(await planted('home')), 'the report shows the planted refresh token').toBe(false);
    expect(r.status).toBe('failed');
    expect(r.message).toMatch(/Secret sweep: 1 secret\(s\) found outside the AWS files/);
    expect(r.message).toMatch(/SSO refresh token \(issued by the emulator\) in \/\S+\/\.latchkey\/planted-notes\.txt/);
    expect(r.message).not.toContain('planted.json');
  });

  it('a secret in a debug line of a logger set to "error" fails the file: every logger is swept at debug', async () => {
    const r = reportFor('leak-in-log');
    expect((r.message ?? '').includes(await planted('log')), 'the report shows the planted client secret').toBe(false);
    expect(r.status).toBe('failed');
    expect(r.message).toMatch(/OIDC client secret \(issued by the emulator\) in in-process log line 1: .*DEBUG registered, client <OIDC client secret>/);
  });

  it('a secret on the stderr of a spawned command fails the file, and the command log file is swept too', async () => {
    const r = reportFor('leak-in-output');
    expect((r.message ?? '').includes(await planted('output')), 'the report shows the planted access token').toBe(false);
    expect(r.status).toBe('failed');
    expect(r.message).toMatch(/SSO access token \(issued by the emulator\) in stderr of "latchkey use"/);
    expect(r.message).toMatch(/SSO access token \(issued by the emulator\) in \/\S+\/\.latchkey\/logs\/latchkey\.log/);
  });

  it('a leak removed with unlink or a spawned `rm -rf` (not fs.rm) is still read before it goes', async () => {
    const r = reportFor('leak-removed-otherwise');
    expect((r.message ?? '').includes(await planted('removed')), 'the report shows the planted refresh token').toBe(false);
    expect(r.status).toBe('failed');
    expect(r.message).toMatch(/Secret sweep: 2 secret\(s\) found outside the AWS files/);
    expect(r.message).toMatch(/SSO refresh token \(issued by the emulator\) in \/\S+\/\.latchkey\/unlinked\.txt/);
    expect(r.message).toMatch(/SSO refresh token \(issued by the emulator\) in \/\S+\/\.latchkey\/rm-rf\.txt/);
  });

  it('a clean sign-in, use, credential-process and sign-out passes (no false alarm)', () => {
    const r = reportFor('clean');
    expect(r.message ?? '').toBe('');
    expect(r.status).toBe('passed');
  });
});

describe('the search itself', () => {
  const token = 'aoa' + 'x'.repeat(40) + '/+=';

  it('finds a secret percent-encoded in a URL, and names kinds from the emulator shapes', () => {
    const matcher = new SecretMatcher([{ value: token, kind: secretKind(token) }]);
    const [leak] = matcher.find('a URL', `https://example.test/?t=${encodeURIComponent(token)}`);
    expect(leak?.kind).toBe('SSO access token');
    expect(leak?.excerpt).toContain('t=<SSO access token>');
    expect(secretKind('IQoJb3JpZ2luX2VjE' + 'a'.repeat(300))).toBe('STS session token');
  });

  it('skips the AWS files, also where AWS_SHARED_CREDENTIALS_FILE points outside ~/.aws', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'latchkey-sweep-unit-'));
    try {
      const sweep = new SecretSweep();
      sweep.addSecret(token, 'SSO access token');
      sweep.noteEnv({ AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'creds') });
      await fs.writeFile(path.join(dir, 'creds'), token);
      await fs.mkdir(path.join(dir, '.aws'));
      await fs.writeFile(path.join(dir, '.aws', 'config'), token);
      await fs.writeFile(path.join(dir, 'state.json'), `{"t":"${token}"}`);
      sweep.beforeRemove(dir);
      const { leaks, counts } = sweep.finish();
      expect(leaks.map((l) => path.basename(l.source))).toEqual(['state.json']);
      expect(counts.files).toBe(1);
      expect(describeLeaks(leaks)).not.toContain(token);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
