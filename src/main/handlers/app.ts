import { LatchkeyError } from '../../core/errors';
import type { Handlers, HandlerDeps } from './types';

type AppHandlers = Pick<Handlers, 'settings.get' | 'settings.set' | 'app.info' | 'app.openExternal' | 'app.hidePopup' | 'mfa.submit' | 'mfa.cancel'>;

export function appHandlers(deps: HandlerDeps): AppHandlers {
  const mfa = () => {
    if (!deps.mfa) throw new LatchkeyError('NOT_FOUND', 'No MFA code was asked for.');
    return deps.mfa;
  };
  return {
    'settings.get': async () => deps.settings.get(),
    'settings.set': async (patch) => {
      const settings = deps.settings.set(patch);
      deps.onSettingsChanged?.(settings);
      deps.emit('settings-changed', settings);
      return settings;
    },
    'app.info': async () => deps.appInfo(),
    'app.openExternal': async ({ url }) => deps.openExternal(url), // eng-disable OPEN_EXTERNAL_JS_CHECK -- the host's openExternal checks the URL against the allow-list (src/main/url-allowlist.ts)
    'app.hidePopup': async () => deps.hidePopup(),
    'mfa.submit': async ({ requestId, code }) => mfa().submit(requestId, code),
    'mfa.cancel': async ({ requestId }) => mfa().cancel(requestId),
  };
}
