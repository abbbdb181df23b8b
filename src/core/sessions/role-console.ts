import type { CoreContext } from '../context';
import { buildConsoleSigninUrl, consoleOpenParts, type ConsoleOpenOptions } from '../console/federation';
import { partitionOf } from '../console/partitions';
import { LatchkeyError } from '../errors';
import type { RoleCredentials } from '../types';
import type { CatalogService, ResolvedRole } from './catalog-service';
import {
  credentialProcessCachePath,
  readCredentialProcessCache,
  toCredentialProcessOutput,
  toRoleCredentials,
  writeCredentialProcessCache,
} from './credential-process-cache';
import { recordRecent } from './favorites';
import { roleKey, type StateStore } from './state-store';

// The AWS console for an Identity Center role: a federation sign-in URL from the role's
// credentials, in a region of the session's partition; the role becomes a recent one.
// Credentials still good for 15 minutes or more are reused from the cache `credential-process`
// keeps (ACCOUNT_ID/ROLE's file, shared by the app and the command), and new ones are put
// there, so a click on a role used lately costs one federation round trip and no portal call.

export async function consoleUrlForRole(
  deps: { ctx: CoreContext; catalog: CatalogService; store: StateStore },
  role: ResolvedRole,
  options: ConsoleOpenOptions = {},
): Promise<string> {
  const region = options.region ?? role.session.region;
  if (partitionOf(region) !== partitionOf(role.session.region)) {
    throw new LatchkeyError(
      'BAD_INPUT',
      `${region} is in the ${partitionOf(region)} partition, but "${role.session.name}" signs in to ${partitionOf(role.session.region)}.`,
      {
        hint: `Pick a region of the ${partitionOf(role.session.region)} partition, e.g. ${role.session.region}.`,
      },
    );
  }
  const creds = await cachedOrFreshRoleCredentials(deps, role);
  const url = await buildConsoleSigninUrl(deps.ctx, {
    credentials: creds,
    kind: 'sso-role',
    region,
    ...consoleOpenParts(options),
  });
  const now = deps.ctx.clock.now();
  await deps.store.update((s) => recordRecent(s, roleKey({ session: role.session.name, accountId: role.accountId, roleName: role.roleName }), now));
  return url;
}

async function cachedOrFreshRoleCredentials(deps: { ctx: CoreContext; catalog: CatalogService }, role: ResolvedRole): Promise<RoleCredentials> {
  const file = credentialProcessCachePath(deps.ctx, {
    session: role.session.name,
    startUrl: role.session.startUrl,
    role: `${role.accountId}/${role.roleName}`,
  });
  const cached = readCredentialProcessCache(deps.ctx, file, role.session.name);
  if (cached) return toRoleCredentials(cached);
  const fresh = await deps.catalog.roleCredentials(role);
  try {
    await writeCredentialProcessCache(file, toCredentialProcessOutput(fresh), role.session.name);
  } catch (err) {
    // The console still opens; the next click fetches again.
    deps.ctx.logger.warn('Could not cache the role credentials', { code: (err as NodeJS.ErrnoException).code });
  }
  return fresh;
}
