import fs from 'node:fs/promises';
import path from 'node:path';
import { latchkeyHome } from '../core/aws/paths';
import type { CoreContext } from '../core/context';
import { settingsPatch } from '../shared/schemas';
import { DEFAULT_SETTINGS, type Settings } from '../shared/views';

// The console settings the app keeps in LATCHKEY_HOME/settings.json, read (never written) by
// the command so both open the console the same way. A missing or invalid value is the default.

export type ConsoleSettings = Pick<Settings, 'consoleMode' | 'consoleSessionMinutes' | 'consoleBrowser' | 'consoleContainerAddon'>;

export async function readConsoleSettings(ctx: CoreContext): Promise<ConsoleSettings> {
  const result: ConsoleSettings = {
    consoleMode: DEFAULT_SETTINGS.consoleMode,
    consoleSessionMinutes: DEFAULT_SETTINGS.consoleSessionMinutes,
    consoleBrowser: DEFAULT_SETTINGS.consoleBrowser,
    consoleContainerAddon: DEFAULT_SETTINGS.consoleContainerAddon,
  };
  let stored: unknown;
  try {
    stored = JSON.parse(await fs.readFile(path.join(latchkeyHome(ctx), 'settings.json'), 'utf8'));
  } catch {
    return result;
  }
  if (!stored || typeof stored !== 'object') return result;
  const fields = stored as Record<string, unknown>;
  for (const key of ['consoleMode', 'consoleSessionMinutes', 'consoleBrowser', 'consoleContainerAddon'] as const) {
    const parsed = settingsPatch.safeParse({ [key]: fields[key] });
    if (fields[key] !== undefined && parsed.success) (result as Record<string, unknown>)[key] = parsed.data[key];
  }
  return result;
}
