import { LatchkeyError } from './errors';
import { redactAndShorten } from './redact';
import { isProfileName } from '../shared/profile-name';

// Input checks shared by every layer that takes a region, a start URL or a session name from
// a person (the command, the app, ~/.aws/config): one wording, one rule.

// Two letters (us-east-1, us-gov-west-1, us-iso-east-1), or "eusc" for the AWS European
// Sovereign Cloud (eusc-de-east-1): the region patterns of botocore's partitions.json.
export const REGION_SHAPE = /^(?:[a-z]{2}|eusc)(-[a-z]+)+-\d{1,2}$/;

/** Longer start URLs are not AWS access portal URLs (the app's IPC schema has the same cap). */
export const MAX_START_URL_LENGTH = 512;

/** Input quoted for an error message: on one line (line breaks and other control characters
 * escaped, so a pasted "x\n[evil]" cannot add lines to the output), secrets masked, and at most
 * ~80 characters. */
export function quoteInput(input: string): string {
  return JSON.stringify(redactAndShorten(input, 80)).replace(/[\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function assertRegion(region: string): void {
  if (!REGION_SHAPE.test(region)) {
    throw new LatchkeyError('BAD_INPUT', `${quoteInput(region)} is not an AWS region.`, {
      hint: 'Use the region where IAM Identity Center is enabled, for example us-east-1 or eu-west-1.',
    });
  }
}

export function assertStartUrl(startUrl: string): void {
  let url: URL | undefined;
  try {
    url = new URL(startUrl);
  } catch {
    url = undefined;
  }
  const hint = 'The start URL is your AWS access portal URL, for example https://my-company.awsapps.com/start.';
  if (url && (url.username || url.password)) {
    // Never echoed: the part before "@" may be a password.
    throw new LatchkeyError('BAD_INPUT', 'The start URL must not hold a user name or password ("name:password@").', { hint });
  }
  // Printable ASCII only: portal URLs have no spaces, controls or non-ASCII look-alike letters.
  // The host must be written out as typed, with a dot inside it: the URL parser reads
  // "https:///start" as host "start". And it must be the host the parser finds: URL parsers read
  // a backslash as "/", so "https://evil.example\.awsapps.com/start" is evil.example (which the
  // browser allow-list would then let through); "%2e" or "0x7f.1" are decoded. The app's IPC
  // door (src/shared/schemas.ts) applies the same rule.
  const typedHost = /^https:\/\/([^/?#]+)/i.exec(startUrl)?.[1];
  if (
    !url ||
    url.protocol !== 'https:' ||
    !url.hostname ||
    !typedHost ||
    !/.\../.test(typedHost) ||
    url.host !== typedHost.toLowerCase() ||
    startUrl.includes('\\') ||
    startUrl.length > MAX_START_URL_LENGTH ||
    /[^\x21-\x7e]/.test(startUrl)
  ) {
    throw new LatchkeyError('BAD_INPUT', `${quoteInput(startUrl)} is not a valid start URL.`, { hint });
  }
}

/** True when `startUrl` passes assertStartUrl. */
export function isValidStartUrl(startUrl: string): boolean {
  try {
    assertStartUrl(startUrl);
    return true;
  } catch {
    return false;
  }
}

/** Start URLs compare without case and trailing slashes or fragments: people paste them with
 * or without `/`, `#` or `#/` at the end. */
export function normaliseStartUrl(url: string): string {
  return url
    .trim()
    .replace(/[/#]+$/, '')
    .toLowerCase();
}

export function sameStartUrl(a: string, b: string): boolean {
  return normaliseStartUrl(a) === normaliseStartUrl(b);
}

export function assertSessionName(name: string): void {
  // At most 64 characters, as the app's IPC schema allows.
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(name)) {
    throw new LatchkeyError('BAD_INPUT', `${quoteInput(name)} cannot be used as an sso-session name.`, {
      hint: 'Use up to 64 letters, digits, "-", "_" and "." (for example "my-company").',
    });
  }
}

/** Profile names Latchkey writes: safe in a section header and on a command line, at most 64
 * characters, and never `DEFAULT`, which configparser would apply to every profile. */
export function assertProfileName(profile: string): void {
  if (!isProfileName(profile)) {
    throw new LatchkeyError('BAD_INPUT', `${quoteInput(profile)} cannot be used as a profile name.`, {
      hint: 'Use up to 64 letters, digits and - _ . @ + = , : / (for example "dev" or "prod-admin").',
    });
  }
}
