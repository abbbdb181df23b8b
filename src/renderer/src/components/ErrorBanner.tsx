import { useTranslation } from 'react-i18next';
import { errorText } from '../i18n/errors';
import { useModel } from '../model';

/** The last failure, in words: what happened and what to do, with the core's detail. */
export function ErrorBanner() {
  const { t } = useTranslation();
  const { banner, actions } = useModel();
  if (!banner) return null;
  const text = errorText(t, banner);
  return (
    <div className="banner banner-error" role="alert" data-testid="error-banner" data-code={text.code}>
      <div className="banner-body">
        <p className="banner-title">{text.title}</p>
        <p>{text.action}</p>
        {text.detail ? <p className="muted small">{t('errors.details', { message: text.detail })}</p> : null}
      </div>
      <button type="button" className="btn btn-ghost" onClick={actions.dismissBanner}>
        {t('common.dismiss')}
      </button>
    </div>
  );
}
