import { LatchkeyError } from '../errors';
import { isoUtc } from '../sso/token-cache';
import type { RoleCredentials } from '../types';

// Credentials as lines a shell evaluates (`latchkey env`, the app's "copy as environment
// variables"). Every value is quoted for its shell so that nothing in it is ever run or expanded.

export type ShellKind = 'posix' | 'powershell' | 'cmd';

export const ENV_FORMATS = ['sh', 'fish', 'powershell', 'cmd', 'json', 'dotenv'] as const;
export type EnvFormat = (typeof ENV_FORMATS)[number];

/** Variables to set, in order, and variables to clear (where the format can clear one). */
export interface EnvChange {
  set: [string, string][];
  unset: string[];
}

/** The standard variables every AWS SDK reads for these credentials (and the region if known). */
export function credentialVariables(creds: RoleCredentials, region?: string, options: { expiration?: boolean } = {}): [string, string][] {
  const vars: [string, string][] = [
    ['AWS_ACCESS_KEY_ID', creds.accessKeyId],
    ['AWS_SECRET_ACCESS_KEY', creds.secretAccessKey],
    ['AWS_SESSION_TOKEN', creds.sessionToken],
  ];
  if (options.expiration !== false) vars.push(['AWS_CREDENTIAL_EXPIRATION', isoUtc(creds.expiration)]);
  if (region) vars.push(['AWS_REGION', region], ['AWS_DEFAULT_REGION', region]);
  return vars;
}

/** The app's clipboard text: the keys and the region, no expiry and nothing cleared. */
export function formatEnvExports(creds: RoleCredentials, shell: ShellKind = 'posix', region?: string): string {
  const set = credentialVariables(creds, undefined, { expiration: false });
  if (region) set.push(['AWS_REGION', region]);
  return formatEnvironment({ set, unset: [] }, shell === 'posix' ? 'sh' : shell);
}

export function formatEnvironment(change: EnvChange, format: EnvFormat): string {
  switch (format) {
    case 'json':
      return JSON.stringify(Object.fromEntries(change.set), null, 2) + '\n';
    case 'dotenv':
      return change.set.map(([name, value]) => `${name}=${quoteDotenv(name, value)}\n`).join('');
    case 'fish':
      return lines([...change.unset.map((n) => `set -e ${n}`), ...change.set.map(([n, v]) => `set -gx ${n} ${quoteFish(v)}`)]);
    case 'powershell':
      return lines([
        ...change.unset.map((n) => `Remove-Item Env:${n} -ErrorAction SilentlyContinue`),
        ...change.set.map(([n, v]) => `$Env:${n} = ${quotePowerShell(v)}`),
      ]);
    case 'cmd':
      return lines([...change.unset.map((n) => `set "${n}="`), ...change.set.map(([n, v]) => `set "${n}=${quoteCmd(n, v)}"`)]);
    case 'sh':
      return lines([...change.unset.map((n) => `unset ${n}`), ...change.set.map(([n, v]) => `export ${n}=${quotePosix(v)}`)]);
  }
}

const SAFE = /^[A-Za-z0-9_/+=.:,@-]+$/;

/** Single quotes keep every character literal in sh, dash, bash and zsh, line breaks included. */
export function quotePosix(value: string): string {
  return SAFE.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/** In fish's single quotes only \\ and \' are special. */
export function quoteFish(value: string): string {
  return `'${value.replace(/[\\']/g, '\\$&')}'`;
}

/** PowerShell's single quotes expand nothing; a quote (ASCII or the typographic ones
 * PowerShell also accepts) is doubled. */
export function quotePowerShell(value: string): string {
  return `'${value.replace(/['\u2018\u2019\u201a\u201b]/g, '$&$&')}'`;
}

/**
 * For a batch file (`call`ed): inside `set "NAME=value"` every character is literal except `%`,
 * which is doubled. cmd has no way to write a line break or a double quote in such a value, so
 * those are refused rather than mangled (AWS credentials never hold them).
 */
export function quoteCmd(name: string, value: string): string {
  if (/["\r\n\0]/.test(value)) {
    throw new LatchkeyError('BAD_INPUT', `${name} holds a double quote or a line break, which cmd cannot set safely.`, {
      hint: 'Use --format powershell or --format json.',
    });
  }
  return value.replace(/%/g, '%%');
}

/** Plain when safe; else double quotes with the escapes python-dotenv decodes (\\ \" \n \r).
 * Its reader takes a backslash before a quote for an escaped quote, so such a value is refused. */
export function quoteDotenv(name: string, value: string): string {
  if (SAFE.test(value)) return value;
  if (/\\("|$)/.test(value)) {
    throw new LatchkeyError('BAD_INPUT', `${name} holds a backslash before a quote or at its end, which dotenv readers misread.`, {
      hint: 'Use --format json.',
    });
  }
  const escaped = value.replace(/[\\"\n\r]/g, (c) => ({ '\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r' })[c]!);
  return `"${escaped}"`;
}

function lines(list: string[]): string {
  return list.map((l) => l + '\n').join('');
}
