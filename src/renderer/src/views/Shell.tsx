import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConsoleModeQuestion } from '../dialogs/ConsoleModeDialog';
import { MfaDialog } from '../dialogs/MfaDialog';
import { useTheme } from '../hooks/useTheme';
import { resolveLanguage } from '../i18n';
import { useAppStore, useSlice } from '../store/context';
import { ExportView } from './ExportView';
import { HomeView } from './HomeView';
import type { View } from './navigation';
import { SettingsView } from './SettingsView';
import { SignInView } from './SignInView';
import { Announcer } from './shell/Announcer';
import { ErrorBanner } from './shell/ErrorBanner';
import { Header } from './shell/Header';

/** The popup's frame: header, failure banner, the screen shown, the console and MFA questions, the toast. */
export function Shell() {
  const { i18n, t } = useTranslation();
  const { notices } = useAppStore();
  const sessions = useSlice('sessions', (s) => s.list);
  const configProfiles = useSlice('configProfiles', (s) => s.view);
  const login = useSlice('signIn', (s) => s.login);
  const signedIn = useSlice('signIn', (s) => s.signedIn);
  const [view, setView] = useState<View>('main');
  const [preselect, setPreselect] = useState<string>();
  const theme = useTheme(useSlice('settings', (s) => s.theme));

  const language = resolveLanguage(
    useSlice('settings', (s) => s.language),
    useSlice('app', (s) => s.info?.locale),
  );
  useLayoutEffect(() => {
    if (i18n.language !== language) void i18n.changeLanguage(language);
    document.documentElement.lang = language;
  }, [i18n, language]);

  const loaded = sessions !== undefined && configProfiles !== undefined;
  // With no session and no config profile at all, or a sign-in under way, the sign-in view is
  // the only useful one.
  const nothingToList = loaded && sessions.length === 0 && configProfiles.profiles.length === 0 && configProfiles.problems.length === 0;
  const forced = !!login || nothingToList;
  const shown: View = login ? 'signin' : forced && view === 'main' ? 'signin' : view;
  // Once shown, the sign-in view stays until the person leaves it or signs in: a failed first
  // sign-in (which has added the session) must leave them at the form with the error.
  useEffect(() => {
    if (shown === 'signin' && view !== 'signin') setView('signin');
  }, [shown, view]);

  const signIn = (session?: string) => {
    setPreselect(session);
    setView('signin');
  };
  const navigate = (next: View) => {
    setPreselect(undefined);
    setView(next);
  };

  // A sign-in that succeeds (from the form, a known session or the banner's "Try again")
  // leaves the sign-in view for the list, and says so.
  const seenSignIn = useRef(signedIn?.id);
  useEffect(() => {
    if (!signedIn || signedIn.id === seenSignIn.current) return;
    seenSignIn.current = signedIn.id;
    notices.announce(t('signin.success', { name: signedIn.session }));
    setPreselect(undefined);
    setView((v) => (v === 'signin' ? 'main' : v));
  }, [signedIn, notices, t]);

  return (
    <main className="app" data-testid="app" data-view={shown} data-theme-applied={theme}>
      <Header view={shown} canGoBack={!forced || shown === 'settings'} onNavigate={navigate} />
      <ErrorBanner onSignIn={signIn} />
      {!loaded ? (
        <p className="empty" data-testid="empty" data-reason="loading">
          <span className="spinner" aria-hidden="true" />
          {t('common.loading')}
        </p>
      ) : shown === 'signin' ? (
        <SignInView key={preselect ?? ''} {...(preselect ? { preselect } : {})} />
      ) : shown === 'settings' ? (
        <SettingsView onExport={() => navigate('export')} />
      ) : shown === 'export' ? (
        <ExportView />
      ) : (
        <HomeView onSignIn={signIn} />
      )}
      <ConsoleModeQuestion />
      <MfaDialog />
      <Announcer />
    </main>
  );
}
