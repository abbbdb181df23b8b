import type { LatchkeyApi } from '../../../shared/api';
import type { AppStore } from './app-store';
import { backgroundFailure, notice, settle } from './failure-policy';

// Wires the store to main: the first answers, then every pushed event, and ~/.aws/config read
// again when the popup is shown. Returns the function that undoes it (the page unmounts).

export function connect(api: LatchkeyApi, store: AppStore): () => void {
  const { report, sessions, app, settings, catalog, signIn, favorites, profiles, configProfiles, mfa, consoleQuestion, updates } = store;
  const off = [
    api.on('sessions-changed', sessions.apply),
    api.on('sync-progress', catalog.progressed),
    api.on('catalog-updated', catalog.received),
    api.on('catalog-partial', catalog.partial),
    api.on('profiles-changed', profiles.apply),
    api.on('state-changed', favorites.apply),
    api.on('sign-in-prompt', signIn.prompted),
    api.on('sign-in-finished', signIn.finished),
    api.on('sign-in-needed', ({ session }) => sessions.markNeedsSignIn(session)),
    api.on('settings-changed', settings.apply),
    api.on('mfa-needed', mfa.ask),
    api.on('update-status', updates.apply),
    api.on('console-mode-needed', ({ target }) => void consoleQuestion.askFor(target)),
    // Pushed from background work (a sync, a refresh): "Try again" syncs every signed-in session.
    api.on('error', (e) => report(backgroundFailure(e, () => catalog.syncSignedIn(e.session)))),
  ];

  let live = true;
  void updates.load();
  void (async () => {
    const [infoR, settingsR, stateR, profilesR, configR, sessionsR] = await Promise.all([
      settle(api.app.info()),
      settle(api.settings.get()),
      settle(api.favorites.get()),
      settle(api.profiles.list()),
      settle(api.configProfiles.list()),
      settle(api.sessions.list()),
    ]);
    if (!live) return;
    configProfiles.first(configR);
    if (infoR.ok) app.apply(infoR.value);
    if (settingsR.ok) settings.apply(settingsR.value);
    if (stateR.ok) favorites.apply(stateR.value);
    if (profilesR.ok) profiles.apply(profilesR.value);
    if (sessionsR.ok) sessions.apply(sessionsR.value);
    else {
      sessions.none();
      report(notice(sessionsR));
    }
    for (const r of [infoR, settingsR, stateR, profilesR]) if (!r.ok) report(notice(r));
  })();

  // ~/.aws/config may be edited by hand while the popup is hidden: read it again when shown.
  const reload = () => {
    if (document.visibilityState === 'visible') void configProfiles.reload();
  };
  window.addEventListener('focus', reload);
  document.addEventListener('visibilitychange', reload);

  return () => {
    live = false;
    for (const unsubscribe of off) unsubscribe();
    window.removeEventListener('focus', reload);
    document.removeEventListener('visibilitychange', reload);
  };
}
