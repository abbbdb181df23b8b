import { useMemo } from 'react';
import { I18nextProvider, useTranslation } from 'react-i18next';
import { getBridge, type LatchkeyApi } from './bridge';
import { createI18n, resolveLanguage } from './i18n';
import { StoreProvider } from './store/context';
import { Shell } from './views/Shell';

// The popup's React app. A component sits in the folder of what it is on screen:
//   views/    the shell and each screen it shows; parts only one screen uses sit in a folder
//             named after it (home/, settings/, shell/)
//   rows/     one file per kind of row in the virtualized role list
//   dialogs/  modals over any view
//   ui/       widgets that read no state: props in, callbacks out
// State lives in store/: one slice per concern (store/slices/), read with useSlice(name,
// selector); store/failure-policy.ts decides where a failure shows. catalog/ is the search
// (pure functions), hooks/ small React hooks, dev/ aids compiled out of the built renderer.

export function App({ api = getBridge() }: { api?: LatchkeyApi | undefined }) {
  // Start in the browser's language; the setting and the OS locale take over once known.
  const i18n = useMemo(() => createI18n(resolveLanguage('system', undefined)), []);
  return (
    <I18nextProvider i18n={i18n}>
      {api ? (
        <StoreProvider api={api}>
          <Shell />
        </StoreProvider>
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
