import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ActiveProfileView } from '../../../../shared/views';
import { formatClock, formatDuration } from '../../format';
import { useLocale } from '../../hooks/useLocale';
import { useNow } from '../../hooks/useNow';
import { useAppStore, useSlice } from '../../store/context';

/** Profiles the terminal uses, each with a live countdown, refresh and stop. */
export function ActiveProfiles() {
  const { t } = useTranslation();
  const profiles = useSlice('profiles', (s) => s.list);
  if (profiles.length === 0) return null;
  const sorted = [...profiles].sort((a, b) => a.profile.localeCompare(b.profile));
  return (
    <section className="profiles" aria-labelledby="profiles-heading">
      <h2 id="profiles-heading" className="subhead">
        {t('profiles.label')}
      </h2>
      <ul aria-labelledby="profiles-heading" className="profile-list">
        {sorted.map((p) => (
          <ProfileItem key={p.profile} profile={p} />
        ))}
      </ul>
    </section>
  );
}

function ProfileItem({ profile }: { profile: ActiveProfileView }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const now = useNow(1000);
  const { profiles, notices } = useAppStore();
  const serving = useSlice('settings', (s) => s.credentialServer);
  const catalog = useSlice('catalog', (s) => (profile.source === 'sso' ? s.catalogs[profile.session] : undefined));
  const [busy, setBusy] = useState(false);
  const remaining = profile.expiration - now;
  const accountName = catalog?.accounts.find((a) => a.accountId === profile.accountId)?.accountName ?? profile.accountId;
  const roleText = t('profiles.role', { role: profile.roleName, account: accountName });

  const refresh = async () => {
    setBusy(true);
    const fresh = await profiles.refresh(profile.profile);
    setBusy(false);
    if (fresh) notices.announce(t('profiles.refreshed', { profile: fresh.profile, time: formatClock(fresh.expiration, locale) }));
  };
  const copyServerExports = async () => {
    if (await profiles.copyServerExports(profile.profile)) notices.announce(t('profiles.serverCopied', { profile: profile.profile }));
  };
  const stop = async () => {
    setBusy(true);
    await profiles.unuse(profile.profile);
    setBusy(false);
    notices.announce(t('profiles.stopped', { profile: profile.profile }));
  };

  return (
    <li className="profile" data-testid="active-profile" data-profile={profile.profile} data-expires-at={profile.expiration}>
      <div className="profile-text">
        <span className="strong" translate="no">
          {profile.profile}
        </span>
        <span className="muted small ellipsis" translate="no" title={roleText}>
          {roleText}
        </span>
      </div>
      <div className={remaining <= 5 * 60_000 ? 'countdown countdown-soon' : 'countdown'}>
        <span className="sr-only">{remaining > 0 ? t('profiles.expiresIn') : ''}</span>
        <time dateTime={new Date(profile.expiration).toISOString()} data-testid="countdown" data-remaining-ms={Math.max(0, remaining)}>
          {remaining > 0 ? formatDuration(remaining, locale) : t('profiles.expired')}
        </time>
      </div>
      <button type="button" className="btn btn-small" disabled={busy} onClick={() => void refresh()}>
        {t('profiles.refresh')}
      </button>
      {serving ? (
        <button
          type="button"
          className="btn btn-small"
          data-testid="copy-server-exports"
          title={t('profiles.copyServerHelp')}
          onClick={() => void copyServerExports()}
        >
          {t('profiles.copyServer')}
        </button>
      ) : null}
      <button type="button" className="btn btn-small btn-ghost" disabled={busy} onClick={() => void stop()}>
        {t('profiles.stop')}
      </button>
    </li>
  );
}
