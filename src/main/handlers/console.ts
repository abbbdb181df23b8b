import { consoleRegion, resolveSsoTarget } from '../ipc/role-targets';
import { recentsChanged } from './favorites';
import type { DomainHandlers, HandlerDeps } from './types';

export function consoleHandlers(deps: HandlerDeps): DomainHandlers<'console'> {
  const { latchkey } = deps;
  return {
    // The sign-in URL carries a sign-in token: it goes from the core straight to the browser.
    'console.open': async ({ target, region, service }) => {
      let url: string;
      if (target.kind === 'profile') {
        url = await latchkey.configProfiles.consoleUrl(target.profile, { ...(region ? { region } : {}), ...(service ? { service } : {}) });
      } else {
        const role = await resolveSsoTarget(latchkey, target);
        url = await latchkey.consoleUrl(role, {
          region: region ?? consoleRegion(deps.settings.get().defaultRegion, role.session.region),
          ...(service ? { service } : {}),
        });
      }
      await deps.openExternal(url); // eng-disable OPEN_EXTERNAL_JS_CHECK -- a console sign-in URL built by the core; the host's openExternal checks the allow-list
      await recentsChanged(deps);
    },
  };
}
