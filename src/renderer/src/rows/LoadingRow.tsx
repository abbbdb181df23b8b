import type { CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccountEntry } from '../catalog/filter';
import { useAppStore } from '../store/context';

/** An account whose roles are still on their way; its button has them listed before any other. */
export function LoadingRow({ account, style }: { account: AccountEntry; style: CSSProperties }) {
  const { t } = useTranslation();
  const { catalog } = useAppStore();
  const loadFirst = () => catalog.loadFirst(account.session, account.accountId);
  return (
    <div role="listitem" className="row row-loading" style={style} data-testid="account-loading" data-account-id={account.accountId} aria-busy="true">
      <span className="muted small">{t('list.loadingRoles')}</span>
      <button type="button" className="btn btn-ghost btn-small" onClick={loadFirst} aria-label={t('list.loadNowLabel', { account: account.accountName })}>
        {t('list.loadNow')}
      </button>
    </div>
  );
}
