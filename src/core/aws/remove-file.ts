import fs from 'node:fs/promises';
import { LatchkeyError } from '../errors';

// Removing a secret is work a command reports as done: a file that stays must be an error that
// names it, never a silent "force".

/** Removes the file: true if it was there, false if it already was not. */
export async function removeFile(file: string): Promise<boolean> {
  try {
    await fs.unlink(file);
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return false;
    const why =
      code === 'EACCES' || code === 'EPERM'
        ? 'permission was denied'
        : code === 'EROFS'
          ? 'the file system is read-only'
          : code === 'EISDIR'
            ? 'it is a folder'
            : `the system said ${code ?? 'an unknown error'}`;
    throw new LatchkeyError('DISK', `Could not remove ${file}: ${why}.`, { hint: 'Check the file and folder permissions, then try again.', cause: err });
  }
}
