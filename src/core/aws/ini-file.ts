import { readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import { homedir } from 'node:os';
import { sep } from 'node:path';
import { LatchkeyError } from '../errors';
import { diskError, writeFileAtomicSafe } from './atomic-write';
import { withFileLock } from './file-lock';
import { awsCliRefusalWarning } from './aws-cli-readable';
import { assertNoForeignLink, assertNoForeignLinkSync } from './foreign-links';
import { IniDocument } from './ini';

// Reading and safely editing an AWS INI file on disk: under the file's lock, re-read inside
// the lock (so concurrent writers never lose each other's update), parse (a malformed file is
// never written), edit, and replace atomically only if something changed.

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The path as people know it: `~/.aws/credentials` rather than `/home/ana/.aws/credentials`. */
export function displayPath(file: string): string {
  const home = homedir();
  return home && file.startsWith(home + sep) ? `~${file.slice(home.length)}` : file;
}

/** The file's text, or undefined if it does not exist. */
export async function readIniText(file: string): Promise<string | undefined> {
  await assertNoForeignLink(file);
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw readError(file, err);
  }
  return decodeIniBytes(file, bytes);
}

/** The same, synchronously: the cached `credential-process` path reads with no promise-based
 * fs (loading it costs more than the whole answer). */
export function readIniTextSync(file: string): string | undefined {
  assertNoForeignLinkSync(file);
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw readError(file, err);
  }
  return decodeIniBytes(file, bytes);
}

function decodeIniBytes(file: string, bytes: Buffer): string {
  // Decoding lossily and writing back would corrupt the file, so refuse instead. A NUL byte
  // decodes, but means UTF-16 (or a binary file): appending UTF-8 to it would mix encodings.
  const utf16 = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff) || bytes.includes(0);
  let text: string | undefined;
  try {
    text = utf16 ? undefined : utf8.decode(bytes);
  } catch {
    text = undefined;
  }
  if (text === undefined) {
    throw new LatchkeyError('BAD_CONFIG_FILE', `${displayPath(file)} is not UTF-8 text${utf16 ? ' (it looks like UTF-16)' : ''}.`, {
      hint: `Save ${displayPath(file)} as UTF-8, then try again. Latchkey has not changed the file.`,
    });
  }
  return text;
}

/** The parsed file; an empty document if it does not exist. */
export async function readIniFile(file: string): Promise<IniDocument> {
  return IniDocument.parse((await readIniText(file)) ?? '', displayPath(file));
}

/** The same, synchronously. */
export function readIniFileSync(file: string): IniDocument {
  return IniDocument.parse(readIniTextSync(file) ?? '', displayPath(file));
}

export interface IniWriteOptions {
  /** Told, once per write, when the file as written is one the AWS CLI refuses to read. */
  warn?: (message: string) => void;
}

/**
 * Runs `edit` on the file's current document while holding its lock, then writes the result
 * atomically if it differs. A missing file starts empty and is created with mode 0600; an
 * existing file keeps its mode when that is at least as strict as 0600, else becomes 0600.
 */
export async function editIniFile<T>(file: string, edit: (doc: IniDocument) => T, options: IniWriteOptions = {}): Promise<T> {
  try {
    return await withFileLock(file, async () => {
      const mode = await modeToWrite(file);
      const before = (await readIniText(file)) ?? '';
      const doc = IniDocument.parse(before, displayPath(file));
      const result = edit(doc);
      const after = doc.toString();
      if (after !== before) {
        await writeFileAtomicSafe(file, after, { mode });
        warnIfAwsCliRefuses(file, after, options);
      }
      return result;
    });
  } catch (err) {
    if (err instanceof LatchkeyError) throw err;
    throw writeError(file, err);
  }
}

/** After a write: the one-line warning when the AWS CLI cannot read what the file now holds. */
export function warnIfAwsCliRefuses(file: string, text: string, options: IniWriteOptions): void {
  if (!options.warn) return;
  const warning = awsCliRefusalWarning(text, displayPath(file));
  if (warning) options.warn(warning);
}

async function modeToWrite(file: string): Promise<number> {
  try {
    const mode = (await fs.stat(file)).mode & 0o777;
    const atMostOwnerReadWrite = (mode & ~0o600) === 0 && (mode & 0o400) !== 0;
    return atMostOwnerReadWrite ? mode : 0o600;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 0o600;
    throw readError(file, err);
  }
}

function readError(file: string, err: unknown): LatchkeyError {
  const code = (err as NodeJS.ErrnoException).code;
  const why = code === 'EACCES' || code === 'EPERM' ? 'permission was denied' : code === 'EISDIR' ? 'it is a folder' : `the system said ${code ?? String(err)}`;
  return new LatchkeyError('DISK', `Could not read ${displayPath(file)}: ${why}.`, {
    hint: 'Check the file and folder permissions, then try again.',
    cause: err,
  });
}

function writeError(file: string, err: unknown): LatchkeyError {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOTDIR' || code === 'EEXIST') {
    return new LatchkeyError('DISK', `Could not write ${displayPath(file)}: part of its folder path is a file, not a folder. Nothing was changed.`, {
      hint: 'Check the path (AWS_SHARED_CREDENTIALS_FILE / AWS_CONFIG_FILE if set), then try again.',
      cause: err,
    });
  }
  return diskError(displayPath(file), err);
}
