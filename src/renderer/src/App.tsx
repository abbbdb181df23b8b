import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { I18nextProvider, useTranslation } from 'react-i18next';
import { getBridge, type LatchkeyApi } from './bridge';
import { Announcer } from './components/Announcer';
import { ErrorBanner } from './components/ErrorBanner';
import { ExportView } from './components/ExportView';
import { Header } from './components/Header';
import { MainView } from './components/MainView';
import { MfaDialog } from './components/MfaDialog';
import { SettingsView } from './components/SettingsView';
import { SignInView } from './components/SignInView';
import { useTheme } from './hooks/useTheme';
import { createI18n, resolveLanguage } from './i18n';
import { ModelProvider, useModel } from './model';

export type View = 'main' | 'signin' | 'settings' | 'export';

export function App({ api = getBridge() }: { api?: LatchkeyApi | undefined }) {
  // Start in the browser's language; the setting and the OS locale take over once known.
  const i18n = useMemo(() => createI18n(resolveLanguage('system', undefined)), []);
  return (
    <I18nextProvider i18n={i18n}>
      {api ? (
        <ModelProvider api={api}>
          <Shell />
        </ModelProvider>
      ) : (
        <BridgeMissing />
      )}
    </I18nextProvider>
  );
}

function BridgeMissing() {
  const { t } = useTranslation();
  return (
    <main className="app" data-testid="app" data-view="error">
      <div className="banner banner-error" role="alert" data-testid="bridge-missing">
        <div className="banner-body">
          <p className="banner-title">{t('bridge.missingTitle')}</p>
          <p>{t('bridge.missingAction')}</p>
        </div>
      </div>
    </main>
  );
}

function Shell() {
  const { i18n, t } = useTranslation();
  const { settings, info, sessions, login, configProfiles, signedIn, actions } = useModel();
  const [view, setView] = useState<View>('main');
  const [preselect, setPreselect] = useState<string>();
  const theme = useTheme(settings.theme);

  const language = resolveLanguage(settings.language, info?.locale);
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
    actions.announce(t('signin.success', { name: signedIn.session }));
    setPreselect(undefined);
    setView((v) => (v === 'signin' ? 'main' : v));
  }, [signedIn, actions, t]);

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
        <MainView onSignIn={signIn} />
      )}
      <MfaDialog />
      <Announcer />
    </main>
  );
}
