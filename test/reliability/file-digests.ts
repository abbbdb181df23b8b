import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

/**
 * Every file and folder under `dir` with a digest of each file's bytes (never the bytes: a
 * failure message must not print credentials), so "nothing written" covers temporary files,
 * lock folders, caches and state. Paths under `skip` are left out.
 */
export async function fileDigests(dir: string, skip?: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const entry of await fs.readdir(dir, { recursive: true, withFileTypes: true })) {
    const full = path.join(entry.parentPath, entry.name);
    if (skip !== undefined && full.startsWith(skip)) continue;
    out.set(
      full,
      entry.isFile()
        ? createHash('sha256')
            .update(await fs.readFile(full))
            .digest('hex')
        : '<dir>',
    );
  }
  return out;
}
