import { formatEnvExports } from '../../core/aws/env-exports';
import { LatchkeyError } from '../../core/errors';
import type { RoleCredentials } from '../../core/types';
import type { RoleTarget } from '../../shared/schemas';
import type { Handlers, HandlerDeps } from './types';
import { consoleRegion, resolveSsoTarget } from './targets';
import { toActiveProfileView, toStateView } from '../ipc/views';

type ProfileHandlers = Pick<Handlers, 'profiles.list' | 'profiles.use' | 'profiles.unuse' | 'profiles.refresh' | 'console.open' | 'credentials.copyEnv'>;

// A target is an Identity Center role (through its SSO session) or a profile of ~/.aws/config
// (a chained role, an IAM user with MFA) that the core resolves and may ask an MFA code for.

export function profileHandlers(deps: HandlerDeps): ProfileHandlers {
  const { latchkey } = deps;
  const stateChanged = async () => deps.emit('state-changed', toStateView(await latchkey.state.read()));
  const defaultRegion = () => deps.settings.get().defaultRegion;

  async function activate(target: RoleTarget, profile: string) {
    if (target.kind === 'profile') return latchkey.profiles.activateConfigProfile(target.profile, profile);
    return latchkey.profiles.activate(await resolveSsoTarget(latchkey, target), profile);
  }

  async function credentials(target: RoleTarget): Promise<{ creds: RoleCredentials; region: string }> {
    if (target.kind === 'profile') {
      const { credentials: creds, plan } = await latchkey.configProfiles.credentials(target.profile);
      return { creds, region: plan.region ?? defaultRegion() };
    }
    const role = await resolveSsoTarget(latchkey, target);
    return { creds: await latchkey.catalog.roleCredentials(role), region: consoleRegion(defaultRegion(), role.session.region) };
  }

  return {
    'profiles.list': async () => (await latchkey.profiles.list()).map(toActiveProfileView),

    'profiles.use': async ({ target, profile }) => {
      const active = await activate(target, profile);
      await stateChanged();
      return toActiveProfileView(active);
    },

    'profiles.unuse': async ({ profile }) => {
      const removed = await latchkey.profiles.deactivate(profile);
      if (!removed) throw new LatchkeyError('NOT_FOUND', `Profile "${profile}" is not one Latchkey wrote.`);
    },

    'profiles.refresh': async ({ profile }) => {
      const active = (await latchkey.profiles.list()).find((p) => p.profile === profile);
      if (!active) throw new LatchkeyError('NOT_FOUND', `Profile "${profile}" is not active.`, { hint: 'Pick a role and use it in the terminal again.' });
      const target: RoleTarget =
        active.source === 'config-profile'
          ? { kind: 'profile', profile: active.profileName }
          : { kind: 'sso', session: active.session, accountId: active.accountId, roleName: active.roleName };
      return toActiveProfileView(await activate(target, profile));
    },

    // The sign-in URL carries a sign-in token: it goes from the core straight to the browser.
    'console.open': async ({ target, region, service }) => {
      let url: string;
      if (target.kind === 'profile') {
        url = await latchkey.configProfiles.consoleUrl(target.profile, { ...(region ? { region } : {}), ...(service ? { service } : {}) });
      } else {
        const role = await resolveSsoTarget(latchkey, target);
        url = await latchkey.consoleUrl(role, { region: region ?? consoleRegion(defaultRegion(), role.session.region), ...(service ? { service } : {}) });
      }
      await deps.openExternal(url); // eng-disable OPEN_EXTERNAL_JS_CHECK -- a console sign-in URL built by the core; the host's openExternal checks the allow-list
      await stateChanged();
    },

    // The keys go from the core to the clipboard; the window only learns when they expire.
    'credentials.copyEnv': async ({ target, shell }) => {
      const { creds, region } = await credentials(target);
      deps.writeClipboard(formatEnvExports(creds, shell ?? (deps.appInfo().platform === 'win32' ? 'powershell' : 'posix'), region));
      return { expiration: creds.expiration };
    },
  };
}
