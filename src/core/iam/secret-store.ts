import { LatchkeyError } from '../errors';
import { registerSecret } from '../redact';
import { assertProfileName } from '../validation';

// Where the app keeps IAM users' long-term keys when they are not in ~/.aws/credentials: the
// OS keychain (Electron safeStorage, provided by the main process). The core only knows this
// interface, so it never imports Electron and tests use the in-memory store below.

export type SecretStoreAvailability = { ok: true } | { ok: false; reason: string };

export interface SecretStore {
  /** Whether secrets can be kept safely; set() refuses when not. */
  availability(): SecretStoreAvailability;
  get(name: string): Promise<string | undefined>;
  set(name: string, value: string): Promise<void>;
  delete(name: string): Promise<boolean>;
  /** The names stored (not secret). */
  list(): Promise<string[]>;
}

/**
 * The verdict for Electron's safeStorage, from what it reports: on Linux the `basic_text`
 * backend "encrypts" with a hard-coded password, which is no protection, so it is refused.
 */
export function safeStorageAvailability(input: { platform: NodeJS.Platform; encryptionAvailable: boolean; linuxBackend?: string }): SecretStoreAvailability {
  if (!input.encryptionAvailable) {
    return { ok: false, reason: 'The system keychain is not available, so Latchkey cannot store access keys safely. Keep them in ~/.aws/credentials instead.' };
  }
  if (input.platform === 'linux' && (input.linuxBackend === 'basic_text' || input.linuxBackend === 'unknown')) {
    return {
      ok: false,
      reason:
        'No keyring (GNOME Keyring or KWallet) is running, so the keys would be stored with a well-known password. Latchkey refuses; start a keyring, or keep the keys in ~/.aws/credentials.',
    };
  }
  return { ok: true };
}

/** A store that lives in memory only: for tests and for hosts with no keychain. */
export class MemorySecretStore implements SecretStore {
  private readonly values = new Map<string, string>();

  constructor(private readonly verdict: SecretStoreAvailability = { ok: true }) {}

  availability(): SecretStoreAvailability {
    return this.verdict;
  }

  async get(name: string): Promise<string | undefined> {
    return this.values.get(name);
  }

  async set(name: string, value: string): Promise<void> {
    assertAvailable(this);
    this.values.set(name, value);
  }

  async delete(name: string): Promise<boolean> {
    return this.values.delete(name);
  }

  async list(): Promise<string[]> {
    return [...this.values.keys()];
  }
}

export function assertAvailable(store: SecretStore): void {
  const verdict = store.availability();
  if (!verdict.ok)
    throw new LatchkeyError('UNSUPPORTED', verdict.reason, {
      hint: 'Put the keys in ~/.aws/credentials (aws configure --profile NAME) and Latchkey will read them there.',
    });
}

// --- IAM users' keys in the store -------------------------------------------------------

export interface StoredIamUser {
  profile: string;
  accessKeyId: string;
  secretAccessKey: string;
  mfaSerial?: string;
  region?: string;
}

const PREFIX = 'iam-user:';
const ACCESS_KEY_ID = /^[A-Z0-9]{16,128}$/;
const MFA_SERIAL = /^(arn:aws[\w-]*:iam::\d{12}:mfa\/[\w+=,.@/-]+|[\w+=/:,.@-]{9,256})$/;

/** Stores (or replaces) an IAM user's long-term keys under a profile name. */
export async function storeIamUser(store: SecretStore, user: StoredIamUser): Promise<void> {
  assertAvailable(store);
  assertProfileName(user.profile);
  if (!ACCESS_KEY_ID.test(user.accessKeyId))
    throw new LatchkeyError('BAD_INPUT', 'That is not an AWS access key id (it looks like AKIA… in capitals and digits).');
  if (!user.secretAccessKey || /\s/.test(user.secretAccessKey) || user.secretAccessKey.length < 16) {
    throw new LatchkeyError('BAD_INPUT', 'That is not an AWS secret access key.', {
      hint: 'Paste the 40-character secret shown when the access key was created.',
    });
  }
  if (user.mfaSerial !== undefined && !MFA_SERIAL.test(user.mfaSerial)) {
    throw new LatchkeyError('BAD_INPUT', `"${user.mfaSerial}" is not an MFA device ARN.`, {
      hint: 'It looks like arn:aws:iam::123456789012:mfa/alice (IAM → Users → Security credentials).',
    });
  }
  registerSecret(user.secretAccessKey);
  await store.set(PREFIX + user.profile, JSON.stringify(user));
}

export async function readStoredIamUser(store: SecretStore, profile: string): Promise<StoredIamUser | undefined> {
  const text = await store.get(PREFIX + profile);
  if (text === undefined) return undefined;
  try {
    const user = JSON.parse(text) as StoredIamUser;
    if (typeof user.accessKeyId !== 'string' || typeof user.secretAccessKey !== 'string') return undefined;
    registerSecret(user.secretAccessKey);
    return { ...user, profile };
  } catch {
    return undefined;
  }
}

export async function listStoredIamUsers(store: SecretStore): Promise<string[]> {
  return (await store.list()).filter((n) => n.startsWith(PREFIX)).map((n) => n.slice(PREFIX.length));
}

export async function deleteStoredIamUser(store: SecretStore, profile: string): Promise<boolean> {
  return store.delete(PREFIX + profile);
}
