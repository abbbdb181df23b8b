import type { LatchkeyApi } from '../../../../shared/api';
import type { KeychainView } from '../../../../shared/views';
import { settle, valueOr, type Report } from '../failure-policy';
import type { ConfigProfilesSlice } from './config-profiles';

// IAM users' long-term keys in the OS keychain. Nothing is kept here: the settings screen
// asks for the list when shown, and the secret goes one way only.

export interface IamUserInput {
  profile: string;
  accessKeyId: string;
  secretAccessKey: string;
  mfaSerial?: string;
  region?: string;
}

export function createKeychain(api: LatchkeyApi, report: Report, configProfiles: Pick<ConfigProfilesSlice, 'load'>) {
  return {
    async status(): Promise<KeychainView | undefined> {
      return valueOr(await settle(api.keychain.status()), report);
    },
    async storeIamUser(user: IamUserInput): Promise<KeychainView | undefined> {
      const stored = valueOr(await settle(api.keychain.storeIamUser(user)), report);
      if (stored) await configProfiles.load();
      return stored;
    },
    async deleteIamUser(profile: string): Promise<KeychainView | undefined> {
      const after = valueOr(await settle(api.keychain.deleteIamUser({ profile })), report);
      if (after) await configProfiles.load();
      return after;
    },
  };
}

export type KeychainSlice = ReturnType<typeof createKeychain>;
