import type { LatchkeyApi } from '../../../shared/api';
import { deliver, type Report } from './failure-policy';
import { createActiveProfiles } from './slices/active-profiles';
import { createAppInfo } from './slices/app-info';
import { createCatalog } from './slices/catalog';
import { createConfigExport } from './slices/config-export';
import { createConfigProfiles } from './slices/config-profiles';
import { createConsoleQuestion } from './slices/console-question';
import { createEntries } from './slices/entries';
import { createFavorites } from './slices/favorites';
import { createKeychain } from './slices/keychain';
import { createMfa } from './slices/mfa';
import { createNotices } from './slices/notices';
import { createSessions } from './slices/sessions';
import { createSettings } from './slices/settings';
import { createSignIn } from './slices/sign-in';
import { createUpdates } from './slices/updates';

// The renderer's picture of the app: what main last told it, plus the actions that ask main
// for more. Everything arrives through window.latchkey (calls and pushed events); nothing
// here ever holds a token or a key. One slice per concern, each with its own store and
// actions, built in the order they need each other; a slice gets only the others it uses.
// store/connect.ts feeds them what main answers and pushes.

export function createAppStore(api: LatchkeyApi) {
  const notices = createNotices();
  const sessions = createSessions(api);
  // Every failure goes where the failure policy says: the banner, or "sign in again".
  const report: Report = (route, sheet) => deliver(route, { fail: notices.fail, needsSignIn: sessions.markNeedsSignIn }, sheet);

  const app = createAppInfo(api, report);
  const settings = createSettings(api, report);
  const catalog = createCatalog(api, report, sessions);
  const signIn = createSignIn(api, report, { notices, sessions, catalog });
  const favorites = createFavorites(api, report);
  const profiles = createActiveProfiles(api, report);
  const configProfiles = createConfigProfiles(api, report);
  const mfa = createMfa(api, report);
  const entries = createEntries(api, report, { app, mfa, configProfiles, profiles });
  const consoleQuestion = createConsoleQuestion({ catalog, configProfiles, entries });
  const keychain = createKeychain(api, report, configProfiles);
  const configExport = createConfigExport(api, report, configProfiles);
  const updates = createUpdates(api, report);
  return {
    report,
    notices,
    sessions,
    app,
    settings,
    catalog,
    signIn,
    favorites,
    profiles,
    configProfiles,
    mfa,
    entries,
    consoleQuestion,
    keychain,
    configExport,
    updates,
  };
}

export type AppStore = ReturnType<typeof createAppStore>;
