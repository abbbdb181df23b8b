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

export function assertSessionName(name: string): void {
  if (!/^[A-Za-z0-9_.-]+$/.test(name)) {
    throw new LatchkeyError('BAD_INPUT', `"${name}" cannot be used as an sso-session name.`, {
      hint: 'Use letters, digits, "-", "_" and "." (for example "my-company").',
    });
  }
}
