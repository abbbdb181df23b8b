import { LatchkeyError } from '../errors';
import type { SsoSessionRef } from '../types';
import { assertRegion, assertSessionName, assertStartUrl, sameStartUrl } from '../validation';
import type { IniDocument, IniValues } from './ini';
import { shlexSplit } from './ini';
import { displayPath, editIniFile, readIniFile, readIniFileSync, type IniWriteOptions } from './ini-file';

// ~/.aws/config: read the way botocore's build_profile_map reads it, and add `[sso-session]`
// sections the way `aws configure sso` writes them. Latchkey never edits or removes anything
// else in this file.

export interface SsoSessionConfig {
  name: string;
  startUrl: string;
  region: string;
  registrationScopes: string[];
}

export interface AwsConfig {
  ssoSessions: SsoSessionConfig[];
  /** Profiles by name: `[default]` → 'default', `[profile dev]` → 'dev'. Values as written
   * (keys lower-cased as botocore reads them; a nested block such as `s3 =` reads
   * "\nkey = value…", see parseNestedValue). */
  profiles: Map<string, Record<string, string>>;
}

const SCOPES = 'sso:account:access';

/** Reads profiles and sso-sessions; a missing file reads as empty. Sessions lacking
 * sso_start_url or sso_region are left out (no SDK can use them either). */
export async function readAwsConfig(file: string): Promise<AwsConfig> {
  return toAwsConfig(await readIniFile(file));
}

/** The same, synchronously (the cached `credential-process` path). */
export function readAwsConfigSync(file: string): AwsConfig {
  return toAwsConfig(readIniFileSync(file));
}

function toAwsConfig(doc: IniDocument): AwsConfig {
  const profiles = new Map<string, Record<string, string>>();
  const sessions = new Map<string, SsoSessionConfig>();
  for (const [section, values] of doc.values()) {
    if (section === 'default') profiles.set('default', values);
    const name = namedSection(section, 'profile');
    if (name !== undefined) profiles.set(name, values);
    const sessionName = namedSection(section, 'sso-session');
    const session = sessionName === undefined ? undefined : toSession(sessionName, values);
    if (session) sessions.set(session.name, session);
  }
  return { ssoSessions: [...sessions.values()], profiles };
}

/** Adds `[sso-session NAME]` with sso_start_url, sso_region, sso_registration_scopes =
 * sso:account:access, like `aws configure sso`. 'exists' if an identical one is there;
 * LatchkeyError('BAD_INPUT') if a session of that name exists with other values. */
export async function addSsoSession(
  file: string,
  session: { name: string; startUrl: string; region: string },
  options: IniWriteOptions = {},
): Promise<'added' | 'exists'> {
  checkSessionInput(session);
  return editIniFile(
    file,
    (doc): 'added' | 'exists' => {
      for (const [section, values] of doc.values()) {
        if (namedSection(section, 'sso-session') !== session.name) continue;
        const existing = { startUrl: values.sso_start_url ?? '', region: values.sso_region ?? '' };
        if (sameStartUrl(existing.startUrl, session.startUrl) && existing.region === session.region) return 'exists';
        throw new LatchkeyError(
          'BAD_INPUT',
          `${displayPath(file)} already has an sso-session named "${session.name}" with start URL ${existing.startUrl || '(none)'} and region ${existing.region || '(none)'}.`,
          {
            hint: `Choose another session name, or edit [sso-session ${session.name}] in ${displayPath(file)}.`,
            cliHint: `Choose another name with --session, or edit [sso-session ${session.name}] in ${displayPath(file)}.`,
          },
        );
      }
      doc.appendSection([
        `[sso-session ${session.name}]`,
        `sso_start_url = ${session.startUrl}`,
        `sso_region = ${session.region}`,
        `sso_registration_scopes = ${SCOPES}`,
      ]);
      return 'added';
    },
    options,
  );
}

/** The NAME of a `[kind NAME]` header as botocore finds it: the header starts with `kind` and
 * splits (shell-style, so NAME may be quoted) into exactly two words. */
function namedSection(section: string, kind: 'profile' | 'sso-session'): string | undefined {
  if (!section.startsWith(kind)) return undefined;
  const parts = shlexSplit(section);
  return parts?.length === 2 ? parts[1] : undefined;
}

/** The session as the sign-in uses it: the scopes only when the config names some. */
export function toSessionRef(s: SsoSessionConfig): SsoSessionRef {
  return { name: s.name, startUrl: s.startUrl, region: s.region, ...(s.registrationScopes.length ? { scopes: [...s.registrationScopes] } : {}) };
}

function toSession(name: string, values: IniValues): SsoSessionConfig | undefined {
  const startUrl = values.sso_start_url;
  const region = values.sso_region;
  if (!startUrl || !region) return undefined;
  const registrationScopes = (values.sso_registration_scopes ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return { name, startUrl, region, registrationScopes };
}

function checkSessionInput(session: { name: string; startUrl: string; region: string }): void {
  assertSessionName(session.name);
  assertStartUrl(session.startUrl);
  assertRegion(session.region);
}
