import { useMemo } from 'react';
import { I18nextProvider, useTranslation } from 'react-i18next';
import { getBridge, type LatchkeyApi } from './bridge';
import { createI18n, resolveLanguage } from './i18n';
import { StoreProvider } from './store/context';
import { Shell } from './views/Shell';

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
