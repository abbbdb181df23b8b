import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon } from './Icon';
import { SignOutDialog } from './SignOutDialog';
import type { SessionView } from '../../../shared/views';
import { formatDuration } from '../format';
import { useLocale } from '../hooks/useLocale';
import { useNow } from '../hooks/useNow';
import { useModel } from '../model';

/** Each SSO session: its state and time left, sign in / sign out, sync now. */
export function SessionList({ onSignIn }: { onSignIn: (session: string) => void }) {
  const { t } = useTranslation();
  const { sessions = [] } = useModel();
  if (sessions.length === 0) return null;
  return (
    <ul className="sessions" aria-label={t('sessions.label')}>
      {sessions.map((s) => (
        <SessionItem key={s.name} session={s} onSignIn={onSignIn} />
      ))}
    </ul>
  );
}

function SessionItem({ session, onSignIn }: { session: SessionView; onSignIn: (session: string) => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const now = useNow(1000);
  const { actions, needsSignIn, catalogStatus, profiles } = useModel();
  const [asking, setAsking] = useState(false);
  const ended = session.expiresAt !== undefined && session.expiresAt <= now && !session.refreshable;
  const signedIn = session.signedIn && !ended && !needsSignIn.includes(session.name);
  const loading = catalogStatus[session.name]?.kind === 'loading';

  let state: string;
  if (signedIn) {
    if (session.expiresAt === undefined) state = t('sessions.signedInPlain');
    else if (session.refreshable && session.expiresAt <= now) state = t('sessions.signedInRenews');
    else state = t('sessions.signedIn', { duration: formatDuration(session.expiresAt - now, locale) });
  } else state = session.signedIn || needsSignIn.includes(session.name) ? t('sessions.needsSignIn') : t('sessions.signedOut');

  // Profiles holding this sign-in's credentials: signing out asks what becomes of them.
  const mine = profiles.filter((p) => (p.configProfile ? p.ssoSession : p.session) === session.name);
  const signOut = (unuse: boolean) => {
    setAsking(false);
    void actions.logout(session.name, unuse).then((ok) => ok && actions.announce(t(unuse ? 'signOut.doneRemoved' : 'sessions.signedOutDone', { name: session.name })));
  };

  return (
    <li className="session" data-testid="session" data-session={session.name} data-signed-in={signedIn ? 'true' : 'false'}>
      <span className={signedIn ? 'dot dot-on' : 'dot'} aria-hidden="true" />
      <div className="session-text">
        <span className="strong" translate="no">
          {session.name}
        </span>
        <span className="muted small" data-testid="session-state">
          {state}
        </span>
      </div>
      <div className="session-actions">
        {signedIn ? (
          <>
            <button type="button" className="icon-btn" disabled={loading} aria-label={t('sessions.sync')} title={t('sessions.sync')} onClick={() => void actions.loadCatalog(session.name, true)}>
              <Icon name="refresh" />
            </button>
            <button type="button" className="btn btn-small" onClick={() => (mine.length > 0 ? setAsking(true) : signOut(false))}>
              {t('sessions.signOut')}
            </button>
          </>
        ) : (
          <button type="button" className="btn btn-small btn-primary" onClick={() => onSignIn(session.name)}>
            {t('sessions.signIn')}
          </button>
        )}
      </div>
      {asking ? <SignOutDialog session={session.name} profiles={mine} onSignOut={signOut} onClose={() => setAsking(false)} /> : null}
    </li>
  );
}
