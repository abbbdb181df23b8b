import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

// Browser profiles for the console's profile mode: Latchkey-managed --user-data-dir folders
// under LATCHKEY_HOME, one per role and never shared, or the person's own profiles listed
// (read-only) from the browser's `Local State`.

export const MANAGED_PROFILES_DIR = 'browser-profiles';

/** What makes a role distinct: the session, the account and the role (or a config profile's name). */
export interface RoleProfileKey {
  session?: string;
  account: string;
  role: string;
}

/**
 * The folder name for a role: readable (letters, digits, "-" and "_" only, so never a path
 * separator or "..") and made unique and stable by a hash of the exact key.
 */
export function roleProfileFolderName(key: RoleProfileKey): string {
  const exact = JSON.stringify([key.session ?? '', key.account, key.role]);
  const hash = createHash('sha256').update(exact).digest('hex').slice(0, 12);
  const readable = [key.account, key.role]
    .join('-')
    .replace(/[^A-Za-z0-9_-]+/g, '_')
    .slice(0, 60);
  return `${readable}-${hash}`;
}

/** The role's managed --user-data-dir, created private (0700) with its parent. */
export async function ensureRoleProfileDir(latchkeyHome: string, key: RoleProfileKey): Promise<string> {
  const root = path.join(latchkeyHome, MANAGED_PROFILES_DIR);
  const dir = path.join(root, roleProfileFolderName(key));
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  // mkdir leaves an existing folder's mode alone and applies the umask; both are made private.
  for (const d of [latchkeyHome, root, dir]) await fs.chmod(d, 0o700).catch(() => undefined);
  return dir;
}

export interface OwnBrowserProfile {
  /** The folder name given to --profile-directory, e.g. "Default" or "Profile 1". */
  directory: string;
  /** The name the person gave it in the browser. */
  name: string;
}

/** The profiles in a Chromium `Local State` file (profile.info_cache); [] when it holds none. */
export function parseLocalState(text: string): OwnBrowserProfile[] {
  let state: unknown;
  try {
    state = JSON.parse(text);
  } catch {
    return [];
  }
  const cache = (state as { profile?: { info_cache?: unknown } } | null)?.profile?.info_cache;
  if (!cache || typeof cache !== 'object') return [];
  const profiles: OwnBrowserProfile[] = [];
  for (const [directory, info] of Object.entries(cache as Record<string, unknown>)) {
    if (!isProfileDirectory(directory)) continue;
    const name = (info as { name?: unknown } | null)?.name;
    profiles.push({ directory, name: typeof name === 'string' && name.trim() ? name.trim() : directory });
  }
  return profiles.sort((a, b) => a.directory.localeCompare(b.directory, 'en', { numeric: true }));
}

/** A profile folder name as Chromium writes them; anything that could leave the folder is not one. */
export function isProfileDirectory(name: string): boolean {
  return /^[A-Za-z0-9][A-Za-z0-9 _.-]{0,63}$/.test(name) && !name.includes('..');
}

/** The person's own profiles of a browser whose user-data folder is `userDataDir`. */
export async function listOwnProfiles(userDataDir: string): Promise<OwnBrowserProfile[]> {
  const text = await fs.readFile(path.join(userDataDir, 'Local State'), 'utf8').catch(() => '');
  return parseLocalState(text);
}
