import fs from 'node:fs/promises';
import path from 'node:path';
import { LatchkeyError } from '../errors';

/**
 * Replaces `file` atomically: a temporary file in the same directory, fsync, rename. A crash or
 * a full disk leaves either the old bytes or the new ones, never a mix. Mode defaults to 0600
 * because everything we write holds or sits beside secrets.
 */
export async function writeFileAtomicSafe(file: string, data: string, options: { mode?: number } = {}): Promise<void> {
  try {
    await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    // Loaded on first write so that commands that only read start faster.
    const { default: writeFileAtomic } = await import('write-file-atomic');
    await writeFileAtomic(file, data, { mode: options.mode ?? 0o600, fsync: true, encoding: 'utf8' });
  } catch (err) {
    throw diskError(file, err);
  }
}

export function diskError(file: string, err: unknown): LatchkeyError {
  const code = (err as NodeJS.ErrnoException).code;
  const why =
    code === 'ENOSPC' ? 'the disk is full'
    : code === 'EACCES' || code === 'EPERM' ? 'permission was denied'
    : code === 'EROFS' ? 'the file system is read-only'
    : code === 'EDQUOT' ? 'the disk quota is exceeded'
    : `the system said ${code ?? 'an unknown error'}`;
  return new LatchkeyError('DISK', `Could not write ${file}: ${why}. The file was left as it was.`, {
    hint: code === 'ENOSPC' || code === 'EDQUOT' ? 'Free some disk space, then try again.' : 'Check the file and folder permissions, then try again.',
    cause: err,
  });
}
