import { useTranslation } from 'react-i18next';
import { formatCount } from '../../format';
import { useLocale } from '../../hooks/useLocale';
import { useAppStore, useSlice } from '../../store/context';

/** Sync progress with counts, in a polite live region that is always in the page. */
export function SyncProgress() {
  const { t } = useTranslation();
  const locale = useLocale();
  const { catalog } = useAppStore();
  const progress = useSlice('catalog', (s) => s.progress);
  const items = Object.values(progress);
  return (
    <div role="status" aria-live="polite" data-testid="sync-progress" className={items.length ? 'sync sync-active' : 'sync'}>
      {items.map((p) => {
        const text =
          p.phase === 'done'
            ? t('sync.done', { roles: formatCount(p.rolesFound, locale) })
            : p.accountsTotal === 0
              ? t('sync.listing')
              : t(p.phase === 'accounts' ? 'sync.listingCount' : 'sync.progress', {
                  done: formatCount(p.accountsDone, locale),
                  total: formatCount(p.accountsTotal, locale),
                  roles: formatCount(p.rolesFound, locale),
                });
        return (
          <div key={p.session} className="sync-item" data-testid="sync-progress-item" data-session={p.session} data-phase={p.phase}>
            <div className="sync-line">
              <span>{text}</span>
              {p.phase !== 'done' ? (
                <button type="button" className="btn btn-ghost btn-small" onClick={() => void catalog.cancelSync(p.session)}>
                  {t('sync.cancel')}
                </button>
              ) : null}
            </div>
            {p.accountsTotal > 0 ? <progress max={p.accountsTotal} value={p.accountsDone} aria-hidden="true" /> : null}
            {p.throttled > 0 ? <span className="muted small">{t('sync.throttled', { times: p.throttled })}</span> : null}
          </div>
        );
      })}
    </div>
  );
}
