import type { CoreContext } from '../context';
import { buildConsoleSigninUrl, consoleOpenParts, type ConsoleOpenOptions } from '../console/federation';
import { partitionOf } from '../console/partitions';
import { LatchkeyError } from '../errors';
import type { CatalogService, ResolvedRole } from './catalog-service';
import { recordRecent } from './favorites';
import { roleKey, type StateStore } from './state-store';

// The AWS console for an Identity Center role: a federation sign-in URL from the role's
// credentials, in a region of the session's partition; the role becomes a recent one.

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
  const creds = await deps.catalog.roleCredentials(role);
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
