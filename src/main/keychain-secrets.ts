import fs from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomicSafe } from '../core/aws/atomic-write';
import { assertAvailable, safeStorageAvailability, type SecretStore, type SecretStoreAvailability } from '../core/iam/secret-store';

// The core's SecretStore over Electron's safeStorage (macOS Keychain, Windows DPAPI, libsecret
// or KWallet on Linux): each value is encrypted by the OS-held key and kept, as base64, in
// secrets.json next to Latchkey's state (mode 0600). The file alone reveals nothing.

/** The part of Electron's safeStorage this uses (the async API of Electron 45+). */
export interface SafeStorageLike {
  isAsyncEncryptionAvailable(): Promise<boolean>;
  getSelectedStorageBackend?(): string;
  encryptStringAsync(plainText: string): Promise<Buffer>;
  decryptStringAsync(encrypted: Buffer): Promise<{ result: string; shouldReEncrypt: boolean }>;
}

interface SecretsFile {
  version: 1;
  entries: Record<string, string>;
  /** Set when the file on disk is not valid JSON (never written back). */
  unreadable?: true;
}

export const SECRETS_FILE_NAME = 'secrets.json';

export class KeychainSecretStore implements SecretStore {
  readonly file: string;
  /** Serialises read-modify-write of the file within the app (only the app writes it). */
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly safeStorage: SafeStorageLike,
    directory: string,
    private readonly verdict: SecretStoreAvailability,
  ) {
    this.file = path.join(directory, SECRETS_FILE_NAME);
  }

  /** Call after app 'ready' (safeStorage needs it). */
  static async open(safeStorage: SafeStorageLike, directory: string, platform: NodeJS.Platform): Promise<KeychainSecretStore> {
    const encryptionAvailable = await safeStorage.isAsyncEncryptionAvailable().catch(() => false);
    const linuxBackend = platform === 'linux' ? safeStorage.getSelectedStorageBackend?.() : undefined;
    const verdict = safeStorageAvailability({ platform, encryptionAvailable, ...(linuxBackend ? { linuxBackend } : {}) });
    return new KeychainSecretStore(safeStorage, directory, verdict);
  }

  availability(): SecretStoreAvailability {
    return this.verdict;
  }

  async get(name: string): Promise<string | undefined> {
    const stored = (await this.read()).entries[name];
    if (stored === undefined || !this.verdict.ok) return undefined;
    const { result, shouldReEncrypt } = await this.safeStorage.decryptStringAsync(Buffer.from(stored, 'base64'));
    // The OS rotated its key: store the value again under the new one.
    if (shouldReEncrypt) await this.set(name, result);
    return result;
  }

  async set(name: string, value: string): Promise<void> {
    assertAvailable(this);
    const encrypted = (await this.safeStorage.encryptStringAsync(value)).toString('base64');
    await this.update((file) => {
      file.entries[name] = encrypted;
    });
  }

  async delete(name: string): Promise<boolean> {
    let existed = false;
    await this.update((file) => {
      existed = name in file.entries;
      delete file.entries[name];
    });
    return existed;
  }

  async list(): Promise<string[]> {
    return Object.keys((await this.read()).entries);
  }

  private update(mutate: (file: SecretsFile) => void): Promise<void> {
    const run = this.queue.then(async () => {
      const file = await this.read();
      // A file that cannot be read is kept beside the new one, never overwritten: its
      // entries may still be recoverable by hand.
      if (file.unreadable) await fs.rename(this.file, `${this.file}.corrupt-${Date.now()}`);
      delete file.unreadable;
      mutate(file);
      await writeFileAtomicSafe(this.file, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async read(): Promise<SecretsFile> {
    let text: string;
    try {
      text = await fs.readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, entries: {} };
      throw err;
    }
    try {
      const parsed = JSON.parse(text) as Partial<SecretsFile>;
      const entries: Record<string, string> = {};
      for (const [k, v] of Object.entries(parsed.entries ?? {})) if (typeof v === 'string') entries[k] = v;
      return { version: 1, entries };
    } catch {
      // Not JSON (cut short, edited by hand): read as empty; the next write sets it aside.
      return { version: 1, entries: {}, unreadable: true };
    }
  }
}
