import type { Latchkey } from '../../core/sessions/latchkey';
import type { ConfigProfilesView } from '../../shared/views';
import type { DomainHandlers, HandlerDeps } from './types';

// Profiles from ~/.aws/config that Latchkey resolves itself: chained roles, IAM users with MFA.

export function configProfileHandlers(deps: HandlerDeps): DomainHandlers<'configProfiles'> {
  const { latchkey } = deps;
  return {
    'configProfiles.list': async () => toConfigProfilesView(await latchkey.configProfiles.list()),

    'configProfiles.forgetMfaSession': async ({ profile }) => {
      await latchkey.configProfiles.forgetMfaSession(profile);
    },
  };
}

function toConfigProfilesView(listed: Awaited<ReturnType<Latchkey['configProfiles']['list']>>): ConfigProfilesView {
  return {
    profiles: listed.profiles.map((p) => ({
      profile: p.profile,
      kind: p.kind,
      mfa: p.mfa,
      chain: [...p.chain],
      ...(p.region ? { region: p.region } : {}),
      ...(p.accountId ? { accountId: p.accountId } : {}),
      ...(p.roleName ? { roleName: p.roleName } : {}),
      ...(p.userName ? { userName: p.userName } : {}),
      ...(p.sourceProfile ? { sourceProfile: p.sourceProfile } : {}),
      ...(p.mfaSessionExpiresAt !== undefined ? { mfaSessionExpiresAt: p.mfaSessionExpiresAt } : {}),
    })),
    problems: listed.problems.map((p) => ({ profile: p.profile, code: p.code, message: p.message })),
  };
}
