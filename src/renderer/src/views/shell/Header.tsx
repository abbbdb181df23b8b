import { useTranslation } from 'react-i18next';
import { Icon } from '../../ui/Icon';
import type { View } from '../navigation';

export function Header({ view, canGoBack, onNavigate }: { view: View; canGoBack: boolean; onNavigate: (view: View) => void }) {
  const { t } = useTranslation();
  return (
    <header className="header">
      {view !== 'main' && canGoBack ? (
        <button type="button" className="icon-btn" aria-label={t('nav.back')} title={t('nav.back')} data-testid="nav-back" onClick={() => onNavigate('main')}>
          <Icon name="back" />
        </button>
      ) : null}
      <h1 className="title">{t('app.title')}</h1>
      <nav className="header-nav" aria-label={t('nav.main')}>
        <button
          type="button"
          className="icon-btn"
          aria-current={view === 'signin' ? 'page' : undefined}
          aria-label={t('nav.signin')}
          title={t('nav.signin')}
          data-testid="nav-signin"
          onClick={() => onNavigate('signin')}
        >
          <Icon name="plus" />
        </button>
        <button
          type="button"
          className="icon-btn"
          aria-current={view === 'settings' ? 'page' : undefined}
          aria-label={t('nav.settings')}
          title={t('nav.settings')}
          data-testid="nav-settings"
          onClick={() => onNavigate('settings')}
        >
          <Icon name="gear" />
        </button>
      </nav>
    </header>
  );
}
