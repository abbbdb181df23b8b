import type { DomainHandlers, HandlerDeps } from './types';

export function appHandlers(deps: HandlerDeps): DomainHandlers<'app'> {
  return {
    'app.info': async () => deps.appInfo(),
    'app.openExternal': async ({ url }) => deps.openExternal(url), // eng-disable OPEN_EXTERNAL_JS_CHECK -- the host's openExternal checks the URL against the allow-list (src/main/url-allowlist.ts)
    'app.hidePopup': async () => deps.hidePopup(),
  };
}
