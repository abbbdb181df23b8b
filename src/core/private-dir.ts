import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';

// Every folder Latchkey creates sits on the way to a secret (~/.aws, ~/.aws/sso/cache,
// ~/.aws/cli/cache, LATCHKEY_HOME and its subfolders, the logs), so each one it creates is
// 0700 whatever the umask: mkdir applies the umask to its mode (umask 000 gave 0777, umask 0277
// a folder we could not write), so the mode is set again after. A folder that already exists
// is left as it is: the AWS CLI never changes one either (botocore's JSONFileCache and
// `aws configure` create theirs with os.makedirs and the umask), and a person's own 0755
// ~/.aws is theirs to decide.

const PRIVATE = 0o700;

/** Creates `dir` and any missing parents, each 0700; existing folders are not touched. */
export async function ensurePrivateDir(dir: string): Promise<void> {
  const missing: string[] = [];
  for (const at of selfAndAncestors(dir)) {
    if (await exists(at)) break;
    missing.push(at);
  }
  for (const folder of missing.reverse()) {
    try {
      await fsp.mkdir(folder, { mode: PRIVATE });
    } catch (err) {
      if (createdByOther(err)) continue;
      throw err;
    }
    await fsp.chmod(folder, PRIVATE);
  }
}

/** The same, synchronously (the log file is written synchronously). */
export function ensurePrivateDirSync(dir: string): void {
  const missing: string[] = [];
  for (const at of selfAndAncestors(dir)) {
    if (existsSync(at)) break;
    missing.push(at);
  }
  for (const folder of missing.reverse()) {
    try {
      fs.mkdirSync(folder, { mode: PRIVATE });
    } catch (err) {
      if (createdByOther(err)) continue;
      throw err;
    }
    fs.chmodSync(folder, PRIVATE);
  }
}

/** Another process made the folder between our look and our mkdir: it is not ours to change. */
function createdByOther(err: unknown): boolean {
  return (err as NodeJS.ErrnoException).code === 'EEXIST';
}

/** `dir` made absolute, then each folder above it up to the root. */
function* selfAndAncestors(dir: string): Generator<string> {
  for (let at = path.resolve(dir); ; at = path.dirname(at)) {
    yield at;
    if (path.dirname(at) === at) return;
  }
}

async function exists(at: string): Promise<boolean> {
  try {
    await fsp.stat(at);
    return true;
  } catch (err) {
    return absent(err);
  }
}

function existsSync(at: string): boolean {
  try {
    fs.statSync(at);
    return true;
  } catch (err) {
    return absent(err);
  }
}

/** False for a path that is not there; any other failure to look is thrown. */
function absent(err: unknown): false {
  if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
  throw err;
}
