import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readStoredIamUser, storeIamUser } from '../../src/core/iam/secret-store';
import { KeychainSecretStore, type SafeStorageLike } from '../../src/main/keychain-secrets';
import { tempHome } from '../../devkit/home';

// IAM users' long-term keys kept with the OS keychain's key: never readable from the file,
// refused where the "keychain" is a well-known password, and every write atomic and private.

let dir: string;
let calls: string[];

function keychain(opts: { available?: boolean; backend?: string; rotate?: boolean } = {}): SafeStorageLike {
  return {
    isAsyncEncryptionAvailable: async () => opts.available ?? true,
    getSelectedStorageBackend: () => opts.backend ?? 'gnome_libsecret',
    // A stand-in cipher: reversible, but nothing like the plain text.
    encryptStringAsync: async (text) => {
      calls.push('encrypt');
      return Buffer.from(Buffer.from(text, 'utf8').toString('hex').split('').reverse().join(''));
    },
    decryptStringAsync: async (data) => {
      calls.push('decrypt');
      return { result: Buffer.from(data.toString().split('').reverse().join(''), 'hex').toString('utf8'), shouldReEncrypt: opts.rotate ?? false };
    },
  };
}

beforeEach(async () => {
  dir = (await tempHome('keychain')).home;
  calls = [];
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

describe('KeychainSecretStore', () => {
  it('sets a damaged secrets file aside instead of overwriting it', async () => {
    const store = await KeychainSecretStore.open(keychain(), dir, 'linux');
    const damaged = '{"version":1,"entries":{"iam-user:alice":"c2VjcmV0"'; // cut short
    await fs.writeFile(store.file, damaged, { mode: 0o600 });
    expect(await store.list()).toEqual([]);
    await storeIamUser(store, { profile: 'bob', accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: SECRET });
    expect(await store.list()).toEqual(['iam-user:bob']);
    const aside = (await fs.readdir(dir)).filter((f) => f.startsWith('secrets.json.corrupt-'));
    expect(aside).toHaveLength(1);
    expect(await fs.readFile(path.join(dir, aside[0]!), 'utf8')).toBe(damaged);
  });

  it('round-trips an IAM user; the file holds no readable secret and is private to the user', async () => {
    const store = await KeychainSecretStore.open(keychain(), dir, 'linux');
    expect(store.availability()).toEqual({ ok: true });
    await storeIamUser(store, {
      profile: 'alice',
      accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
      secretAccessKey: SECRET,
      mfaSerial: 'arn:aws:iam::123456789012:mfa/alice',
    });
    const text = await fs.readFile(store.file, 'utf8');
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain('AKIAIOSFODNN7EXAMPLE');
    if (process.platform !== 'win32') expect((await fs.stat(store.file)).mode & 0o777).toBe(0o600);
    // A new process (a restart) reads it back.
    const again = await KeychainSecretStore.open(keychain(), dir, 'linux');
    expect(await readStoredIamUser(again, 'alice')).toMatchObject({ accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: SECRET });
    expect(await again.list()).toEqual(['iam-user:alice']);
    expect(await again.delete('iam-user:alice')).toBe(true);
    expect(await again.delete('iam-user:alice')).toBe(false);
    expect(await again.get('iam-user:alice')).toBeUndefined();
  });

  it('parallel writes keep every entry', async () => {
    const store = await KeychainSecretStore.open(keychain(), dir, 'darwin');
    await Promise.all(Array.from({ length: 8 }, (_, i) => store.set(`k${i}`, `value-${i}-0123456789`)));
    expect((await store.list()).sort()).toEqual(Array.from({ length: 8 }, (_, i) => `k${i}`));
    expect(await store.get('k5')).toBe('value-5-0123456789');
  });

  it('refuses to store where there is no real keychain: none at all, or Linux basic_text', async () => {
    for (const [platform, opts] of [
      ['darwin', { available: false }],
      ['linux', { backend: 'basic_text' }],
      ['linux', { backend: 'unknown' }],
    ] as const) {
      const store = await KeychainSecretStore.open(keychain(opts), dir, platform);
      expect(store.availability().ok, `${platform} ${JSON.stringify(opts)}`).toBe(false);
      await expect(store.set('x', 'y'.repeat(20))).rejects.toMatchObject({ code: 'UNSUPPORTED' });
    }
    await expect(fs.access(path.join(dir, 'secrets.json'))).rejects.toThrow();
    expect(calls).toEqual([]);
  });

  it('re-encrypts a value when the OS says its key changed', async () => {
    const store = await KeychainSecretStore.open(keychain({ rotate: true }), dir, 'win32');
    await store.set('k', 'value-0123456789');
    calls = [];
    expect(await store.get('k')).toBe('value-0123456789');
    expect(calls).toEqual(['decrypt', 'encrypt']);
  });

  it('a damaged file is read as empty, not as an error', async () => {
    await fs.writeFile(path.join(dir, 'secrets.json'), '{ not json');
    const store = await KeychainSecretStore.open(keychain(), dir, 'linux');
    expect(await store.list()).toEqual([]);
    await store.set('k', 'value-0123456789');
    expect(await store.get('k')).toBe('value-0123456789');
  });
});
