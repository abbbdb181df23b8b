import { randomBytes } from 'node:crypto';

/** mulberry32: a tiny seeded PRNG so the organisation and injected failures are reproducible. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Secrets come from the OS CSPRNG, not the seed: two fakes must never issue the same token,
// or a test could pass by accident with the other fake's secret.
export function randomToken(bytes: number): string {
  return randomBytes(bytes).toString('base64url');
}

const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
export function randomUpper(length: number): string {
  const buf = randomBytes(length);
  let out = '';
  for (let i = 0; i < length; i++) out += UPPER_ALNUM[buf[i]! % UPPER_ALNUM.length];
  return out;
}

// User codes avoid look-alike letters (no I, O, 0, 1), like AWS's.
const USER_CODE_ALPHABET = 'BCDFGHJKLMNPQRSTVWXZ';
export function randomUserCode(): string {
  const buf = randomBytes(8);
  let out = '';
  for (let i = 0; i < 8; i++) {
    if (i === 4) out += '-';
    out += USER_CODE_ALPHABET[buf[i]! % USER_CODE_ALPHABET.length];
  }
  return out;
}

/** A secret access key: 40 characters of base64 like AWS's. */
export function randomSecretKey(): string {
  return randomBytes(30).toString('base64');
}
