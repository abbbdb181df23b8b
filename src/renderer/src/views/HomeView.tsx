import { useTranslation } from 'react-i18next';
import { RenderProbe } from '../dev/RenderProbe';
import { useSlice } from '../store/context';
import { ActiveProfiles } from './home/ActiveProfiles';
import { RoleBrowser } from './home/RoleBrowser';
import { SessionList } from './home/SessionList';
import { SyncProgress } from './home/SyncProgress';

/** Sessions, sign-in-needed notices, sync progress, active profiles, then search and roles. */
export function HomeView({ onSignIn }: { onSignIn: (session?: string) => void }) {
  const { t } = useTranslation();
  const needsSignIn = useSlice('sessions', (s) => s.needsSignIn);
  const roles = <RoleBrowser onSignIn={onSignIn} />;
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
      {/* Development only: counts the list's renders for test/e2e; not in the built renderer. */}
      {import.meta.env.DEV ? <RenderProbe id="role-list">{roles}</RenderProbe> : roles}
    </div>
  );
}
