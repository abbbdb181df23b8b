import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

interface SweepHooks {
  current?: { browserProfileCreated(dir: string): void };
}

/**
 * A new folder for a real browser's profile (--user-data-dir). The browser keeps the URLs it
 * opened in its history and cache, as every browser does, so the secret sweep leaves it out.
 */
export async function browserProfileDir(): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'latchkey-browser-profile-'));
  markBrowserProfiles(dir);
  return dir;
}

/** Tells the secret sweep that a real browser keeps its profiles under `dir` (such as LATCHKEY_HOME/browser-profiles). */
export function markBrowserProfiles(dir: string): void {
  (globalThis as unknown as Record<symbol, SweepHooks | undefined>)[Symbol.for('latchkey.secretSweep')]?.current?.browserProfileCreated(dir);
}
