import type { ConsoleOpenOptions } from '../../core/console/federation';
import { openThroughOneTimeUrl } from '../../core/console/one-time-url';
import { consoleRegion, resolveSsoTarget } from '../ipc/role-targets';
import { recentsChanged } from './favorites';
import type { DomainHandlers, HandlerDeps } from './types';

export function consoleHandlers(deps: HandlerDeps): DomainHandlers<'console'> {
  const { latchkey } = deps;
  const openLocal = (localUrl: string) => deps.openExternal(localUrl); // eng-disable OPEN_EXTERNAL_JS_CHECK -- a one-time local URL this process serves; the host's openExternal checks it
  return {
    // The sign-in URL carries a sign-in token: it goes from the core straight to the browser.
    'console.open': async ({ target, region, service }) => {
      const settings = deps.settings.get();
      // Until the person chose a mode, the console opens as multi-session (the popup asks first).
      const chosen: ConsoleOpenOptions = {
        mode: settings.consoleMode === 'sign-out' ? 'sign-out' : 'multi-session',
        ...(settings.consoleSessionMinutes ? { sessionDurationSeconds: settings.consoleSessionMinutes * 60 } : {}),
        ...(service ? { service } : {}),
      };
      let url: string;
      if (target.kind === 'profile') {
        url = await latchkey.configProfiles.consoleUrl(target.profile, { ...(region ? { region } : {}), ...chosen });
      } else {
        const role = await resolveSsoTarget(latchkey, target);
        url = await latchkey.consoleUrl(role, { region: region ?? consoleRegion(settings.defaultRegion, role.session.region), ...chosen });
      }
      // The browser gets a one-time local URL, never the sign-in token in its arguments.
      await openThroughOneTimeUrl(url, openLocal);
      await recentsChanged(deps);
    },
  };
}
