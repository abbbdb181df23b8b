import { appHandlers } from './app';
import { catalogHandlers } from './catalog';
import { configProfileHandlers } from './config-profiles';
import { profileHandlers } from './profiles';
import { sessionHandlers } from './sessions';
import type { HandlerDeps, Handlers } from './types';

export type { HandlerDeps, Handlers, SettingsStore } from './types';

/** Every contract channel's handler, each "validate (done by dispatch), call core, return a view". */
export function createHandlers(deps: HandlerDeps): Handlers {
  return {
    ...sessionHandlers(deps),
    ...catalogHandlers(deps),
    ...profileHandlers(deps),
    ...configProfileHandlers(deps),
    ...appHandlers(deps),
  };
}
