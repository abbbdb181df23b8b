import { useTranslation } from 'react-i18next';
import { useAppStore, useSlice } from '../../store/context';

/** Why the list is empty, in words, with the step that helps (sign in, try again, sync). */
export function EmptyState({ reason, query, onSignIn }: { reason: string; query: string; onSignIn: (session?: string) => void }) {
  const { t } = useTranslation();
  const { catalog } = useAppStore();
  const sessions = useSlice('sessions', (s) => s.list) ?? [];
  const messages: Record<string, string> = {
    'no-matches': t('empty.noMatches', { query: query.trim() }),
    'no-sessions': t('empty.noSessions'),
    'signed-out': t('empty.signedOut'),
    loading: t('empty.loading'),
    offline: t('empty.offline'),
    'no-roles': t('empty.noRoles'),
  };
  return (
    <div className="empty" data-testid="empty" data-reason={reason}>
      {reason === 'loading' ? <span className="spinner" aria-hidden="true" /> : null}
      <p>{messages[reason]}</p>
      {reason === 'no-sessions' ? (
        <button type="button" className="btn btn-primary" onClick={() => onSignIn()}>
          {t('nav.signin')}
        </button>
      ) : null}
      {reason === 'signed-out' ? (
        <button type="button" className="btn btn-primary" onClick={() => onSignIn(sessions[0]?.name)}>
          {t('sessions.signIn')}
        </button>
      ) : null}
      {reason === 'offline' || reason === 'no-roles' ? (
        <button type="button" className="btn" onClick={() => catalog.syncSignedIn()}>
          {reason === 'offline' ? t('common.tryAgain') : t('sessions.sync')}
        </button>
      ) : null}
    </div>
  );
}
