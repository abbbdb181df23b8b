import fs from 'node:fs/promises';
import path from 'node:path';
import { LatchkeyError } from '../errors';
import { ensurePrivateDir } from '../private-dir';
import { holdsFileLock } from './file-lock';
import { assertNoForeignLink } from './foreign-links';

/**
 * Replaces `file` atomically: every byte into a temporary file in the same folder, fsync,
 * rename, fsync of the folder. A crash or a full disk leaves either the old bytes or the new
 * ones, never a mix. Mode defaults to 0600 because everything we write holds or sits beside
 * secrets.
 *
 * Our own code rather than write-file-atomic, for two reasons found by test/reliability:
 * write-file-atomic issues a single write(2) and ignores a short count, so a disk that fills
 * mid-write got a truncated file renamed over the original; and a process killed mid-write
 * left `credentials.<number>` (holding secrets) with a name nobody can prove is a leftover.
 * Our temporary files are named `.<name>.latchkey-<pid>-<random>.tmp`, so a later write can
 * tell its own leftovers apart and remove those whose process is gone.
 */
export async function writeFileAtomicSafe(file: string, data: string, options: { mode?: number } = {}): Promise<void> {
  const mode = options.mode ?? 0o600;
  // Writes of one file by this process land in the order they were asked for.
  const key = path.resolve(file);
  const previous = queues.get(key) ?? Promise.resolve();
  const mine = previous.then(() => replaceFile(file, data, mode));
  const settled = mine.catch(() => {});
  queues.set(key, settled);
  void settled.then(() => {
    if (queues.get(key) === settled) queues.delete(key);
  });
  return mine;
}

const queues = new Map<string, Promise<void>>();

async function replaceFile(linkOrFile: string, data: string, mode: number): Promise<void> {
  await assertNoForeignLink(linkOrFile);
  try {
    await ensurePrivateDir(path.dirname(linkOrFile));
    // A linked file (~/.aws/credentials kept in a dotfiles folder) is written where the link
    // points, so the link stays a link, as write-file-atomic did; a dangling link is replaced.
    // As root, only a link to a file its owner owns gets this far (foreign-links.ts).
    const file = await fs.realpath(linkOrFile).catch(() => linkOrFile);
    const dir = path.dirname(file);
    await removeLeftoverTempFiles(file, linkOrFile);
    const temp = tempFileName(file);
    try {
      await writeAndSync(temp, data, mode, await ownerToKeep(file));
      await renameOver(temp, file);
    } catch (err) {
      await fs.rm(temp, { force: true }).catch(() => {});
      throw err;
    }
    await syncFolder(dir);
  } catch (err) {
    throw diskError(linkOrFile, err);
  }
}

/**
 * Renames `from` over `to`. On Windows a file another program has open (the AWS CLI reading
 * it, an antivirus scanning it) refuses the rename for a moment: try again for about 2 s, as
 * graceful-fs does, before calling it a failure.
 */
export async function renameOver(
  from: string,
  to: string,
  options: { platform?: NodeJS.Platform; rename?: (a: string, b: string) => Promise<void>; sleep?: (ms: number) => Promise<void> } = {},
): Promise<void> {
  const rename = options.rename ?? fs.rename;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const retries = (options.platform ?? process.platform) === 'win32' ? 10 : 0;
  for (let attempt = 0; ; attempt++) {
    try {
      return await rename(from, to);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (attempt >= retries || (code !== 'EPERM' && code !== 'EACCES' && code !== 'EBUSY')) throw err;
      await sleep(40 * (attempt + 1));
    }
  }
}

/** A leftover of a process in another PID namespace (a container sharing this HOME) cannot be
 * told from a dead one; one older than this is not being written any more. */
const ORPHAN_AGE_MS = 60_000;

function tempFileName(file: string): string {
  const random = Math.floor(Math.random() * 0x1_0000_0000)
    .toString(16)
    .padStart(8, '0');
  return path.join(path.dirname(file), `.${path.basename(file)}.latchkey-${process.pid}-${random}.tmp`);
}

/**
 * Removes temporary files of `file` that an earlier Latchkey process left when it was killed
 * mid-write. Only names of our own pattern, and only when their process is gone and either we
 * hold the file's lock (every writer of a locked file holds it, so nobody is writing them) or
 * they are old. Anything else in the folder is never touched. `lockedAs`: the path the lock
 * was taken on, when `file` is where a link to it points.
 */
export async function removeLeftoverTempFiles(file: string, lockedAs = file): Promise<number> {
  const dir = path.dirname(file);
  const ours = new RegExp(`^${escapeRegExp(`.${path.basename(file)}`)}\\.latchkey-(\\d+)-[0-9a-f]{8}\\.tmp$`);
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch {
    return 0;
  }
  let removed = 0;
  for (const name of names) {
    const pid = Number(ours.exec(name)?.[1] ?? NaN);
    if (!Number.isSafeInteger(pid) || pid === process.pid || processIsAlive(pid)) continue;
    const full = path.join(dir, name);
    const stat = await fs.lstat(full).catch(() => undefined);
    if (!stat?.isFile()) continue;
    if (!holdsFileLock(lockedAs) && Date.now() - stat.mtimeMs < ORPHAN_AGE_MS) continue;
    if (
      await fs.rm(full).then(
        () => true,
        () => false,
      )
    )
      removed++;
  }
  return removed;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Writes every byte (FileHandle.writeFile loops over short writes, so a disk that fills
 * mid-way surfaces as ENOSPC rather than as a shorter file), sets the mode, fsyncs. */
async function writeAndSync(temp: string, data: string, mode: number, owner: { uid: number; gid: number } | undefined): Promise<void> {
  // 'wx': never reuse or follow something already at that name.
  const handle = await fs.open(temp, 'wx', mode);
  try {
    await handle.writeFile(data, 'utf8');
    await handle.chmod(mode); // open() applies the umask; the caller's mode is what we want
    if (owner) await handle.chown(owner.uid, owner.gid).catch(() => {});
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** When root edits a file someone else owns (sudo latchkey …), the file keeps its owner. */
async function ownerToKeep(file: string): Promise<{ uid: number; gid: number } | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const stat = await fs.stat(file).catch(() => undefined);
  return stat && (stat.uid !== 0 || stat.gid !== 0) ? { uid: stat.uid, gid: stat.gid } : undefined;
}

/** Makes the rename itself durable. Best effort: not every platform can open a folder. */
async function syncFolder(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await fs.open(dir, 'r').catch(() => undefined);
  await handle?.sync().catch(() => {});
  await handle?.close().catch(() => {});
}

export function diskError(file: string, err: unknown): LatchkeyError {
  const code = (err as NodeJS.ErrnoException).code;
  const why =
    code === 'ENOSPC'
      ? 'the disk is full'
      : code === 'EACCES' || code === 'EPERM'
        ? 'permission was denied'
        : code === 'EROFS'
          ? 'the file system is read-only'
          : code === 'EDQUOT'
            ? 'the disk quota is exceeded'
            : `the system said ${code ?? 'an unknown error'}`;
  return new LatchkeyError('DISK', `Could not write ${file}: ${why}. The file was left as it was.`, {
    hint: code === 'ENOSPC' || code === 'EDQUOT' ? 'Free some disk space, then try again.' : 'Check the file and folder permissions, then try again.',
    cause: err,
  });
}
