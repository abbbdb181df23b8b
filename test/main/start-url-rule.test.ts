import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assertStartUrl, isValidStartUrl } from '../../src/core/validation';
import { allowedExternalUrl } from '../../src/main/url-allowlist';
import { invokeChannels } from '../../src/shared/contract';
import { startUrl as startUrlSchema } from '../../src/shared/schemas';
import { latchkeyErrorThrownBy } from '../helpers/errors';

// One start-URL rule wherever a start URL is accepted: the core (the command, ~/.aws/config),
// the app's IPC door (the shared schema, which may not import the core) and the browser
// allow-list, which lets the configured start URLs' hosts through.

const atTheDoor = (url: string) => invokeChannels['sessions.add'].request.safeParse({ startUrl: url, region: 'eu-west-1' }).success;

/** Start URLs whose host, as a URL parser reads it, is not the host as typed. */
const DISGUISED = [
  'https://evil.example\\.awsapps.com/start', // a backslash is "/" to the parser: host evil.example
  'https://evil.example\\@corp.awsapps.com/start',
  'https://corp.awsapps.com/start\\..\\x', // a backslash anywhere
  'https://corp%2eawsapps.com/start', // percent-decoded into another host
  'https://0x7f.0.0.1/start', // a hex IPv4 address the parser rewrites
  'https://CORP.awsapps.com:443/start', // the default port dropped: not the host as typed
];

describe('the start-URL rule', () => {
  it.each(DISGUISED)('the core, the IPC door and the allow-list all refuse %s', (url) => {
    expect(allowedExternalUrl('https://evil.example/phish', { startUrls: [url] })).toBeUndefined();
    const err = latchkeyErrorThrownBy(() => assertStartUrl(url));
    expect(err.code).toBe('BAD_INPUT');
    expect(err.message).toMatch(/is not a valid start URL/);
    expect(atTheDoor(url)).toBe(false);
    // Read from ~/.aws/config, it widens the browser allow-list by nothing.
    const page = `https://${new URL(url).hostname}/phish`;
    expect(allowedExternalUrl(page, { startUrls: [url] })).toBe(allowedExternalUrl(page));
  });

  it.each([
    'https://d-1234567890.awsapps.com/start',
    'https://My-Company.awsapps.com/start/#/',
    'https://sso.example.org:8443/start?x=1',
    'https://portal.example.com.',
  ])('all three accept %s, and the allow-list lets its host through', (url) => {
    expect(() => assertStartUrl(url)).not.toThrow();
    expect(atTheDoor(url)).toBe(true);
    expect(allowedExternalUrl(`https://${new URL(url).hostname}/start`, { startUrls: [url] })).toBeDefined();
  });

  it('the IPC door and the core agree on any URL-like text', () => {
    const piece = fc.constantFrom(
      'a',
      'Z',
      '0',
      '-',
      '.',
      '..',
      '\\',
      '%2e',
      '%41',
      '@',
      ':',
      ':443',
      ':8443',
      '[',
      ']',
      '::1',
      '0x7f',
      '/',
      '?',
      '#',
      ' ',
      '\t',
      'é',
      'awsapps.com',
      'xn--e1a',
    );
    const url = fc
      .tuple(
        fc.constantFrom('https://', 'HTTPS://', 'http://', 'https:/', 'https:\\\\', ''),
        fc.array(piece, { maxLength: 8 }),
        fc.constantFrom('', '/start', '/start/#/', '?a=b', '\\start'),
      )
      .map(([scheme, host, rest]) => scheme + host.join('') + rest);
    fc.assert(
      fc.property(url, (u) => {
        expect([u, startUrlSchema.safeParse(u).success]).toEqual([u, isValidStartUrl(u)]);
      }),
      { seed: 20261123, numRuns: 5_000 },
    );
  });
});
