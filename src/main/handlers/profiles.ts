import { formatEnvExports } from '../../core/aws/env-exports';
import { LatchkeyError } from '../../core/errors';
import type { Handlers, HandlerDeps } from './types';
import { consoleRegion, requireSso, resolveSsoTarget } from './targets';
import { toActiveProfileView, toStateView } from './views';

type ProfileHandlers = Pick<Handlers, 'profiles.list' | 'profiles.use' | 'profiles.unuse' | 'profiles.refresh' | 'console.open' | 'credentials.copyEnv'>;

export function profileHandlers(deps: HandlerDeps): ProfileHandlers {
  const { manager } = deps;
  const stateChanged = async () => deps.emit('state-changed', toStateView(await manager.store.read()));

  return {
    'profiles.list': async () => (await manager.activeProfiles()).map(toActiveProfileView),

    'profiles.use': async ({ target, profile }) => {
      const role = await resolveSsoTarget(manager, requireSso(target));
      const active = await manager.activate(role, profile);
      await stateChanged();
      return toActiveProfileView(active);
    },

    'profiles.unuse': async ({ profile }) => {
      const removed = await manager.deactivate(profile);
      if (!removed) throw new LatchkeyError('NOT_FOUND', `Profile "${profile}" is not one Latchkey wrote.`);
    },

    'profiles.refresh': async ({ profile }) => {
      const active = (await manager.activeProfiles()).find((p) => p.profile === profile);
      if (!active) throw new LatchkeyError('NOT_FOUND', `Profile "${profile}" is not active.`, { hint: 'Pick a role and use it in the terminal again.' });
      const role = await resolveSsoTarget(manager, { kind: 'sso', session: active.session, accountId: active.accountId, roleName: active.roleName });
      return toActiveProfileView(await manager.activate(role, profile));
    },

    // The sign-in URL carries a sign-in token: it goes from the core straight to the browser.
    'console.open': async ({ target, region, service }) => {
      const role = await resolveSsoTarget(manager, requireSso(target));
      const url = await manager.consoleUrl(role, {
        region: region ?? consoleRegion(deps.settings.get().defaultRegion, role.session.region),
        ...(service ? { service } : {}),
      });
      await deps.openExternal(url);
      await stateChanged();
    },

    // The keys go from the core to the clipboard; the window only learns when they expire.
    'credentials.copyEnv': async ({ target, shell }) => {
      const role = await resolveSsoTarget(manager, requireSso(target));
      const creds = await manager.getRoleCredentials(role);
      deps.writeClipboard(formatEnvExports(creds, shell ?? (deps.appInfo().platform === 'win32' ? 'powershell' : 'posix'), consoleRegion(deps.settings.get().defaultRegion, role.session.region)));
      return { expiration: creds.expiration };
    },
  };
}
