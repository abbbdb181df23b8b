// Vitest setup file: the issue-6 secret sweep over the WHOLE suite. For each test file it
// collects every secret the emulators issued (devkit/fake-aws announces itself through
// devkit/fake-aws/started.ts) and searches, for each of them:
//  - every line every in-process logger wrote, at debug level whatever level the test chose
//    (createLogger is wrapped below; the test still sees only the lines at its own level);
//  - stdout and stderr of every spawned `latchkey`, except the outputs that carry credentials
//    by contract (credential-process and env stdout, console --print stdout, and exec's stdout,
//    which is CMD's own: tests have CMD print the credentials it was given; serve prints its
//    endpoints' tokens, which the emulator did not issue);
//  - every file under every temp folder the test used — searched just before the test removes
//    it, and at the end for what is left — except the AWS files (under .aws/, or where
//    AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE point, for a spawned command or an in-process
//    context — createContext is wrapped to see its env). That includes LATCHKEY_HOME and the
//    log file every spawned command writes (vitest.config.ts sets LATCHKEY_LOG_LEVEL=debug).
// A leak fails the test file, naming the file or source and the kind of secret, never the secret.
// LATCHKEY_SWEEP_VERBOSE=1 prints what each file's sweep searched.
import childProcess from 'node:child_process';
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { promisify } from 'node:util';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, vi } from 'vitest';
import { describeLeaks, SecretSweep } from './secret-sweep-core';
import { onFakeAwsStarted } from '../../devkit/fake-aws/started';

interface SweepHooks {
  current: SecretSweep | undefined;
}
const HOOKS_KEY = Symbol.for('latchkey.secretSweep');
const globals = globalThis as unknown as Record<symbol, SweepHooks | undefined>;

vi.mock('../../src/core/log', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/core/log')>();
  // Read through globalThis: the factory runs apart from this file's module scope.
  const hooks = (globalThis as unknown as Record<symbol, SweepHooks | undefined>)[Symbol.for('latchkey.secretSweep')];
  // Every logger logs at debug; lines below the level the caller asked for reach only the sweep.
  const createLogger: typeof real.createLogger = (sink, level = 'info', clock) =>
    real.createLogger(
      (line, lvl) => {
        hooks?.current?.logLine(line);
        if (real.levelPasses(lvl, level)) sink(line, lvl);
      },
      'debug',
      clock,
    );
  const createLoggerFor: typeof real.createLoggerFor = (outputs, clock) =>
    createLogger(
      (line, lvl) => {
        for (const o of outputs) if (real.levelPasses(lvl, o.level)) o.sink(line, lvl);
      },
      'debug',
      clock,
    );
  return { ...real, createLogger, createLoggerFor, silentLogger: createLogger(() => undefined, 'error') };
});

// In-process contexts may point the AWS files anywhere (AWS_SHARED_CREDENTIALS_FILE in a temp
// folder): those files are AWS files too, not leaks.
vi.mock('../../src/core/context', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/core/context')>();
  const hooks = (globalThis as unknown as Record<symbol, SweepHooks | undefined>)[Symbol.for('latchkey.secretSweep')];
  const createContext: typeof real.createContext = (overrides = {}) => {
    hooks?.current?.noteEnv(overrides.env);
    return real.createContext(overrides);
  };
  return { ...real, createContext };
});

const hooks = (globals[HOOKS_KEY] ??= installHooks());
const sweep = new SecretSweep();
hooks.current = sweep;
// A spawned command whose env lost LATCHKEY_HOME writes to the real one: search it at the end too.
sweep.tempDirCreated(path.join(os.homedir(), '.latchkey'));
onFakeAwsStarted((fake, options) => sweep.addFake(fake, options));

afterAll(() => {
  const result = sweep.finish();
  hooks.current = undefined;
  onFakeAwsStarted(undefined);
  if (process.env.LATCHKEY_SWEEP_VERBOSE) {
    const c = result.counts;
    const file = path.relative(process.cwd(), expect.getState().testPath ?? '?');
    console.log(
      `secret sweep ${file}: ${result.secrets} secrets; ${c.files} files (${c.bytes} bytes), ${c.lines} log lines, ${c.outputs} command outputs; ${result.leaks.length} leaks`,
    );
  }
  if (result.leaks.length) throw new Error(describeLeaks(result.leaks));
});

