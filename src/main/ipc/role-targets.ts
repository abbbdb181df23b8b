import { partitionOf } from '../../core/console/partitions';
import type { ResolvedRole } from '../../core/sessions/catalog-service';
import type { Latchkey } from '../../core/sessions/latchkey';
import type { SsoRoleTarget } from '../../shared/schemas';

/**
 * An Identity Center role the window named → the core's role, confirmed against the catalog the
 * window showed (no portal call when it is cached), so the account keeps its name and a role
 * that went away is ACCESS_DENIED with the roles that exist.
 */
export async function resolveSsoTarget(latchkey: Latchkey, target: SsoRoleTarget): Promise<ResolvedRole> {
  const listed = await latchkey.catalog.listedRole(target.session, target.accountId, target.roleName);
  return listed ?? latchkey.catalog.resolveRole(`${target.accountId}/${target.roleName}`, target.session, { confirm: true });
}

/** The settings' default region when it is in the session's partition, else the session's own. */
export function consoleRegion(defaultRegion: string, sessionRegion: string): string {
  try {
    return partitionOf(defaultRegion) === partitionOf(sessionRegion) ? defaultRegion : sessionRegion;
  } catch {
    return sessionRegion;
  }
}
