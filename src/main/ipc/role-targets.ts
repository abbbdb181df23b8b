import { partitionOf } from '../../core/console/partitions';
import type { ResolvedRole } from '../../core/sessions/catalog-service';
import type { LookupOptions } from '../../core/sessions/role-lookup';
import type { Latchkey } from '../../core/sessions/latchkey';
import type { SsoRoleTarget } from '../../shared/schemas';

/** An Identity Center role the window named → the core's role (`confirm` when no credential call will check it). */
export async function resolveSsoTarget(latchkey: Latchkey, target: SsoRoleTarget, options: LookupOptions = {}): Promise<ResolvedRole> {
  return latchkey.catalog.resolveRole(`${target.accountId}/${target.roleName}`, target.session, options);
}

/** The settings' default region when it is in the session's partition, else the session's own. */
export function consoleRegion(defaultRegion: string, sessionRegion: string): string {
  try {
    return partitionOf(defaultRegion) === partitionOf(sessionRegion) ? defaultRegion : sessionRegion;
  } catch {
    return sessionRegion;
  }
}
