import { EventEmitter } from 'node:events';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { STOPPED_EARLY, exitWhenSettled } from '../../src/cli/exit-guard';
import { runCli } from '../../devkit/cli';
import { tempHome, type TempHome } from '../../devkit/home';

// A command whose work can never finish must not end with exit code 0: scripts and SDKs would
// take that for success.

let home: TempHome;
beforeEach(async () => {
  home = await tempHome();
});
afterEach(async () => {
  await home.cleanup();
});

describe('the built command, when its work can never finish', () => {
  it('says so in one line and exits 1 instead of ending with 0', async () => {
    const stalled = { ...home.env, NODE_OPTIONS: `--require "${path.join(__dirname, 'fixtures/stall-file-reads.cjs')}"` };
    // A session, so credential-process gets past its synchronous cache lookup to reading the token.
    await fs.mkdir(path.dirname(home.env.AWS_CONFIG_FILE!), { recursive: true });
    await fs.writeFile(home.env.AWS_CONFIG_FILE!, '[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\n');
    for (const args of [
      ['sessions', '--json'],
      ['roles', '--json'],
      ['credential-process', '111122223333/ReadOnlyAccess'],
    ]) {
      const r = await runCli(args, stalled);
      expect(r, args.join(' ')).toEqual({ code: 1, stdout: '', stderr: `${STOPPED_EARLY}\n` });
    }
    // The same command with nothing stalled finishes as usual.
    const sessions = await runCli(['sessions', '--json'], home.env);
    expect([sessions.code, sessions.stderr, (JSON.parse(sessions.stdout) as { name: string }[]).map((s) => s.name)]).toEqual([0, '', ['corp']]);
  });
});

describe('exitWhenSettled', () => {
  const fakeProcess = () => Object.assign(new EventEmitter(), { exitCode: undefined as number | string | null | undefined });

  it('sets the exit code of the settled command and stays quiet when the loop empties afterwards', async () => {
    const proc = fakeProcess();
    const lines: string[] = [];
    exitWhenSettled(Promise.resolve(2), (t) => lines.push(t), proc);
    await new Promise((r) => setImmediate(r));
    proc.emit('beforeExit', 2);
    expect([proc.exitCode, lines]).toEqual([2, []]);
    exitWhenSettled(Promise.reject(new Error('bug')), (t) => lines.push(t), proc);
    await new Promise((r) => setImmediate(r));
    expect([proc.exitCode, lines]).toEqual([1, []]);
  });

  it('reports a command still pending when the loop empties, once, with exit code 1', () => {
    const proc = fakeProcess();
    const lines: string[] = [];
    exitWhenSettled(new Promise<number>(() => {}), (t) => lines.push(t), proc);
    proc.emit('beforeExit', 0);
    proc.emit('beforeExit', 1);
    expect([proc.exitCode, lines]).toEqual([1, [`${STOPPED_EARLY}\n`]]);
  });
});
