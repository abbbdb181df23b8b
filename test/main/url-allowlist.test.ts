import { describe, expect, it } from 'vitest';
import { allowedExternalUrl, externalOpener, isAllowedExternalUrl, loopbackAllowedFromEnv } from '../../src/main/url-allowlist';

// shell.openExternal hands URLs to the OS: only the AWS pages Latchkey has reason to open pass.

describe('isAllowedExternalUrl', () => {
  it.each([
    'https://d-1234567890.awsapps.com/start',
    'https://my-company.awsapps.com/start/#/console?account_id=1',
    'https://signin.aws.amazon.com/federation?Action=login&SigninToken=x',
    'https://signin.amazonaws-us-gov.com/federation',
    'https://signin.amazonaws.cn/federation',
    'https://console.aws.amazon.com/s3/home',
    'https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1',
    'https://console.amazonaws-us-gov.com/',
    'https://console.amazonaws.cn/',
    'https://device.sso.us-east-1.amazonaws.com/?user_code=ABCD-EFGH',
    'https://oidc.eu-central-1.amazonaws.com/authorize?response_type=code',
    'https://docs.aws.amazon.com/singlesignon/latest/userguide/',
    'https://SIGNIN.AWS.AMAZON.COM/federation',
    'https://console.aws.amazon.com:443/',
    'https://ssoins-1234567890abcdef.eusc-de-east-1.portal.amazonaws.eu/',
    'https://eusc-de-east-1.signin.amazonaws-eusc.eu/federation?Action=login&SigninToken=x',
    'https://console.amazonaws-eusc.eu/ec2/home?region=eusc-de-east-1',
    'https://oidc.eusc-de-east-1.amazonaws.eu/authorize?response_type=code',
    'https://device.sso.eusc-de-east-1.amazonaws.eu/?user_code=ABCD-EFGH',
  ])('allows %s', (url) => {
    expect(isAllowedExternalUrl(url)).toBe(true);
  });

  it.each([
    ['plain http to AWS', 'http://signin.aws.amazon.com/federation'],
    ['a look-alike host', 'https://signin.aws.amazon.com.evil.example/'],
    ['a suffix trick', 'https://evilawsapps.com/start'],
    ['credentials in the authority', 'https://console.aws.amazon.com@evil.example/'],
    ['user info on an allowed host', 'https://user:pw@console.aws.amazon.com/'],
    ['a nested subdomain of awsapps', 'https://a.b.awsapps.com/start'],
    ['another port', 'https://console.aws.amazon.com:8443/'],
    ['a file URL', 'file:///etc/passwd'],
    ['javascript', 'javascript:alert(1)'],
    ['a custom protocol', 'ms-settings:privacy'],
    ['smb', 'smb://attacker/share'],
    ['amazon.com itself', 'https://www.amazon.com/'],
    ['user info that looks like the host', 'https://signin.aws.amazon.com@evil.com/'],
    ['a hyphenated look-alike', 'https://evil-awsapps.com/start'],
    ['awsapps as a subdomain of another site', 'https://awsapps.com.evil.com/start'],
    ['awsapps.com itself', 'https://awsapps.com/'],
    ['a homograph (Cyrillic a, punycode)', 'https://d-1234567890.\u0430wsapps.com/start'],
    ['a punycode host posing as the console', 'https://xn--console-aws-amazon-com.example/'],
    ['a trailing dot', 'https://signin.aws.amazon.com./federation'],
    ['an encoded dot that makes another host', 'https://console.aws.amazon.com%2eevil.com/'],
    ['javascript in upper case', 'JAVASCRIPT:alert(1)'],
    ['a data URL', 'data:text/html,<script>alert(1)</script>'],
    ['a backslash making the AWS host a path', 'https://evil.com\\@signin.aws.amazon.com/'],
    ['garbage', 'not a url'],
    ['empty', ''],
    ['loopback without the option', 'http://127.0.0.1:4567/federation'],
    ['loopback https without the option', 'https://127.0.0.1/'],
    ['plain http to a European Sovereign Cloud portal', 'http://ssoins-1234567890abcdef.eusc-de-east-1.portal.amazonaws.eu/'],
    ['plain http to the European Sovereign Cloud sign-in', 'http://eusc-de-east-1.signin.amazonaws-eusc.eu/federation'],
    ['a portal host outside the sovereign region', 'https://ssoins-1.us-east-1.portal.amazonaws.eu/'],
    ['a look-alike of the sovereign portal', 'https://ssoins-1.eusc-de-east-1.portal.amazonaws.eu.evil.example/'],
    ['the bare sovereign portal domain', 'https://portal.amazonaws.eu/'],
  ])('refuses %s', (_what, url) => {
    expect(isAllowedExternalUrl(url)).toBe(false);
  });

  it('hands the OS the normalised URL it checked, never the raw string another parser could read differently', () => {
    expect(allowedExternalUrl('https://signin.aws.amazon.com\\@evil.com/')).toBe('https://signin.aws.amazon.com/@evil.com/');
    expect(allowedExternalUrl('https://sign\tin.aws.amazon.com/fed\neration')).toBe('https://signin.aws.amazon.com/federation');
    expect(allowedExternalUrl('  HTTPS://Console.AWS.Amazon.com:443/s3/ ')).toBe('https://console.aws.amazon.com/s3/');
    expect(allowedExternalUrl('https://console.aws.amazon.com/"><script>')).toBe('https://console.aws.amazon.com/%22%3E%3Cscript%3E');
    expect(allowedExternalUrl('https://evil.example/')).toBeUndefined();
  });

  it('allows the hosts of the configured start URLs, https only', () => {
    const startUrls = ['https://sso.example.com/start', 'http://insecure.example.com/start', 'not a url'];
    expect(isAllowedExternalUrl('https://sso.example.com/start#/', { startUrls })).toBe(true);
    expect(isAllowedExternalUrl('https://other.example.com/', { startUrls })).toBe(false);
    expect(isAllowedExternalUrl('https://insecure.example.com/start', { startUrls })).toBe(false);
    expect(isAllowedExternalUrl('http://sso.example.com/start', { startUrls })).toBe(false);
  });

  it('allows loopback http only with the explicit option, and still nothing else over http', () => {
    const opts = { allowLoopback: true };
    expect(isAllowedExternalUrl('http://127.0.0.1:4567/federation?Action=login', opts)).toBe(true);
    expect(isAllowedExternalUrl('http://localhost:8080/start', opts)).toBe(true);
    expect(isAllowedExternalUrl('http://[::1]:9/x', opts)).toBe(true);
    expect(isAllowedExternalUrl('http://10.0.0.1/', opts)).toBe(false);
    expect(isAllowedExternalUrl('http://example.com/', opts)).toBe(false);
    expect(isAllowedExternalUrl('http://127.0.0.1.evil.example/', opts)).toBe(false);
  });
});

