import { appHandlers } from './app';
import { catalogHandlers } from './catalog';
import { configProfileHandlers } from './config-profiles';
import { consoleHandlers } from './console';
import { credentialServerHandlers } from './credential-server';
import { credentialHandlers } from './credentials';
import { exportHandlers } from './export';
import { favoriteHandlers } from './favorites';
import { keychainHandlers } from './keychain';
import { mfaHandlers } from './mfa';
import { profileHandlers } from './profiles';
import { sessionHandlers } from './sessions';
import { settingsHandlers } from './settings';
import type { HandlerDeps, Handlers } from './types';
import { updateHandlers } from './updates';

export type { DomainHandlers, HandlerDeps, Handlers, SettingsStore } from './types';

/** Every contract channel's handler, one file per domain, each "validate (done by dispatch),
 * call core, return a view". */
export function createHandlers(deps: HandlerDeps): Handlers {
  return {
    ...sessionHandlers(deps),
    ...catalogHandlers(deps),
    ...favoriteHandlers(deps),
    ...profileHandlers(deps),
    ...consoleHandlers(deps),
    ...credentialHandlers(deps),
    ...credentialServerHandlers(deps),
    ...configProfileHandlers(deps),
    ...keychainHandlers(deps),
    ...exportHandlers(deps),
    ...mfaHandlers(deps),
    ...settingsHandlers(deps),
    ...appHandlers(deps),
    ...updateHandlers(deps),
  };
}
