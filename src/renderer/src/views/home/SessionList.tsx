import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SignOutDialog } from '../../dialogs/SignOutDialog';
import { IconButton } from '../../ui/IconButton';
import { signInSessionOf, type SessionView } from '../../../../shared/views';
import { formatDuration } from '../../format';
import { useLocale } from '../../hooks/useLocale';
import { useNow } from '../../hooks/useNow';
import { useAppStore, useSlice } from '../../store/context';

/** Each SSO session: its state and time left, sign in / sign out, sync now. */
export function SessionList({ onSignIn }: { onSignIn: (session: string) => void }) {
  const { t } = useTranslation();
  const sessions = useSlice('sessions', (s) => s.list);
  if (!sessions || sessions.length === 0) return null;
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
  const { catalog, signIn, notices } = useAppStore();
  const needsSignIn = useSlice('sessions', (s) => s.needsSignIn);
  const loading = useSlice('catalog', (s) => s.status[session.name]?.kind === 'loading');
  const profiles = useSlice('profiles', (s) => s.list);
  const [asking, setAsking] = useState(false);
  const ended = session.expiresAt !== undefined && session.expiresAt <= now && !session.refreshable;
  const signedIn = session.signedIn && !ended && !needsSignIn.includes(session.name);

  let state: string;
  if (signedIn) {
    if (session.expiresAt === undefined) state = t('sessions.signedInPlain');
    else if (session.refreshable && session.expiresAt <= now) state = t('sessions.signedInRenews');
    else state = t('sessions.signedIn', { duration: formatDuration(session.expiresAt - now, locale) });
  } else state = session.signedIn || needsSignIn.includes(session.name) ? t('sessions.needsSignIn') : t('sessions.signedOut');

  // Profiles holding this sign-in's credentials: signing out asks what becomes of them.
  const mine = profiles.filter((p) => signInSessionOf(p) === session.name);
  /** Signs out of this session (and with `unuse` removes its profiles), and says so. */
  const signOut = async (unuse: boolean) => {
    setAsking(false);
    if (await signIn.logout(session.name, unuse)) notices.announce(t(unuse ? 'signOut.doneRemoved' : 'sessions.signedOutDone', { name: session.name }));
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
            <IconButton icon="refresh" label={t('sessions.sync')} disabled={loading} onClick={() => void catalog.load(session.name, true)} />
            <button type="button" className="btn btn-small" onClick={() => (mine.length > 0 ? setAsking(true) : void signOut(false))}>
              {t('sessions.signOut')}
            </button>
          </>
        ) : (
          <button type="button" className="btn btn-small btn-primary" onClick={() => onSignIn(session.name)}>
            {t('sessions.signIn')}
          </button>
        )}
      </div>
      {asking ? <SignOutDialog session={session.name} profiles={mine} onSignOut={(unuse) => void signOut(unuse)} onClose={() => setAsking(false)} /> : null}
    </li>
  );
}
