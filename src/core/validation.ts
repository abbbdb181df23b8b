import { LatchkeyError } from './errors';

// Input checks shared by every layer that takes a region, a start URL or a session name from
// a person (the command, the app, ~/.aws/config): one wording, one rule.

export const REGION_SHAPE = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

export function assertRegion(region: string): void {
  if (!REGION_SHAPE.test(region)) {
    throw new LatchkeyError('BAD_INPUT', `"${region}" is not an AWS region.`, {
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
  if (!url || url.protocol !== 'https:' || !url.hostname || /\s/.test(startUrl)) {
    throw new LatchkeyError('BAD_INPUT', `"${startUrl}" is not a valid start URL.`, {
      hint: 'The start URL is your AWS access portal URL, for example https://my-company.awsapps.com/start.',
    });
  }
}

/** Start URLs compare without case and trailing slashes or fragments: people paste them with
 * or without `/`, `#` or `#/` at the end. */
export function normaliseStartUrl(url: string): string {
  return url.trim().replace(/[/#]+$/, '').toLowerCase();
}

export function sameStartUrl(a: string, b: string): boolean {
  return normaliseStartUrl(a) === normaliseStartUrl(b);
}

export function assertSessionName(name: string): void {
  if (!/^[A-Za-z0-9_.-]+$/.test(name)) {
    throw new LatchkeyError('BAD_INPUT', `"${name}" cannot be used as an sso-session name.`, {
      hint: 'Use letters, digits, "-", "_" and "." (for example "my-company").',
    });
  }
}

/** Profile names Latchkey writes: safe in a section header and on a command line, at most 64
 * characters, and never `DEFAULT`, which configparser would apply to every profile. */
export function assertProfileName(profile: string): void {
  if (!/^[A-Za-z0-9_.@+=,:/-]{1,64}$/.test(profile) || profile === 'DEFAULT') {
    throw new LatchkeyError('BAD_INPUT', `"${profile}" cannot be used as a profile name.`, {
      hint: 'Use up to 64 letters, digits and - _ . @ + = , : / (for example "dev" or "prod-admin").',
    });
  }
}
