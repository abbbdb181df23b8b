import fs from 'node:fs/promises';
import { writeFileAtomicSafe } from '../aws/atomic-write';
import { withFileLock } from '../aws/file-lock';
import { IniDocument, shlexSplit } from '../aws/ini';
import { displayPath, readIniText, warnIfAwsCliRefuses, type IniWriteOptions } from '../aws/ini-file';
import { awsPaths } from '../aws/paths';
import { warnUser, type CoreContext } from '../context';
import { LatchkeyError } from '../errors';
import { assertRegion, assertSessionName, quoteInput } from '../validation';
import { unifiedDiff } from './unified-diff';

// Export of Identity Center roles as ~/.aws/config profiles (sso_session + sso_account_id +
// sso_role_name), so the AWS CLI and SDKs use them with no static keys. Latchkey owns exactly
// one block of the file, between two marker comments; every byte outside it stays as it was.
// A profile name already used outside the block is never shadowed: NOT_OWNED.
//
//   # >>> latchkey export >>> (profiles for Identity Center roles; change them with "latchkey export")
//   [profile prod-ReadOnly]
//   sso_session = corp
//   sso_account_id = 123456789012
//   sso_role_name = ReadOnly
//   region = eu-west-1
//   # <<< latchkey export <<<

export const EXPORT_BEGIN = '# >>> latchkey export >>> (profiles for Identity Center roles; change them with "latchkey export")';
export const EXPORT_END = '# <<< latchkey export <<<';
const BEGIN_MARK = /^\s*#\s*>>> latchkey export >>>/;
const END_MARK = /^\s*#\s*<<< latchkey export <<</;

export interface ExportEntry {
  profile: string;
  session: string;
  accountId: string;
  roleName: string;
  region: string;
}

export interface ExportPlan {
  configFile: string;
  /** A unified diff of the change; empty when there is nothing to change. */
  diff: string;
  /** The profiles the block will hold, in order. */
  profiles: string[];
  /** Writes the change (re-planned under the file's lock against the file as it is then). */
  apply(): Promise<void>;
}

/** What both botocore and the JS SDK read in a `[profile NAME]` header: the JS SDK's config
 * parser (@smithy/core shared-ini-file-loader, prefixKeyRegex) takes only these characters and
 * silently skips any other section, so a profile named "team=a" would exist for the AWS CLI only. */
const SDK_READABLE_NAME = /^[A-Za-z0-9_@+.%:/-]{1,64}$/;

/** A profile name for a role: PREFIX + account name (or id) + "-" + role name, with every
 * character the SDKs cannot read replaced by "-". */