/** Patches fs and child_process once per worker process; every patch reports to the running file's sweep. */
function installHooks(): SweepHooks {
  const state: SweepHooks = { current: undefined };
  const tmp = fs.realpathSync(os.tmpdir());
  const inTmp = (p: unknown) => {
    if (typeof p !== 'string' && !(p instanceof URL)) return undefined;
    const abs = path.resolve(p instanceof URL ? p.pathname : p);
    return abs.startsWith(tmp + path.sep) || abs.startsWith(os.tmpdir() + path.sep) ? abs : undefined;
  };
  const beforeRemove = (p: unknown) => {
    const abs = inTmp(p);
    if (abs) state.current?.beforeRemove(abs);
  };
  const created = (dir: unknown) => {
    if (typeof dir === 'string') state.current?.tempDirCreated(dir);
  };

  const rm = fs.rm;
  const rmSync = fs.rmSync;
  const rmPromise = fs.promises.rm;
  fs.rm = ((p: fs.PathLike, ...rest: unknown[]) => {
    beforeRemove(p);
    return (rm as (...a: unknown[]) => void)(p, ...rest);
  }) as typeof fs.rm;
  fs.rmSync = (p, options) => {
    beforeRemove(p);
    return rmSync(p, options);
  };
  fs.promises.rm = async (p, options) => {
    beforeRemove(p);
    return rmPromise(p, options);
  };
  // rmdir and unlink remove files too (one log file; a HOME through rmdir's old recursive
  // option, or a library such as rimraf built on them): read what they remove first.
  const readFirst = <F>(original: F): F =>
    ((p: unknown, ...rest: unknown[]) => {
      beforeRemove(p);
      return (original as (...a: unknown[]) => unknown)(p, ...rest);
    }) as F;
  fs.rmdir = readFirst(fs.rmdir);
  fs.rmdirSync = readFirst(fs.rmdirSync);
  fs.promises.rmdir = readFirst(fs.promises.rmdir);
  fs.unlink = readFirst(fs.unlink);
  fs.unlinkSync = readFirst(fs.unlinkSync);
  fs.promises.unlink = readFirst(fs.promises.unlink);

  const mkdtemp = fs.mkdtemp;
  const mkdtempSync = fs.mkdtempSync;
  const mkdtempPromise = fs.promises.mkdtemp;
  fs.mkdtemp = ((prefix: string, ...rest: unknown[]) => {
    const cb = rest.pop() as (err: unknown, dir?: string) => void;
    return (mkdtemp as (...a: unknown[]) => void)(prefix, ...rest, (err: unknown, dir?: string) => {
      if (!err) created(dir);
      cb(err, dir);
    });
  }) as typeof fs.mkdtemp;
  fs.mkdtempSync = ((prefix: string, options?: unknown) => {
    const dir = (mkdtempSync as (...a: unknown[]) => string | Buffer)(prefix, options);
    created(dir);
    return dir;
  }) as typeof fs.mkdtempSync;
  fs.promises.mkdtemp = (async (prefix: string, options?: unknown) => {
    const dir = await (mkdtempPromise as (...a: unknown[]) => Promise<string | Buffer>)(prefix, options);
    created(dir);
    return dir;
  }) as typeof fs.promises.mkdtemp;

  // exec, execSync and fork start the command too (a shell string, or the bundle as a module).
  for (const name of ['spawn', 'execFile', 'spawnSync', 'execFileSync', 'exec', 'execSync', 'fork'] as const) {
    const original = childProcess[name] as (...a: unknown[]) => unknown;
    const wrapper = function (this: unknown, ...a: unknown[]) {
      for (const target of rmTargets(a)) beforeRemove(target); // `rm -rf HOME` spawned: read it first
      const result = original.apply(this, a);
      const call = latchkeyCall(a);
      if (call && state.current) capture(state.current, call, result);
      return result;
    };
    if (name === 'execFile' || name === 'exec') Object.defineProperty(wrapper, promisify.custom, { value: promisifiedExecFile(wrapper) });
    (childProcess as unknown as Record<string, unknown>)[name] = wrapper;
  }
  syncBuiltinESMExports();
  return state;
}