describe('loopbackAllowedFromEnv', () => {
  it('is on with LATCHKEY_ALLOW_LOOPBACK_URLS=1 or a loopback federation endpoint, off otherwise', () => {
    expect(loopbackAllowedFromEnv({})).toBe(false);
    expect(loopbackAllowedFromEnv({ LATCHKEY_ALLOW_LOOPBACK_URLS: '1' })).toBe(true);
    expect(loopbackAllowedFromEnv({ LATCHKEY_ALLOW_LOOPBACK_URLS: 'true' })).toBe(false);
    expect(loopbackAllowedFromEnv({ LATCHKEY_FEDERATION_ENDPOINT: 'http://127.0.0.1:4000/federation' })).toBe(true);
    expect(loopbackAllowedFromEnv({ LATCHKEY_FEDERATION_ENDPOINT: 'https://signin.aws.amazon.com/federation' })).toBe(false);
    expect(loopbackAllowedFromEnv({ LATCHKEY_FEDERATION_ENDPOINT: '::bad' })).toBe(false);
  });
});

describe('externalOpener', () => {
  it('opens only the normalised URL it checked, reads the start URLs at each call, and names only the host of a refused one', async () => {
    const opened: string[] = [];
    const refused: string[] = [];
    let startUrls: string[] = [];
    const open = externalOpener({
      startUrls: async () => startUrls,
      allowLoopback: false,
      open: async (u) => void opened.push(u),
      onRefused: (h) => void refused.push(h),
    });

    await open('https://SIGNIN.aws.amazon.com/federation?Action=login');
    expect(opened).toEqual(['https://signin.aws.amazon.com/federation?Action=login']);

    await expect(open('https://sso.example.com/start?token=abc')).rejects.toMatchObject({ code: 'ACCESS_DENIED' });
    expect(refused).toEqual(['sso.example.com']);
    startUrls = ['https://sso.example.com/start'];
    await open('https://sso.example.com/start');
    expect(opened).toHaveLength(2);
  });
});
