import fs from 'node:fs/promises';
import path from 'node:path';
import type { CoreContext } from '../context';
import { ensurePrivateDir } from '../private-dir';
import { latchkeyHome, awsPaths } from './paths';
import { readIniFile } from './ini-file';

// SDKs look at the shared files before the container endpoint: a [default] profile with keys
// in ~/.aws/credentials, or with a credential source in ~/.aws/config, would win over it. A
// program run against the endpoint gets Latchkey-owned copies instead: no credentials file,
// and the config without the default profile's credential settings (its region and every
// other profile stay).

/** Settings that give the default profile credentials of its own (botocore and the JS SDK). */
const CREDENTIAL_KEYS = new Set([
  'aws_access_key_id',
  'aws_secret_access_key',
  'aws_session_token',
  'aws_security_token',
  'role_arn',
  'source_profile',
  'credential_source',
  'credential_process',
  'web_identity_token_file',
  'sso_session',
  'sso_start_url',
  'sso_account_id',
  'sso_role_name',
  'sso_region',
  'login_session',
]);

export interface ContainerOnlyFiles {
  configFile: string;
  credentialsFile: string;
  remove(): Promise<void>;
}

export async function writeContainerOnlyFiles(ctx: Pick<CoreContext, 'env' | 'homedir' | 'platform'>): Promise<ContainerOnlyFiles> {
  const parent = path.join(latchkeyHome(ctx), 'exec');
  await ensurePrivateDir(parent);
  const dir = await fs.mkdtemp(path.join(parent, 'run-'));
  const configFile = path.join(dir, 'config');
  const credentialsFile = path.join(dir, 'credentials');
  const config = withoutDefaultCredentials((await readIniFile(awsPaths(ctx).configFile)).lines);
  await fs.writeFile(configFile, config, { mode: 0o600 });
  await fs.writeFile(credentialsFile, '', { mode: 0o600 });
  return { configFile, credentialsFile, remove: () => fs.rm(dir, { recursive: true, force: true }) };
}

type Line = Awaited<ReturnType<typeof readIniFile>>['lines'][number];

/** The text without the credential settings of `[default]` / `[profile default]`. */
export function withoutDefaultCredentials(lines: readonly Line[]): string {
  let inDefault = false;
  let dropping = false;
  let out = '';
  for (const line of lines) {
    if (line.kind === 'header') {
      inDefault = line.name === 'default' || line.name === 'profile default';
      dropping = false;
    } else if (line.kind === 'key') {
      dropping = inDefault && CREDENTIAL_KEYS.has(line.name ?? '');
    } else if (line.kind !== 'continuation') {
      dropping = false;
    }
    if (!dropping) out += line.text + line.eol;
  }
  return out;
}
