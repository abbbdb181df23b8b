import type { CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import type { Row } from '../catalog/filter';
import { formatDuration } from '../format';
import { useLocale } from '../hooks/useLocale';
import { useNow } from '../hooks/useNow';
import { useAppStore } from '../store/context';
import { IconButton } from '../ui/IconButton';
import { EntryActions } from './EntryActions';
import type { RowHandlers } from './row-handlers';

// A profile of ~/.aws/config in the list: its name, what kind it is, the account and role
// where known, whether it asks for an MFA code and how long a cached MFA session lasts. It
// offers the same actions as a role row (no favorite: those are Identity Center roles).

interface ProfileRowProps extends RowHandlers {
  row: Extract<Row, { type: 'profile' }>;
  index: number;
  style: CSSProperties;
  highlighted: boolean;
}

export function ProfileRow({ row, index, style, highlighted, onHighlight, onOpenConsole, onCopyEnv, onDialog }: ProfileRowProps) {
  const { t } = useTranslation();
  const { configProfiles, notices } = useAppStore();
  const { entry } = row;
  const { view } = entry;
  const kind = t(`configProfiles.kind.${view.kind}`);
  const details = [view.accountId, view.roleName ?? view.userName].filter((d) => d);

  const endMfaSession = async () => {
    if (await configProfiles.forgetMfaSession(entry.profile)) notices.announce(t('configProfiles.mfaSessionEnded', { profile: entry.profile }));
  };

  return (
    <div
      id={`row-${index}`}
      role="listitem"
      aria-label={t('configProfiles.label', { profile: entry.profile, kind })}
      aria-current={highlighted ? 'true' : undefined}
      className={`row row-role row-role-tall${highlighted ? ' row-highlighted' : ''}`}
      style={style}
      data-testid="profile-row"
      data-profile={entry.profile}
      data-kind={view.kind}
      data-mfa={view.mfa ? 'true' : 'false'}
      data-highlighted={highlighted ? 'true' : 'false'}
      onMouseEnter={() => onHighlight(index)}
    >
      <div className="role-text" onClick={() => void onOpenConsole(entry)}>
        <span className="role-name" translate="no" title={entry.profile}>
          {entry.profile}
        </span>
        <span className="muted small ellipsis">
          <span className="kind-badge" data-testid="profile-kind">
            {kind}
          </span>{' '}
          {/* MFA first: it is what the person must know before acting; ids may be cut off. */}
          {view.mfa ? (
            <span className="mfa-marker" data-testid="mfa-marker">
              {t('configProfiles.mfa')}
            </span>
          ) : null}
          {view.mfaSessionExpiresAt !== undefined ? <MfaSessionLeft expiresAt={view.mfaSessionExpiresAt} /> : null}
          {view.mfa && details.length > 0 ? ' · ' : ''}
          <span translate="no" title={details.join(' · ') || undefined}>
            {details.join(' · ')}
          </span>
        </span>
      </div>
      <div className="role-actions">
        {view.mfaSessionExpiresAt !== undefined ? (
          <IconButton icon="close" label={t('configProfiles.endMfaSession')} onClick={() => void endMfaSession()} />
        ) : null}
        <EntryActions entry={entry} onOpenConsole={onOpenConsole} onCopyEnv={onCopyEnv} onDialog={onDialog} />
      </div>
    </div>
  );
}

/** "MFA session 11h 59m": no code is asked for until then. */
function MfaSessionLeft({ expiresAt }: { expiresAt: number }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const now = useNow(30_000);
  const left = expiresAt - now;
  if (left <= 0) return null;
  return (
    <span data-testid="mfa-session" data-expires-at={expiresAt}>
      {' '}
      {t('configProfiles.mfaSession', { duration: formatDuration(left, locale) })}
    </span>
  );
}