export function exportProfileName(prefix: string, account: string, roleName: string): string {
  const name = `${prefix}${account}-${roleName}`
    .replace(/[^A-Za-z0-9_@+.%:/-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .slice(0, 64);
  assertExportName(name);
  return name;
}

function assertExportName(name: string): void {
  if (!SDK_READABLE_NAME.test(name)) {
    throw new LatchkeyError('BAD_INPUT', `${quoteInput(name)} cannot be exported as a profile name: the AWS SDK for JavaScript would not see it.`, {
      hint: 'Use up to 64 letters, digits and - _ . @ + % : / only.',
    });
  }
}

/** The export entry for a resolved Identity Center role (CatalogService.resolveRole). */
export function exportEntryFor(
  role: { session: { name: string; region: string }; accountId: string; accountName: string; roleName: string },
  options: { prefix?: string; region?: string } = {},
): ExportEntry {
  return {
    profile: exportProfileName(options.prefix ?? '', role.accountName || role.accountId, role.roleName),
    session: role.session.name,
    accountId: role.accountId,
    roleName: role.roleName,
    region: options.region ?? role.session.region,
  };
}

/** Plans adding (or replacing) `add` and dropping `remove` in Latchkey's export block. */
export async function planExport(ctx: CoreContext, change: { add?: ExportEntry[]; remove?: string[] }): Promise<ExportPlan> {
  const configFile = awsPaths(ctx).configFile;
  for (const e of change.add ?? []) checkEntry(e);
  const before = (await readIniText(configFile)) ?? '';
  const { after, profiles } = edit(before, configFile, change);
  return {
    configFile,
    diff: unifiedDiff(before, after, displayPath(configFile)),
    profiles,
    apply: () => applyExport(configFile, change, { warn: (message) => warnUser(ctx, message) }),
  };
}

async function applyExport(configFile: string, change: { add?: ExportEntry[]; remove?: string[] }, options: IniWriteOptions): Promise<void> {
  await withFileLock(configFile, async () => {
    const current = (await readIniText(configFile)) ?? '';
    const { after } = edit(current, configFile, change);
    if (after === current) return;
    let mode = 0o600;
    try {
      mode = (await fs.stat(configFile)).mode & 0o777;
    } catch {
      // a new file: private by default
    }
    await writeFileAtomicSafe(configFile, after, { mode });
    warnIfAwsCliRefuses(configFile, after, options);
  });
}

function checkEntry(e: ExportEntry): void {
  assertExportName(e.profile);
  assertSessionName(e.session);
  assertRegion(e.region);
  if (!/^\d{12}$/.test(e.accountId)) throw new LatchkeyError('BAD_INPUT', `"${e.accountId}" is not an AWS account id.`);
  if (!/^[\w+=,.@-]{1,64}$/.test(e.roleName)) throw new LatchkeyError('BAD_INPUT', `"${e.roleName}" is not a valid role name.`);
}

interface Block {
  begin: number; // index of the begin marker line
  end: number; // index of the end marker line
}

/** The pure edit: the new text and the profiles in the block. */
export function edit(before: string, configFile: string, change: { add?: ExportEntry[]; remove?: string[] }): { after: string; profiles: string[] } {
  const label = displayPath(configFile);
  const doc = IniDocument.parse(before, label); // a malformed file is refused, never written
  const lines = splitKeepingEnds(before);
  const block = findBlock(lines, label);
  const eol = doc.eol;

  // The sections in our block, kept verbatim unless replaced or removed.
  const owned = new Map<string, string[]>();
  if (block) {
    let current: string[] | undefined;
    for (let i = block.begin + 1; i < block.end; i++) {
      const text = stripEol(lines[i]!);
      const header = /^\s*\[(.*)\]\s*$/.exec(text);
      if (header) {
        const name = profileNameOf(header[1]!) ?? header[1]!;
        current = [];
        owned.set(name, current);
      }
      if (current && text.trim() !== '') current.push(text);
    }
  }

  // Names used by hand-written sections elsewhere in the file.
  const taken = new Set<string>();
  for (const section of doc.sections()) {
    if (block && section.start > block.begin && section.start < block.end) continue;
    const name = profileNameOf(section.name);
    if (name !== undefined) taken.add(name);
  }
  for (const e of change.add ?? []) {
    if (taken.has(e.profile)) {
      throw new LatchkeyError(
        'NOT_OWNED',
        `${label} already has a profile "${e.profile}" that Latchkey did not write, so Latchkey will not export a role under that name.`,
        {
          hint: 'Choose a profile name prefix (for example sso-), or rename your profile.',
          cliHint: 'Choose a prefix with --profile-prefix (for example --profile-prefix sso-), or rename your profile.',
        },
      );
    }
  }
  for (const name of change.remove ?? []) owned.delete(name);
  for (const e of change.add ?? []) {
    owned.set(e.profile, [
      `[profile ${e.profile}]`,
      `sso_session = ${e.session}`,
      `sso_account_id = ${e.accountId}`,
      `sso_role_name = ${e.roleName}`,
      `region = ${e.region}`,
    ]);
  }

  const blockLines = owned.size === 0 ? [] : [EXPORT_BEGIN, ...[...owned.values()].flat(), EXPORT_END];
  let out: string[];
  if (block) {
    const lastEol = /(\r\n|\r|\n)$/.exec(lines[block.end]!)?.[1] ?? '';
    if (blockLines.length) {
      out = [...lines.slice(0, block.begin), ...blockLines.map((l, i) => l + (i === blockLines.length - 1 ? lastEol : eol)), ...lines.slice(block.end + 1)];
    } else {
      // The block goes, with the blank line that separated it (the inverse of adding it); if it
      // ended the file without a newline, the line that now ends the file gives its newline back.
      const start = block.begin > 0 && stripEol(lines[block.begin - 1]!).trim() === '' ? block.begin - 1 : block.begin;
      out = [...lines.slice(0, start), ...lines.slice(block.end + 1)];
      if (lastEol === '' && start > 0 && start === out.length) out[start - 1] = stripEol(out[start - 1]!);
    }
  } else if (blockLines.length) {
    // A file that did not end with a newline still does not: the block inherits that, so
    // removing the block again gives back the original bytes.
    const head = [...lines];
    const last = head.length - 1;
    const endsWithoutNewline = last >= 0 && !/(\r\n|\r|\n)$/.test(head[last]!);
    if (endsWithoutNewline) head[last] += eol;
    // After a lone CR, an LF separator would read back as part of a CRLF: use a CR there too.
    const separator = last >= 0 && /[^\r\n]*\r$/.test(lines[last]!) ? '\r' : eol;
    out = [...head, ...(head.length ? [separator] : []), ...blockLines.map((l, i) => l + (endsWithoutNewline && i === blockLines.length - 1 ? '' : eol))];
  } else {
    out = lines;
  }
  const after = out.join('');
  IniDocument.parse(after, label); // our own lines are always valid; checked anyway
  return { after, profiles: [...owned.keys()] };
}

function findBlock(lines: string[], label: string): Block | undefined {
  const begins: number[] = [];
  const ends: number[] = [];
  lines.forEach((l, i) => {
    if (BEGIN_MARK.test(l)) begins.push(i);
    else if (END_MARK.test(l)) ends.push(i);
  });
  if (begins.length === 0 && ends.length === 0) return undefined;
  if (begins.length !== 1 || ends.length !== 1 || ends[0]! < begins[0]!) {
    throw new LatchkeyError('BAD_CONFIG_FILE', `The Latchkey export block in ${label} is damaged (its "latchkey export" marker comments do not pair up).`, {
      hint: `Remove the "# >>> latchkey export >>>" / "# <<< latchkey export <<<" lines and the profiles between them from ${label}, then export again.`,
    });
  }
  return { begin: begins[0]!, end: ends[0]! };
}

/** The profile a section header stands for, as botocore reads it: `default` or `profile NAME`. */
function profileNameOf(section: string): string | undefined {
  if (section === 'default') return 'default';
  if (!section.startsWith('profile')) return undefined;
  const parts = shlexSplit(section);
  return parts?.length === 2 ? parts[1] : undefined;
}

function splitKeepingEnds(text: string): string[] {
  return text.match(/[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$/g) ?? [];
}

function stripEol(line: string): string {
  return line.replace(/(\r\n|\r|\n)$/, '');
}
