import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { ActiveProfileView } from '../../../shared/views';
import { formatDuration } from '../format';
import { useLocale } from '../hooks/useLocale';
import { useNow } from '../hooks/useNow';
import { Modal } from '../ui/Modal';

// Signing out cannot end role credentials AWS already issued: the session's profiles keep
// working until they expire. Asks whether they leave ~/.aws/credentials now or stay until then
// (no longer renewed either way).

interface SignOutDialogProps {
  session: string;
  /** The session's active profiles (its roles', and chained roles that start at one of them). */
  profiles: ActiveProfileView[];
  onSignOut: (unuse: boolean) => void;
  onClose: () => void;
}

export function SignOutDialog({ session, profiles, onSignOut, onClose }: SignOutDialogProps) {
  const { t } = useTranslation();
  const locale = useLocale();
  const now = useNow(1000);
  const ids = { title: useId(), intro: useId() };
  const sorted = [...profiles].sort((a, b) => a.profile.localeCompare(b.profile));
  return (
    <Modal
      labelledBy={ids.title}
      describedBy={ids.intro}
      onClose={onClose}
      closeOnBackdrop
      data={{ 'data-testid': 'sign-out-dialog', 'data-session': session }}
    >
      <h2 id={ids.title} className="subhead">
        {t('signOut.title', { name: session })}
      </h2>
      <p id={ids.intro}>{t('signOut.intro')}</p>
      <ul className="sign-out-profiles">
        {sorted.map((p) => (
          <li key={p.profile} data-testid="sign-out-profile" data-profile={p.profile}>
            <span className="strong" translate="no">
              {p.profile}
            </span>{' '}
            <span className="muted small">
              {p.expiration > now ? t('signOut.endsIn', { duration: formatDuration(p.expiration - now, locale) }) : t('profiles.expired')}
            </span>
          </li>
        ))}
      </ul>
      <div className="actions">
        <button type="button" className="btn btn-primary" onClick={() => onSignOut(true)}>
          {t('signOut.remove')}
        </button>
        <button type="button" className="btn" onClick={() => onSignOut(false)}>
          {t('signOut.keep')}
        </button>
        <button type="button" className="btn btn-ghost" onClick={onClose}>
          {t('common.cancel')}
        </button>
      </div>
    </Modal>
  );
}
