import type { ConsoleOpenOptions } from '../../core/console/federation';
import { openThroughOneTimeUrl } from '../../core/console/one-time-url';
import { openInBrowserProfile, openInNamedBrowser, type BrowserTarget } from '../../core/console/launch';
import { opensOwnBrowser } from '../../core/console/modes';
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
        mode: settings.consoleMode === 'ask' ? 'multi-session' : settings.consoleMode,
        ...(settings.consoleSessionMinutes ? { sessionDurationSeconds: settings.consoleSessionMinutes * 60 } : {}),
        ...(service ? { service } : {}),
      };
      let url: string;
      let browserTarget: BrowserTarget;
      if (target.kind === 'profile') {
        url = await latchkey.configProfiles.consoleUrl(target.profile, { ...(region ? { region } : {}), ...chosen });
        browserTarget = { key: { account: 'profile', role: target.profile } };
      } else {
        const role = await resolveSsoTarget(latchkey, target);
        url = await latchkey.consoleUrl(role, { region: region ?? consoleRegion(settings.defaultRegion, role.session.region), ...chosen });
        browserTarget = { key: { session: role.session.name, account: role.accountId, role: role.roleName }, accountName: role.accountName };
      }
      browserTarget = {
        ...browserTarget,
        containerAddon: settings.consoleContainerAddon,
        ...(settings.consoleBrowser ? { browser: settings.consoleBrowser } : {}),
      };
      // The browser gets a one-time local URL, never the sign-in token in its arguments.
      if (chosen.mode && opensOwnBrowser(chosen.mode)) await openInBrowserProfile(deps.ctx, chosen.mode, url, browserTarget);
      else if (settings.consoleBrowser) await openInNamedBrowser(deps.ctx, url, settings.consoleBrowser);
      else await openThroughOneTimeUrl(url, openLocal);
      await recentsChanged(deps);
    },
  };
}
