import { describe, expect, it } from 'vitest';
import { printableOpenedUrl, withSecretsMasked } from '../../harness/printable-url';

// npm run dev:web prints every URL the app opens; pointed at real AWS it must not print a live
// console sign-in token.

describe('printableOpenedUrl', () => {
  it('masks the SigninToken of a real AWS console sign-in URL, keeping where it leads', () => {
    const token = 'VERYSECRETSIGNINTOKEN0123456789abcdef';
    const url = `https://signin.aws.amazon.com/federation?Action=login&Issuer=latchkey&Destination=${encodeURIComponent('https://console.aws.amazon.com/ec2')}&SigninToken=${token}`;
    const printed = printableOpenedUrl(url);
    expect(printed).not.toContain(token);
    expect(printed).toContain('SigninToken=%5BREDACTED%5D');
    expect(printed).toContain('Destination=https%3A%2F%2Fconsole.aws.amazon.com%2Fec2');
    expect(printed).toMatch(/not printed/);
  });

  it('masks a Session parameter too, whatever its case', () => {
    const printed = printableOpenedUrl('https://signin.aws.amazon.com/federation?Action=getSigninToken&session=%7B%22sessionKey%22%3A%22abc%22%7D');
    expect(printed).not.toContain('sessionKey');
  });

  it("prints the emulator's URLs whole: the developer opens them by hand to approve a sign-in", () => {
    const url = 'http://127.0.0.1:4567/federation?Action=login&SigninToken=fake-token-123456789';
    expect(printableOpenedUrl(url)).toBe(url);
  });

  it('prints a real device-verification page whole: it carries no secret', () => {
    const url = 'https://device.sso.eu-west-1.amazonaws.com/?user_code=ABCD-EFGH';
    expect(printableOpenedUrl(url)).toBe(url);
  });
});

describe('withSecretsMasked (what the harness records for a test)', () => {
  it('masks SigninToken and Session whatever the host, the emulator included', () => {
    const url = 'http://127.0.0.1:4567/federation?Action=login&Destination=https%3A%2F%2Fconsole.aws.amazon.com%2F&SigninToken=fake-token-123456789';
    const masked = withSecretsMasked(url);
    expect(masked).not.toContain('fake-token-123456789');
    expect(new URL(masked).searchParams.get('SigninToken')).toBe('[REDACTED]');
    expect(new URL(masked).searchParams.get('Destination')).toBe('https://console.aws.amazon.com/');
    expect(withSecretsMasked('https://device.sso.eu-west-1.amazonaws.com/?user_code=ABCD-EFGH')).toBe(
      'https://device.sso.eu-west-1.amazonaws.com/?user_code=ABCD-EFGH',
    );
  });
});
