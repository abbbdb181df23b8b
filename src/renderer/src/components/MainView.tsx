import { useTranslation } from 'react-i18next';
import { useModel } from '../model';
import { ActiveProfiles } from './ActiveProfiles';
import { RoleBrowser } from './RoleBrowser';
import { SessionList } from './SessionList';
import { SyncProgress } from './SyncProgress';

/** Sessions, sign-in-needed notices, sync progress, active profiles, then search and roles. */
export function MainView({ onSignIn }: { onSignIn: (session?: string) => void }) {
  const { t } = useTranslation();
  const { needsSignIn } = useModel();
  return (
    <div className="view view-main">
      {needsSignIn.map((session) => (
        <div key={session} className="banner banner-warn" data-testid="sign-in-needed" data-session={session}>
          <p className="banner-body">{t('signInNeeded.text', { session })}</p>
          <button type="button" className="btn btn-primary btn-small" onClick={() => onSignIn(session)}>
            {t('signInNeeded.action')}
          </button>
        </div>
      ))}
      <SessionList onSignIn={onSignIn} />
      <SyncProgress />
      <ActiveProfiles />
      <RoleBrowser onSignIn={onSignIn} />
    </div>
  );
}