/** What util.promisify(execFile) (or exec) gives (Node's own version would bypass the wrapper). */
function promisifiedExecFile(execFile: (...a: unknown[]) => unknown) {
  return (...a: unknown[]) => {
    let child: unknown;
    const promise = new Promise((resolve, reject) => {
      child = execFile(...a, (err: (Error & { stdout?: unknown; stderr?: unknown }) | null, stdout: unknown, stderr: unknown) => {
        if (err) reject(Object.assign(err, { stdout, stderr }));
        else resolve({ stdout, stderr });
      });
    });
    return Object.assign(promise, { child });
  };
}

/** What a spawned `rm` is about to remove: `rm -rf A B`, or an `rm` inside a shell string. */
function rmTargets(a: unknown[]): string[] {
  const args = Array.isArray(a[1]) ? (a[1] as unknown[]).map(String) : [];
  const maybeOptions = Array.isArray(a[1]) ? a[2] : a[1];
  const cwd = typeof maybeOptions === 'object' && maybeOptions !== null ? (maybeOptions as { cwd?: unknown }).cwd : undefined;
  const words = [String(a[0]), ...args];
  const operands =
    path.basename(words[0]!) === 'rm'
      ? words.slice(1)
      : words.flatMap((w) => [...w.matchAll(/(?:^|[\s;&|(])rm\s+([^;&|)\n]+)/g)].flatMap((m) => m[1]!.trim().split(/\s+/)));
  return operands.filter((w) => w && !w.startsWith('-')).map((w) => path.resolve(typeof cwd === 'string' ? cwd : process.cwd(), w.replace(/^["']|["']$/g, '')));
}

interface LatchkeyCall {
  label: string;
  /** Whether stdout carries credentials by contract. */
  stdoutIsCredentials: boolean;
  env: Record<string, string | undefined> | undefined;
}

const CLI_MARKERS = ['bin/latchkey.js', 'out/cli/latchkey.cjs'];

/** A spawn of the built command (directly, or inside a `sh -c` / `script -c` string). */
function latchkeyCall(a: unknown[]): LatchkeyCall | undefined {
  const args = Array.isArray(a[1]) ? (a[1] as unknown[]).map(String) : [];
  const maybeOptions = Array.isArray(a[1]) ? a[2] : a[1];
  const options = typeof maybeOptions === 'object' && maybeOptions !== null ? (maybeOptions as { env?: Record<string, string | undefined> }) : undefined;
  const words = [String(a[0]), ...args];
  const at = words.findIndex((w) => CLI_MARKERS.some((m) => w.endsWith(m)));
  let rest: string[];
  if (at >= 0) rest = words.slice(at + 1);
  else {
    const inString = words.map((w) => /latchkey\.(?:c|m)?js["']?\s+(.*)/.exec(w)?.[1]).find((m) => m !== undefined);
    if (inString === undefined) return undefined;
    rest = inString.split(/\s+/);
  }
  const command = rest[0] ?? '';
  const stdoutIsCredentials = ['credential-process', 'env', 'exec'].includes(command) || (command === 'console' && rest.includes('--print'));
  return { label: `latchkey ${command}`.trim(), stdoutIsCredentials, env: options?.env };
}

function capture(sweep: SecretSweep, call: LatchkeyCall, result: unknown): void {
  sweep.noteEnv(call.env);
  const text = (v: unknown) => (typeof v === 'string' ? v : Buffer.isBuffer(v) ? v.toString('utf8') : '');
  if (result instanceof childProcess.ChildProcess) {
    const listen = (stream: NodeJS.ReadableStream | null, which: string) => {
      if (!stream) return;
      let out = '';
      stream.on('data', (d: Buffer | string) => (out += text(d)));
      stream.on('end', () => sweep.output(`${which} of "${call.label}"`, out));
    };
    if (!call.stdoutIsCredentials) listen(result.stdout, 'stdout');
    listen(result.stderr, 'stderr');
    return;
  }
  const r = result as { stdout?: unknown; stderr?: unknown } | string | Buffer;
  if (typeof r === 'string' || Buffer.isBuffer(r)) {
    if (!call.stdoutIsCredentials) sweep.output(`stdout of "${call.label}"`, text(r)); // execFileSync returns stdout
    return;
  }
  if (!call.stdoutIsCredentials) sweep.output(`stdout of "${call.label}"`, text(r?.stdout));
  sweep.output(`stderr of "${call.label}"`, text(r?.stderr));
}
