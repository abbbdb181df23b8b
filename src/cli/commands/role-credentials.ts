import type { CoreContext } from '../../core/context';
import { readAwsConfig } from '../../core/aws/config-file';
import { awsPaths } from '../../core/aws/paths';
import { readCredentialProcessCache, type CredentialProcessOutput } from '../../core/sessions/credential-process-cache';
import type { CliIo } from '../io';
import { isConfigProfileArg } from './profile-target';
import { cacheOf, type CacheOf } from './role-cache';

export { toRoleCredentials } from '../../core/sessions/credential-process-cache';

// A ROLE's credentials for the commands that hand them out (credential-process, env, exec):
// the cached ones while they stay good for the margin, else fresh ones, cached for the next
// call. The AWS SDK is loaded only when new ones are needed.

export interface RoleOptions {
  session?: string | undefined;
  mfaCode?: string | undefined;
  /** The command asking, for the advice in errors. */
  command?: string;
}

export async function cachedOrFreshCredentials(ctx: CoreContext, io: CliIo, role: string, options: RoleOptions): Promise<CredentialProcessOutput> {
  const source = cacheOf(ctx, role, options);
  return readCredentialProcessCache(ctx, source.cacheFile, source.session?.name) ?? fetchFresh(ctx, io, role, options, source);
}

/** New credentials from AWS (cached for the commands that take cached ones). */
export async function freshCredentials(ctx: CoreContext, io: CliIo, role: string, options: RoleOptions): Promise<CredentialProcessOutput> {
  return fetchFresh(ctx, io, role, options, cacheOf(ctx, role, options));
}

async function fetchFresh(ctx: CoreContext, io: CliIo, role: string, options: RoleOptions, source: CacheOf): Promise<CredentialProcessOutput> {
  const { fetchForCredentialProcess, fetchProfileForCredentialProcess } = await import('./credential-process-fetch');
  if (!source.session) return fetchProfileForCredentialProcess(ctx, io, role, source.cacheFile, options.mfaCode, options.command);
  return fetchForCredentialProcess(ctx, io, source.session, role, source.cacheFile);
}

/** The region a profile of ~/.aws/config names; none for an Identity Center role, so the
 * shell's own AWS_REGION stays as it is. */
export async function roleRegion(ctx: CoreContext, role: string): Promise<string | undefined> {
  if (!isConfigProfileArg(role)) return undefined;
  const region = (await readAwsConfig(awsPaths(ctx).configFile)).profiles.get(role)?.region?.trim();
  return region || undefined;
}
