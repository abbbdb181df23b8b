import { afterEach, describe, expect, it } from 'vitest';
import { clearRegisteredSecrets, redactAndShorten, registerSecret } from '../../src/core/redact';
import { mapOidcError } from '../../src/core/sso/oidc';
import { holdsPartOf } from '../helpers/errors';

// Text shortened for an error or a log line is masked first, then cut: a secret cut in half
// first is no longer recognised, and its first half would be printed.

const KEY = 'wJalrXUtnFEMIK7MDENGbPxRfiCYzEXAMPLEKEY0';

afterEach(() => clearRegisteredSecrets());

describe('redactAndShorten', () => {
  it('masks a registered secret that straddles the cut', () => {
    registerSecret(KEY);
    const text = `refused: ${'x'.repeat(80)} ${KEY} and more`;
    const out = redactAndShorten(text, 100); // the cut falls inside KEY
    expect(holdsPartOf(out, KEY)).toBe(false);
    expect(out).toMatch(/^refused: x+ \[REDACT/);
    expect(Array.from(out)).toHaveLength(100);
    expect(out.endsWith('…')).toBe(true);
  });

  it('masks a secret field whose value straddles the cut, registered or not', () => {
    const body = `{"message":"${'y'.repeat(70)}","SecretAccessKey":"${KEY}","SessionToken":"${KEY}2"}`;
    const out = redactAndShorten(body, 110);
    expect(holdsPartOf(out, KEY)).toBe(false);
    expect(out).toMatch(/"SecretAccessKey":"\[RED/);
  });

  it('cuts at a character, not inside a surrogate pair, and leaves short text alone', () => {
    expect(redactAndShorten('ab😀cd', 4)).toBe('ab😀…');
    expect(redactAndShorten('short', 80)).toBe('short');
  });
});

describe('errors that shorten what they quote', () => {
  it('an SSO-OIDC network failure quoting a secret at its 300th character does not print part of it', () => {
    registerSecret(KEY);
    const err = Object.assign(new Error(`connect failed ${'z'.repeat(270)} ${KEY}`), { code: 'ECONNRESET' });
    const mapped = mapOidcError(err, 'token', { name: 'work', startUrl: 'https://corp.awsapps.com/start', region: 'us-east-1' });
    expect(mapped.code).toBe('NETWORK');
    expect(mapped.message).toContain('[REDACT');
    expect(holdsPartOf(mapped.message, KEY)).toBe(false);
  });
});
