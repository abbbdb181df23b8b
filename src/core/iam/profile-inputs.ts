import { readAwsConfig } from '../aws/config-file';
import { listManagedProfiles, readCredentialsFile } from '../aws/credentials-file';
import { displayPath } from '../aws/ini-file';
import { awsPaths } from '../aws/paths';
import type { CoreContext } from '../context';
import { LatchkeyError } from '../errors';
import { registerSecret } from '../redact';
import type { ProfileInputs } from './profile-plan';
import { listStoredIamUsers, readStoredIamUser, type SecretStore } from './secret-store';

/** Reads what planProfile needs: the config and credentials files (merged as botocore merges
 * them: the credentials file's values win) and the IAM users kept in the secret store. */
export async function readProfileInputs(ctx: CoreContext, secretStore?: SecretStore): Promise<ProfileInputs> {
  const paths = awsPaths(ctx);
  const [config, credentials, managed] = await Promise.all([
    readAwsConfig(paths.configFile),
    readCredentialsFile(paths.credentialsFile),
    listManagedProfiles(paths.credentialsFile),
  ]);
  const profiles = new Map<string, Record<string, string>>();
  for (const [name, values] of config.profiles) profiles.set(name, { ...values });
  for (const [name, values] of credentials) profiles.set(name, { ...profiles.get(name), ...values });
  const storedKeys = new Map<string, { accessKeyId: string; mfaSerial?: string; region?: string }>();
  if (secretStore) {
    for (const name of await listStoredIamUsers(secretStore)) {
      const user = await readStoredIamUser(secretStore, name);
      if (!user) continue;
      storedKeys.set(name, {
        accessKeyId: user.accessKeyId,
        ...(user.mfaSerial ? { mfaSerial: user.mfaSerial } : {}),
        ...(user.region ? { region: user.region } : {}),
      });
    }
  }
  return {
    profiles,
    ssoSessions: config.ssoSessions,
    storedKeys,
    managed: new Set(managed.map((m) => m.profile)),
    configLabel: displayPath(paths.configFile),
  };
}

/** The long-term keys of an IAM-user source, read when they are needed (never kept in a plan). */
export async function readLongTermKeys(
  ctx: CoreContext,
  source: { profile: string; keys: 'file' | 'secret-store' },
  secretStore?: SecretStore,
): Promise<{ accessKeyId: string; secretAccessKey: string }> {
  if (source.keys === 'secret-store') {
    const user = secretStore ? await readStoredIamUser(secretStore, source.profile) : undefined;
    if (user) return { accessKeyId: user.accessKeyId, secretAccessKey: user.secretAccessKey };
  } else {
    const paths = awsPaths(ctx);
    const [config, credentials] = await Promise.all([readAwsConfig(paths.configFile), readCredentialsFile(paths.credentialsFile)]);
    const values = { ...config.profiles.get(source.profile), ...credentials.get(source.profile) };
    if (values.aws_access_key_id && values.aws_secret_access_key) {
      registerSecret(values.aws_secret_access_key);
      return { accessKeyId: values.aws_access_key_id, secretAccessKey: values.aws_secret_access_key };
    }
  }
  throw new LatchkeyError('NOT_FOUND', `The access keys of profile "${source.profile}" are gone.`, {
    hint: 'Add them again (aws configure --profile ' + source.profile + '), then try again.',
  });
}
