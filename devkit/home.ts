import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

// The one way tests, the harness and the benchmarks make a HOME: a fresh folder under the system
// temp folder, with the environment that points every Latchkey and AWS path into it.

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

export interface TempHome {
  home: string;
  /** homeEnv(home): what a spawned command needs to live in this HOME only. */
  env: Record<string, string>;
  /** Removes the HOME and everything in it. */
  cleanup(): Promise<void>;
}

/** A new, empty temporary HOME; `label` names it (`latchkey-<label>-…`) so a left-over one says whose it is. */
export async function tempHome(label = 'home'): Promise<TempHome> {
  // fs.mkdtemp and fs.rm looked up at call time: the secret sweep watches both.
  const home = await fs.mkdtemp(path.join(os.tmpdir(), `latchkey-${label}-`));
  return { home, env: homeEnv(home), cleanup: () => fs.rm(home, { recursive: true, force: true, maxRetries: 5 }) };
}
