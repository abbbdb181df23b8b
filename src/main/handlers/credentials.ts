import { formatEnvExports } from '../../core/aws/env-exports';
import type { RoleCredentials } from '../../core/types';
import type { RoleTarget } from '../../shared/schemas';
import { consoleRegion, resolveSsoTarget } from '../ipc/role-targets';
import type { DomainHandlers, HandlerDeps } from './types';

export function credentialHandlers(deps: HandlerDeps): DomainHandlers<'credentials'> {
  const { latchkey } = deps;
  const defaultRegion = () => deps.settings.get().defaultRegion;

  async function credentials(target: RoleTarget): Promise<{ creds: RoleCredentials; region: string }> {
    if (target.kind === 'profile') {
      const { credentials: creds, plan } = await latchkey.configProfiles.credentials(target.profile);
      return { creds, region: plan.region ?? defaultRegion() };
    }
    const role = await resolveSsoTarget(latchkey, target);
    return { creds: await latchkey.catalog.roleCredentials(role), region: consoleRegion(defaultRegion(), role.session.region) };
  }

  return {
    // The keys go from the core to the clipboard; the window only learns when they expire.
    'credentials.copyEnv': async ({ target, shell }) => {
      const { creds, region } = await credentials(target);
      deps.writeClipboard(formatEnvExports(creds, shell ?? (deps.appInfo().platform === 'win32' ? 'powershell' : 'posix'), region));
      return { expiration: creds.expiration };
    },
  };
}
