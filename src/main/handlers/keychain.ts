import { LatchkeyError } from '../../core/errors';
import { deleteStoredIamUser, listStoredIamUsers, storeIamUser } from '../../core/iam';
import type { SecretStore } from '../../core/iam/secret-store';
import type { KeychainView } from '../../shared/views';
import type { DomainHandlers, HandlerDeps } from './types';

// IAM users' long-term keys in the OS keychain: the keys go in and never come back out.

export function keychainHandlers(deps: HandlerDeps): DomainHandlers<'keychain'> {
  const store = deps.latchkey.secretStore;
  return {
    'keychain.status': async () => keychainView(store),

    // The answer lists names only.
    'keychain.storeIamUser': async (user) => {
      await storeIamUser(requireStore(store), {
        profile: user.profile,
        accessKeyId: user.accessKeyId,
        secretAccessKey: user.secretAccessKey,
        ...(user.mfaSerial ? { mfaSerial: user.mfaSerial } : {}),
        ...(user.region ? { region: user.region } : {}),
      });
      return keychainView(store);
    },

    'keychain.deleteIamUser': async ({ profile }) => {
      if (!(await deleteStoredIamUser(requireStore(store), profile))) {
        throw new LatchkeyError('NOT_FOUND', `No keys for "${profile}" are kept in the keychain.`);
      }
      return keychainView(store);
    },
  };
}

function requireStore(store: SecretStore | undefined): SecretStore {
  if (!store)
    throw new LatchkeyError('UNSUPPORTED', 'This Latchkey has no keychain to keep access keys in.', { hint: 'Keep the keys in ~/.aws/credentials instead.' });
  return store;
}

async function keychainView(store: SecretStore | undefined): Promise<KeychainView> {
  if (!store) return { available: false, reason: 'This Latchkey has no keychain to keep access keys in.', users: [] };
  const verdict = store.availability();
  const users = await listStoredIamUsers(store);
  return verdict.ok ? { available: true, users } : { available: false, reason: verdict.reason, users };
}
