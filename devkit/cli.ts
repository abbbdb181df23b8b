import { spawn } from 'node:child_process';
import path from 'node:path';
import { waitFor } from './wait';

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

export interface RunningCli {
  child: ReturnType<typeof spawn>;
  stderrSoFar(): string;
  done: Promise<CliResult>;
}

/** Starts the command (`cli`: another install's bin/latchkey.js, say an installed package) with this Node. */
export function startCli(args: string[], env: Record<string, string>, input?: string, cli = CLI): RunningCli {
  const child = spawn(process.execPath, [cli, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
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

/**
 * `latchkey login --device-code --no-browser` against the emulator, approving the code it
 * prints as a person would at the verification page.
 */
export async function deviceLoginCli(
  fake: { startUrl: string; region: string; approveDevice(userCode: string): void },
  env: Record<string, string>,
  extraArgs: string[] = [],
  cli = CLI,
): Promise<CliResult> {
  return approveDeviceCode(
    fake,
    startCli(['login', '--start-url', fake.startUrl, '--region', fake.region, '--device-code', '--no-browser', ...extraArgs], env, undefined, cli),
  );
}

/** Approves at the emulator the user code a running device-code `login` prints; resolves when the command ends. */
export async function approveDeviceCode(fake: { approveDevice(userCode: string): void }, run: RunningCli): Promise<CliResult> {
  const code = await waitFor(() => /code ([A-Z0-9]{4}-[A-Z0-9]{4})/.exec(run.stderrSoFar())?.[1], 15_000, 'the user code');
  fake.approveDevice(code);
  return run.done;
}
