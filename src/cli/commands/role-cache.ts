import type { CoreContext } from '../../core/context';
import { awsPaths } from '../../core/aws/paths';
import { credentialProcessCachePath } from '../../core/sessions/credential-process-cache';
import { resolveSsoSessionSync } from '../../core/sessions/sso-sessions';
import type { SsoSessionRef } from '../../core/types';

// Where a ROLE's cached credentials live. Kept small and synchronous: the cached
// credential-process entry bundles it and loads no promise-based fs.

/** ACCOUNT/ROLE_NAME is an Identity Center role; a name without "/" is a profile of ~/.aws/config. */
export function isConfigProfileArg(arg: string): boolean {
  return !arg.includes('/');
}

export interface CacheOf {
  cacheFile: string;
  session?: SsoSessionRef;
}

/** Where a ROLE's cached credentials live, and the sign-in they must come from. */
export function cacheOf(ctx: CoreContext, role: string, options: { session?: string | undefined }): CacheOf {
  if (isConfigProfileArg(role)) {
    // Keyed by the config file too: the same profile name in another AWS_CONFIG_FILE is another profile.
    return { cacheFile: credentialProcessCachePath(ctx, { session: '', startUrl: `profile:${awsPaths(ctx).configFile}`, role }) };
  }
  const session = resolveSsoSessionSync(ctx, options.session);
  return { cacheFile: credentialProcessCachePath(ctx, { session: session.name, startUrl: session.startUrl, role }), session };
}
