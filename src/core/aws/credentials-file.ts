import { LatchkeyError } from '../errors';
import type { RoleCredentials } from '../types';
import type { IniDocument, IniSection } from './ini';
import { displayPath, editIniFile, readIniFile, readIniFileSync, type IniWriteOptions } from './ini-file';
import { assertProfileName } from '../validation';

// ~/.aws/credentials: Latchkey writes only sections it owns and proves ownership with a marker
// comment right under the header, so the file itself says which sections are ours — no side
// database to drift out of sync, and a person reading the file sees why the section is there:
//
//   [dev]
//   # Managed by Latchkey (my-sso/123456789012/Admin); expires 2025-01-01T12:00:00.000Z. Remove with: latchkey unuse dev
//   aws_access_key_id = ASIA…
//   aws_secret_access_key = …
//   aws_session_token = …
//   x_security_token_expires = 2025-01-01T12:00:00.000Z
//
// `x_security_token_expires` is the key other credential tools (saml2aws, aws-google-auth) use;
// botocore ignores keys it does not know. Ownership depends only on the marker, never on the
// values, so a person may edit the values and the section stays ours.

export interface ManagedProfile {
  profile: string;
  source: string;
  expiration?: number /* epoch ms */;
}

const MARKER = /^\s*[#;]\s*Managed by Latchkey\b/;
const EXPIRES_KEY = 'x_security_token_expires';

/** Writes/replaces the section `[profile]` with the credentials. Throws LatchkeyError('NOT_OWNED')
 * if a section of that name exists that Latchkey did not write (never overwrite a hand-written
 * profile); the message says so and suggests another --profile name. */
export async function writeManagedProfile(file: string, profile: string, creds: RoleCredentials, meta: { source: string } & IniWriteOptions): Promise<void> {
  assertProfileName(profile);
  const lines = sectionLines(profile, creds, meta.source);
  await editIniFile(
    file,
    (doc) => {
      const [first, ...rest] = ownedSections(doc, profile, file, 'overwrite');
      // Remove duplicates from the end first so earlier line indexes stay valid.
      for (const s of rest.reverse()) doc.removeSection(s);
      if (first) doc.replaceSection(first, lines);
      else doc.appendSection(lines);
    },
    meta,
  );
}

/** Removes the section only if Latchkey wrote it: returns true if removed, false if absent;
 * NOT_OWNED if hand-written. */
export async function removeManagedProfile(file: string, profile: string, options: IniWriteOptions = {}): Promise<boolean> {
  assertProfileName(profile);
  const current = await readIniFile(file);
  if (!current.sections().some((s) => s.name === profile)) return false; // nothing to lock for
  return editIniFile(
    file,
    (doc) => {
      const owned = ownedSections(doc, profile, file, 'remove');
      for (const s of owned.reverse()) doc.removeSection(s);
      return owned.length > 0;
    },
    options,
  );
}

export async function listManagedProfiles(file: string): Promise<ManagedProfile[]> {
  return managedProfiles(await readIniFile(file));
}

/** The same, synchronously (`latchkey status` answered by its small entry). */
export function listManagedProfilesSync(file: string): ManagedProfile[] {
  return managedProfiles(readIniFileSync(file));
}

function managedProfiles(doc: IniDocument): ManagedProfile[] {
  const values = doc.values();
  const out: ManagedProfile[] = [];
  for (const section of doc.sections()) {
    const marker = findMarker(doc, section);
    if (marker === undefined || out.some((p) => p.profile === section.name)) continue;
    const text = doc.lines[marker]?.text ?? '';
    const profile: ManagedProfile = { profile: section.name, source: /Managed by Latchkey \((.*)\)/.exec(text)?.[1] ?? '' };
    const expiration = parseTime(values.get(section.name)?.[EXPIRES_KEY]) ?? parseTime(/expires (\S+Z)\b/.exec(text)?.[1]);
    if (expiration !== undefined) profile.expiration = expiration;
    out.push(profile);
  }
  return out;
}

/** The credentials of a section Latchkey wrote, as they stand in the file now; undefined for a
 * missing or hand-written section, or one without all three values and its expiry. */
export async function readManagedProfile(file: string, profile: string): Promise<RoleCredentials | undefined> {
  const doc = await readIniFile(file);
  const section = doc.sections().find((s) => s.name === profile);
  if (!section || findMarker(doc, section) === undefined) return undefined;
  const values = doc.values().get(profile) ?? {};
  const expiration = parseTime(values[EXPIRES_KEY]);
  const [accessKeyId, secretAccessKey, sessionToken] = [values.aws_access_key_id, values.aws_secret_access_key, values.aws_session_token];
  if (!accessKeyId || !secretAccessKey || !sessionToken || expiration === undefined) return undefined;
  return { accessKeyId, secretAccessKey, sessionToken, expiration };
}

/** Every profile's key/values (for later features: IAM users' long-term keys). Missing file → empty map. */
export async function readCredentialsFile(file: string): Promise<Map<string, Record<string, string>>> {
  return (await readIniFile(file)).values();
}

/** The sections named `profile`, all of which must be Latchkey's. */
function ownedSections(doc: IniDocument, profile: string, file: string, action: 'overwrite' | 'remove'): IniSection[] {
  const owned: IniSection[] = [];
  for (const section of doc.sections()) {
    if (section.name !== profile) continue;
    const marker = findMarker(doc, section);
    if (marker === undefined) throw notOwned(profile, file, action);
    owned.push({ ...section, end: Math.max(section.end, marker + 1) });
  }
  return owned;
}

/** The marker's line index: a comment among the section's settings, or just under its header
 * when the section has no settings left. */
function findMarker(doc: IniDocument, section: IniSection): number | undefined {
  const hasSettings = section.end > section.start + 1;
  for (let i = section.start + 1; i < (hasSettings ? section.end : section.next); i++) {
    const line = doc.lines[i];
    if (line?.kind === 'comment' && MARKER.test(line.text)) return i;
    if (!hasSettings && line?.kind !== 'comment') return undefined;
  }
  return undefined;
}

function sectionLines(profile: string, creds: RoleCredentials, source: string): string[] {
  for (const [key, value] of Object.entries(creds)) {
    // A line break would let a value inject lines into the file; never echo the value itself.
    if (typeof value === 'string' && (!value || /[\r\n]/.test(value) || value !== value.trim())) {
      throw new LatchkeyError('BAD_INPUT', `The role credentials' ${key} is empty or not a single line; nothing was written.`);
    }
  }
  if (!Number.isFinite(creds.expiration)) throw new LatchkeyError('BAD_INPUT', "The role credentials' expiration is not a time; nothing was written.");
  const expires = new Date(creds.expiration).toISOString();
  const oneLineSource = source.replace(/[\r\n]+/g, ' ').trim();
  return [
    `[${profile}]`,
    `# Managed by Latchkey (${oneLineSource}); expires ${expires}. Remove with: latchkey unuse ${profile}`,
    `aws_access_key_id = ${creds.accessKeyId}`,
    `aws_secret_access_key = ${creds.secretAccessKey}`,
    `aws_session_token = ${creds.sessionToken}`,
    `${EXPIRES_KEY} = ${expires}`,
  ];
}

function notOwned(profile: string, file: string, action: 'overwrite' | 'remove'): LatchkeyError {
  const where = displayPath(file);
  return new LatchkeyError('NOT_OWNED', `The profile [${profile}] in ${where} was not written by Latchkey, so Latchkey will not ${action} it.`, {
    hint:
      action === 'overwrite'
        ? `Choose another profile name (for example ${profile}-latchkey), or remove [${profile}] from ${where} yourself.`
        : `Edit ${where} yourself if you want [${profile}] gone.`,
    ...(action === 'overwrite'
      ? { cliHint: `Choose another name with --profile (for example --profile ${profile}-latchkey), or remove [${profile}] from ${where} yourself.` }
      : {}),
  });
}

function parseTime(iso: string | undefined): number | undefined {
  const ms = iso === undefined ? NaN : Date.parse(iso);
  return Number.isNaN(ms) ? undefined : ms;
}
