import type { Handlers, HandlerDeps } from './types';

type AppHandlers = Pick<Handlers, 'settings.get' | 'settings.set' | 'app.info' | 'app.openExternal' | 'app.hidePopup'>;

export function appHandlers(deps: HandlerDeps): AppHandlers {
  return {
    'settings.get': async () => deps.settings.get(),
    'settings.set': async (patch) => {
      const settings = deps.settings.set(patch);
      deps.onSettingsChanged?.(settings);
      deps.emit('settings-changed', settings);
      return settings;
    },
    'app.info': async () => deps.appInfo(),
    'app.openExternal': async ({ url }) => deps.openExternal(url),
    'app.hidePopup': async () => deps.hidePopup(),
  };
}
