import type { ConsoleOpenOptions } from '../../core/console/federation';
import { openThroughOneTimeUrl } from '../../core/console/one-time-url';
import { installedBrowsers, openInBrowserProfile, openInNamedBrowser, type BrowserTarget } from '../../core/console/launch';
import { ownUserDataDir, type BrowserId } from '../../core/console/browsers';
import { listOwnProfiles } from '../../core/console/browser-profiles';
import { opensOwnBrowser } from '../../core/console/modes';
import { consoleRegion, resolveSsoTarget } from '../ipc/role-targets';
import { recentsChanged } from './favorites';
import type { DomainHandlers, HandlerDeps } from './types';

export function consoleHandlers(deps: HandlerDeps): DomainHandlers<'console'> {
  const { latchkey } = deps;
  const openLocal = (localUrl: string) => deps.openExternal(localUrl); // eng-disable OPEN_EXTERNAL_JS_CHECK -- a one-time local URL this process serves; the host's openExternal checks it
  return {
    // The sign-in URL carries a sign-in token: it goes from the core straight to the browser.
    'console.open': async ({ target, region, service, mode, ownProfile }) => {
      const settings = deps.settings.get();
      // Until the person chose a mode, the console opens as multi-session (the popup asks first).
      const chosen: ConsoleOpenOptions = {
        mode: ownProfile ? 'profile' : (mode ?? (settings.consoleMode === 'ask' ? 'multi-session' : settings.consoleMode)),
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
      const browser = ownProfile?.browser ?? settings.consoleBrowser;
      browserTarget = {
        ...browserTarget,
        containerAddon: settings.consoleContainerAddon,
        ...(browser ? { browser } : {}),
        ...(ownProfile ? { profileDirectory: ownProfile.directory } : {}),
      };
      // The browser gets a one-time local URL, never the sign-in token in its arguments.
      if (chosen.mode && opensOwnBrowser(chosen.mode)) await openInBrowserProfile(deps.ctx, chosen.mode, url, browserTarget);
      else if (browser) await openInNamedBrowser(deps.ctx, url, browser);
      else await openThroughOneTimeUrl(url, openLocal);
      await recentsChanged(deps);
    },
    'console.browsers': async () => {
      const browsers = installedBrowsers(deps.ctx).filter((b) => b.id !== 'custom');
      return {
        browsers: await Promise.all(
          browsers.map(async (b) => {
            const dir = ownUserDataDir(b.id as BrowserId, deps.ctx);
            return { id: b.id as BrowserId, name: b.name, family: b.family, profiles: dir ? await listOwnProfiles(dir) : [] };
          }),
        ),
      };
    },
  };
}
