import { useTranslation } from 'react-i18next';
import { errorText } from '../i18n/errors';
import { useModel } from '../model';

/** The last failure, in words: what happened and what to do, with the core's detail. */
export function ErrorBanner() {
  const { t } = useTranslation();
  const { banner, actions } = useModel();
  if (!banner) return null;
  const text = errorText(t, banner);
  // Right after an MFA code was asked for, the code or the device is what to check.
  if (banner.mfa) Object.assign(text, { title: t('errors.mfa.title'), action: t('errors.mfa.action') });
  return (
    <div className="banner banner-error" role="alert" data-testid="error-banner" data-code={text.code} data-mfa={banner.mfa ? 'true' : undefined}>
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
