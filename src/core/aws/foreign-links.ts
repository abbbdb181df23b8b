import { lstatSync, readFileSync, statSync } from 'node:fs';
import fsp from 'node:fs/promises';
import { join, parse, resolve, sep } from 'node:path';
import { LatchkeyError } from '../errors';

// `sudo latchkey …` runs as root on a HOME another user owns. That user could point
// ~/.aws/credentials (or ~/.aws itself, or a token file) at a file that is not theirs — root's
// own credentials to read, /etc/shadow to overwrite — and have root follow the link. So, as
// root, a symbolic link on the way to a file is followed only to something its owner owns (or
// when root made the link), which is what Linux's fs.protected_symlinks asks in sticky folders.
// Anyone else can only reach what they could reach anyway, so for them this costs nothing.
// A dangling link is no danger to a read (it finds nothing) or an atomic write (which replaces
// the link itself), but appending to one creates what it points at: the sync check, used before
// appending, refuses that too.

/** Throws BAD_CONFIG_FILE when running as root and a link on the way to `file` leads to
 * something that its owner does not own. (Synchronous inside: it only works as root, on a few
 * paths, and the cached credential-process path needs it without promise-based fs.) */
export async function assertNoForeignLink(file: string): Promise<void> {
  assertNoForeignLinkSync(file);
}

/** The same, synchronously, for a file about to be appended to: a dangling link at its end is
 * refused as well. */
export function assertNoForeignLinkBeforeAppend(file: string): void {
  checkLinksSync(file, true);
}

/** The same as assertNoForeignLink, synchronously. */
export function assertNoForeignLinkSync(file: string): void {
  checkLinksSync(file, false);
}

function checkLinksSync(file: string, refuseDangling: boolean): void {
  if (process.getuid?.() !== 0) return;
  const paths = pathsOnTheWay(file);
  for (const at of paths) {
    const link = orUndefined(() => lstatSync(at));
    // Missing: nothing further along exists either. Root's own link: root chose it.
    if (!link) return;
    if (!link.isSymbolicLink() || link.uid === 0) continue;
    const target = orUndefined(() => statSync(at));
    if (!target) {
      if (refuseDangling && at === paths.at(-1)) throw refusal(file, at, link.uid, undefined);
      return;
    }
    if (target.uid !== link.uid) throw refusal(file, at, link.uid, target.uid);
  }
}

function orUndefined<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch {
    return undefined;
  }
}

/** `file` as text, once no foreign link leads to it. */
export async function readFileNoForeignLink(file: string): Promise<string> {
  await assertNoForeignLink(file);
  return fsp.readFile(file, 'utf8');
}

/** The same, synchronously. */
export function readFileNoForeignLinkSync(file: string): string {
  assertNoForeignLinkSync(file);
  return readFileSync(file, 'utf8');
}

/** "/home/ana/.aws/credentials" → "/home", "/home/ana", "/home/ana/.aws", "/home/ana/.aws/credentials". */
function pathsOnTheWay(file: string): string[] {
  const full = resolve(file);
  const { root } = parse(full);
  const out: string[] = [];
  let at = root;
  for (const part of full.slice(root.length).split(sep).filter(Boolean)) out.push((at = join(at, part)));
  return out;
}

function refusal(file: string, link: string, linkUid: number, targetUid: number | undefined): LatchkeyError {
  const where = link === resolve(file) ? `${file} is a link` : `${file} is reached through ${link}, a link`;
  const to = targetUid === undefined ? 'to a file that does not exist yet' : `to something owned by user ${targetUid}`;
  return new LatchkeyError(
    'BAD_CONFIG_FILE',
    `${where} owned by user ${linkUid} ${to}. Running as root, Latchkey does not follow it: it would read or write a file that the owner of the link does not own.`,
    { hint: 'Run Latchkey as the owner of these files (without sudo), or replace the link with the file itself.' },
  );
}
