import { readAwsConfig } from '../aws/config-file';
import { displayPath } from '../aws/ini-file';
import { awsPaths } from '../aws/paths';
import type { CoreContext } from '../context';
import { LatchkeyError } from '../errors';

// The profile Latchkey writes keys to must not get its credentials some other way in
// ~/.aws/config: botocore resolves role_arn, web identity and SSO settings before the
// credentials file, and the JS SDK puts role_arn first, so the keys Latchkey writes would be
// ignored — or would silently replace the person's own credential_process or keys. A profile
// with only region, output and the like is fine.

/** Settings of a config profile that say where its credentials come from. */
const CREDENTIAL_SETTINGS = [
  'role_arn',
  'source_profile',
  'credential_source',
  'web_identity_token_file',
  'sso_session',
  'sso_start_url',
  'sso_account_id',
  'sso_role_name',
  'credential_process',
  'aws_access_key_id',
] as const;

/** The credential settings `values` has, in a fixed order (empty when there are none). */
export function credentialSettingsIn(values: Readonly<Record<string, string>> | undefined): string[] {
  return values ? CREDENTIAL_SETTINGS.filter((key) => values[key] !== undefined && values[key] !== '') : [];
}

/** BAD_INPUT when ~/.aws/config gives `profile` credentials of its own, which the keys written
 * to the credentials file would conflict with. */
export async function assertWritableTarget(ctx: CoreContext, profile: string): Promise<void> {
  const configFile = awsPaths(ctx).configFile;
  const config = await readAwsConfig(configFile);
  const settings = credentialSettingsIn(config.profiles.get(profile));
  if (settings.length === 0) return;
  const section = profile === 'default' ? '[default]' : `[profile ${profile}]`;
  throw new LatchkeyError(
    'BAD_INPUT',
    `${section} in ${displayPath(configFile)} gets its own credentials (${settings.join(', ')}), which would override or be overridden by the keys Latchkey writes to profile "${profile}".`,
    {
      hint: `Choose another target profile (for example ${profile}-latchkey).`,
      cliHint: `Choose another name with --profile (for example --profile ${profile}-latchkey).`,
    },
  );
}
