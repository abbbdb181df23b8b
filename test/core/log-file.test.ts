import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fileLogSink } from '../../src/core/log-file';
import { tempHome } from '../../devkit/home';

// The tray app and every command with LATCHKEY_LOG_LEVEL append to the same log file, each
// counting its own bytes. When another process has just rotated the file, this one's rotation
// finds nothing to move: that must not end its logging (the tray app runs for weeks).
describe('the log file shared by several processes', () => {
  let dir: string;
  beforeEach(async () => {
    dir = (await tempHome('log')).home;
  });
  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('keeps logging when another process rotated the file first', async () => {
    const file = path.join(dir, 'latchkey.log');
    const sink = fileLogSink(file, 100);
    sink('a'.repeat(60), 'info');
    // Another process rotates: latchkey.log is now latchkey.log.1 and no new file exists yet.
    await fs.rename(file, `${file}.1`);
    sink('b'.repeat(60), 'info');
    sink('c'.repeat(10), 'info');
    expect(await fs.readFile(file, 'utf8')).toBe(`${'b'.repeat(60)}\n${'c'.repeat(10)}\n`);
  });

  it('a rotation that cannot happen yet is tried again, and the lines are still written', async () => {
    const file = path.join(dir, 'latchkey.log');
    const sink = fileLogSink(file, 100);
    sink('a'.repeat(60), 'info');
    // Something in the way of the rotation (standing in for a file held open on Windows).
    await fs.mkdir(`${file}.1`);
    await fs.writeFile(path.join(`${file}.1`, 'x'), '');
    sink('b'.repeat(60), 'info');
    expect(await fs.readFile(file, 'utf8')).toBe(`${'a'.repeat(60)}\n${'b'.repeat(60)}\n`);
    await fs.rm(`${file}.1`, { recursive: true });
    sink('c'.repeat(10), 'info');
    expect(await fs.readFile(file, 'utf8')).toBe(`${'c'.repeat(10)}\n`);
    expect(await fs.readFile(`${file}.1`, 'utf8')).toBe(`${'a'.repeat(60)}\n${'b'.repeat(60)}\n`);
  });
});
