import { LatchkeyError } from '../../core/errors';
import type { Latchkey } from '../../core/sessions/latchkey';
import type { RoleTarget } from '../../shared/schemas';
import { resolveSsoTarget } from '../ipc/role-targets';
import { toActiveProfileView } from '../ipc/views';
import { recentsChanged } from './favorites';
import type { DomainHandlers, HandlerDeps } from './types';

// Profiles the terminal uses. A target is an Identity Center role (through its SSO session) or
// a profile of ~/.aws/config (a chained role, an IAM user with MFA) that the core resolves and
// may ask an MFA code for.

export function profileHandlers(deps: HandlerDeps): DomainHandlers<'profiles'> {
  const { latchkey } = deps;
  return {
    'profiles.list': async () => (await latchkey.profiles.list()).map(toActiveProfileView),

    'profiles.use': async ({ target, profile }) => {
      const active = await activate(latchkey, target, profile);
      await recentsChanged(deps);
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
      return toActiveProfileView(await activate(latchkey, target, profile));
    },
  };
}

async function activate(latchkey: Latchkey, target: RoleTarget, profile: string) {
  if (target.kind === 'profile') return latchkey.profiles.activateConfigProfile(target.profile, profile);
  return latchkey.profiles.activate(await resolveSsoTarget(latchkey, target), profile);
}
