import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export const REPO = path.resolve(__dirname, '..');
export const CLI = path.join(REPO, 'bin/latchkey.js');
/** BROWSER for spawned commands: the emulator's stand-in browser, which clicks Approve
 * (FAKE_BROWSER_DECISION=deny|none to change that; FAKE_BROWSER_LOG=file records the URLs). */
export const FAKE_BROWSER = `${process.execPath} ${path.join(REPO, 'devkit/fake-aws/fake-browser.mjs')}`;

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The environment of a HOME with nothing of the machine's AWS set-up leaking in. */
export function homeEnv(home: string): Record<string, string> {
  return {
    HOME: home,
    PATH: process.env.PATH ?? '',
    LATCHKEY_HOME: path.join(home, '.latchkey'),
    // No ambient AWS settings from the machine running the tests.
    AWS_CONFIG_FILE: path.join(home, '.aws', 'config'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(home, '.aws', 'credentials'),
    // The test run logs at debug to LATCHKEY_HOME/logs (vitest.config.ts); the secret sweep reads it.
    ...(process.env.LATCHKEY_LOG_LEVEL ? { LATCHKEY_LOG_LEVEL: process.env.LATCHKEY_LOG_LEVEL } : {}),
  };
}

/** A temporary HOME with nothing of the machine's AWS set-up leaking in. */
export async function makeHome(): Promise<{ home: string; env: Record<string, string>; cleanup: () => Promise<void> }> {
  const home = await fs.mkdtemp(path.join(os.tmpdir(), 'latchkey-home-'));
  return { home, env: homeEnv(home), cleanup: () => fs.rm(home, { recursive: true, force: true }) };
}

export interface RunningCli {
  child: ReturnType<typeof spawn>;
  stderrSoFar(): string;
  done: Promise<CliResult>;
}

export function startCli(args: string[], env: Record<string, string>, input?: string): RunningCli {
  const child = spawn(process.execPath, [CLI, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  if (input !== undefined) child.stdin!.end(input);
  else child.stdin!.end();
  const done = new Promise<CliResult>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
  return { child, stderrSoFar: () => stderr, done };
}

export function runCli(args: string[], env: Record<string, string>): Promise<CliResult> {
  return startCli(args, env).done;
}

import { waitFor } from './wait';

export { waitFor };

/**
 * `latchkey login --device-code --no-browser` against the emulator, approving the code it
 * prints as a person would at the verification page.
 */
export async function deviceLoginCli(
  fake: { startUrl: string; region: string; approveDevice(userCode: string): void },
  env: Record<string, string>,
  extraArgs: string[] = [],
): Promise<CliResult> {
  const run = startCli(['login', '--start-url', fake.startUrl, '--region', fake.region, '--device-code', '--no-browser', ...extraArgs], env);
  const code = await waitFor(() => /code ([A-Z0-9]{4}-[A-Z0-9]{4})/.exec(run.stderrSoFar())?.[1], 15_000, 'the user code');
  fake.approveDevice(code);
  return run.done;
}
