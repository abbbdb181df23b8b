import type { DomainHandlers, HandlerDeps } from './types';

export function settingsHandlers(deps: HandlerDeps): DomainHandlers<'settings'> {
  return {
    'settings.get': async () => deps.settings.get(),
    'settings.set': async (patch) => {
      const settings = deps.settings.set(patch);
      deps.onSettingsChanged?.(settings);
      deps.emit('settings-changed', settings);
      return settings;
    },
  };
}
