import fs from 'node:fs/promises';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fileLogSink, logLevelFromEnv } from '../../src/core/log-file';
import { createLogger } from '../../src/core/log';
import { registerSecret } from '../../src/core/redact';
import { appLogger } from '../../src/main/app-logger';
import { runCli } from '../../devkit/cli';
import { tempHome, type TempHome } from '../../devkit/home';
import { latchkeyErrorThrownBy } from '../helpers/errors';

// The log file the secret sweep reads (LATCHKEY_HOME/logs/latchkey.log): private, bounded,
// redacted, and absent unless asked for — so the cached credential-process path stays free.

let home: TempHome;
let logs: string;
const mode = async (p: string) => (await fs.stat(p)).mode & 0o777;
const exists = (p: string) =>
  fs.stat(p).then(
    () => true,
    () => false,
  );

beforeEach(async () => {
  home = await tempHome();
  logs = path.join(home.env.LATCHKEY_HOME!, 'logs');
});
afterEach(async () => {
  await home.cleanup();
});

describe('the log file', () => {
  it('is created on the first line only, private to the user (file 0600, folder 0700), and redacted', async () => {
    const file = path.join(logs, 'latchkey.log');
    const sink = fileLogSink(file);
    expect(await exists(logs)).toBe(false);
    const secret = 'planted-secret-value-0123456789';
    registerSecret(secret);
    createLogger(sink, 'debug').debug('refreshed', { note: `value ${secret}`, accessToken: 'unregistered-token-value' });
    const text = await fs.readFile(file, 'utf8');
    expect(text).toMatch(/ DEBUG refreshed /);
    expect(text.includes(secret), 'a registered secret reached the log file').toBe(false);
    expect(text.includes('unregistered-token-value'), 'an accessToken field reached the log file').toBe(false);
    expect(await mode(file)).toBe(0o600);
    expect(await mode(logs)).toBe(0o700);
  });

  it('rotates once: it never holds much more than twice the cap, and the newest lines are kept', async () => {
    const file = path.join(logs, 'latchkey.log');
    const sink = fileLogSink(file, 1000);
    for (let i = 0; i < 200; i++) sink(`line ${i} ${'x'.repeat(40)}`, 'info');
    const current = await fs.readFile(file, 'utf8');
    const previous = await fs.readFile(`${file}.1`, 'utf8');
    expect(current.length).toBeLessThanOrEqual(1000);
    expect(previous.length).toBeLessThanOrEqual(1000);
    expect(current).toMatch(/line 199 x+\n$/);
    expect(await fs.readdir(logs)).toEqual(['latchkey.log', 'latchkey.log.1']);
    expect(await mode(`${file}.1`)).toBe(0o600);
  });

  it('tightens a log file another tool left readable by others', async () => {
    const file = path.join(logs, 'latchkey.log');
    await fs.mkdir(logs, { recursive: true });
    await fs.writeFile(file, 'old line\n', { mode: 0o644 });
    fileLogSink(file)('new line', 'info');
    expect(await mode(file)).toBe(0o600);
    expect(await fs.readFile(file, 'utf8')).toBe('old line\nnew line\n');
  });

  it('a log that cannot be written is given up without failing the caller', async () => {
    await fs.mkdir(home.env.LATCHKEY_HOME!, { recursive: true });
    await fs.writeFile(logs, 'a file where the logs folder should be');
    const sink = fileLogSink(path.join(logs, 'latchkey.log'));
    expect(() => {
      sink('one', 'info');
      sink('two', 'info');
    }).not.toThrow();
  });

  it('LATCHKEY_LOG_LEVEL accepts the four levels in any case; anything else is BAD_INPUT with the list', () => {
    expect(logLevelFromEnv({})).toBeUndefined();
    expect(logLevelFromEnv({ LATCHKEY_LOG_LEVEL: '' })).toBeUndefined();
    expect(logLevelFromEnv({ LATCHKEY_LOG_LEVEL: 'Debug' })).toBe('debug');
    const err = latchkeyErrorThrownBy(() => logLevelFromEnv({ LATCHKEY_LOG_LEVEL: 'verbose' }));
    expect(err.code).toBe('BAD_INPUT');
    expect(err.message).toBe('LATCHKEY_LOG_LEVEL is "verbose", which is not a log level.');
    expect(err.hint).toBe('Set it to one of debug, info, warn, error, or unset it.');
  });
});

describe('the command and the app', () => {
  it('without LATCHKEY_LOG_LEVEL the command writes no log file', async () => {
    const env = { ...home.env };
    delete env.LATCHKEY_LOG_LEVEL;
    const run = await runCli(['roles'], env);
    expect(run.code).toBe(1); // not signed in
    expect(await exists(logs)).toBe(false);
  });

  it('with LATCHKEY_LOG_LEVEL=debug a failure is logged with its code and stack, stderr keeps its one line', async () => {
    const run = await runCli(['roles'], { ...home.env, LATCHKEY_LOG_LEVEL: 'debug' });
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    const log = await fs.readFile(path.join(logs, 'latchkey.log'), 'utf8');
    expect(log).toMatch(/^\S+Z ERROR NOT_SIGNED_IN: .*"stack":"LatchkeyError/m);
    expect(await mode(path.join(logs, 'latchkey.log'))).toBe(0o600);
  });

  it('a bad LATCHKEY_LOG_LEVEL is one line on stderr, exit 2, and no log file', async () => {
    const run = await runCli(['roles'], { ...home.env, LATCHKEY_LOG_LEVEL: 'loud' });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('latchkey: LATCHKEY_LOG_LEVEL is "loud", which is not a log level. Set it to one of debug, info, warn, error, or unset it.\n');
    expect(await exists(logs)).toBe(false);
  });

  it('the tray app logs to the file at info by default, and says so when LATCHKEY_LOG_LEVEL is bad', async () => {
    const out = { stdout: new PassThrough(), stderr: new PassThrough() };
    const env = { LATCHKEY_HOME: home.env.LATCHKEY_HOME };
    const logger = appLogger(env, home.home, out);
    logger.debug('not at info');
    logger.info('tray ready');
    const log = await fs.readFile(path.join(logs, 'latchkey.log'), 'utf8');
    expect(log).toMatch(/ INFO tray ready\n$/);
    expect(log).not.toContain('not at info');

    appLogger({ ...env, LATCHKEY_LOG_LEVEL: 'chatty' }, home.home, out).info('still logging');
    const after = await fs.readFile(path.join(logs, 'latchkey.log'), 'utf8');
    expect(after).toMatch(/ WARN LATCHKEY_LOG_LEVEL is "chatty", which is not a log level\. Logging at info\.\n.* INFO still logging\n$/);
  });
});
