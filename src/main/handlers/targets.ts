import { partitionOf } from '../../core/console/partitions';
import { LatchkeyError } from '../../core/errors';
import type { ResolvedRole, SessionManager } from '../../core/sessions/session-manager';
import type { RoleTarget, SsoRoleTarget } from '../../shared/schemas';

/** An Identity Center role the window named → the core's role, checked against the catalog. */
export async function resolveSsoTarget(manager: SessionManager, target: SsoRoleTarget): Promise<ResolvedRole> {
  return manager.resolveRole(`${target.accountId}/${target.roleName}`, target.session);
}

export function requireSso(target: RoleTarget): SsoRoleTarget {
  if (target.kind === 'sso') return target;
  throw new LatchkeyError('UNSUPPORTED', `Profile "${target.profile}" from ~/.aws/config cannot be used from the window yet.`, {
    hint: `Use it from a terminal: latchkey use ${target.profile}`,
  });
}

/** The settings' default region when it is in the session's partition, else the session's own. */
export function consoleRegion(defaultRegion: string, sessionRegion: string): string {
  try {
    return partitionOf(defaultRegion) === partitionOf(sessionRegion) ? defaultRegion : sessionRegion;
  } catch {
    return sessionRegion;
  }
}
