import { useTranslation } from 'react-i18next';
import { IconButton } from '../../ui/IconButton';
import type { View } from '../navigation';

export function Header({ view, canGoBack, onNavigate }: { view: View; canGoBack: boolean; onNavigate: (view: View) => void }) {
  const { t } = useTranslation();
  const current = (shown: View) => (view === shown ? ('page' as const) : undefined);
  return (
    <header className="header">
      {view !== 'main' && canGoBack ? <IconButton icon="back" label={t('nav.back')} data-testid="nav-back" onClick={() => onNavigate('main')} /> : null}
      <h1 className="title">{t('app.title')}</h1>
      <nav className="header-nav" aria-label={t('nav.main')}>
        <IconButton icon="plus" label={t('nav.signin')} aria-current={current('signin')} data-testid="nav-signin" onClick={() => onNavigate('signin')} />
        <IconButton
          icon="gear"
          label={t('nav.settings')}
          aria-current={current('settings')}
          data-testid="nav-settings"
          onClick={() => onNavigate('settings')}
        />
      </nav>
    </header>
  );
}
