import { useTranslation } from 'react-i18next';
import { errorText } from '../i18n/errors';
import type { Failure } from '../store/failure-policy';

// A failure in words, wherever the person is looking (the banner, an open sheet): what
// happened and what to do, the core's own message as detail, and the next step as a button
// ("Sign in again" when the sign-in has ended, "Try again" where that can help).

interface FailureNoticeProps {
  failure: Failure;
  /** Shown for NOT_SIGNED_IN; receives the failure's session when known. */
  onSignIn?: ((session?: string) => void) | undefined;
  /** Closes the notice; called before a button's own step. */
  onDismiss?: (() => void) | undefined;
  className?: string;
  testId: string;
}

export function FailureNotice({ failure, onSignIn, onDismiss, className = 'banner banner-error', testId }: FailureNoticeProps) {
  const { t } = useTranslation();
  const text = errorText(t, failure);
  const signIn = failure.code === 'NOT_SIGNED_IN' && onSignIn ? onSignIn : undefined;
  const retry = !signIn ? failure.retry : undefined;
  return (
    <div className={className} role="alert" data-testid={testId} data-code={text.code} data-mfa={failure.mfa ? 'true' : undefined}>
      <div className="banner-body">
        <p className="banner-title">{text.title}</p>
        <p>{text.action}</p>
        {text.detail ? <p className="muted small">{t('errors.details', { message: text.detail })}</p> : null}
        {signIn || retry ? (
          <div className="banner-actions">
            {signIn ? (
              <button
                type="button"
                className="btn btn-primary btn-small"
                onClick={() => {
                  onDismiss?.();
                  signIn(failure.session);
                }}
              >
                {t('signInNeeded.action')}
              </button>
            ) : null}
            {retry ? (
              <button
                type="button"
                className="btn btn-small"
                onClick={() => {
                  onDismiss?.();
                  retry();
                }}
              >
                {t('common.tryAgain')}
              </button>
            ) : null}
          </div>
        ) : null}
      </div>
      {onDismiss ? (
        <button type="button" className="btn btn-ghost" onClick={onDismiss}>
          {t('common.dismiss')}
        </button>
      ) : null}
    </div>
  );
}
