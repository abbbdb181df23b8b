import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { UpdateState } from '../../../../shared/views';
import { useAppStore, useSlice } from '../../store/context';

// The app's own updates: automatic checks on or off, a check by hand, and where it stands; once
// a new version is downloaded, the restart that installs it takes the check's place.

const STATUS_KEY: Record<UpdateState, string> = {
  unsupported: 'settings.updatesUnsupported',
  idle: '',
  checking: 'settings.updatesChecking',
  'up-to-date': 'settings.updatesUpToDate',
  downloading: 'settings.updatesDownloading',
  ready: 'settings.updatesReady',
  failed: 'settings.updatesFailed',
};

export function UpdateSettings() {
  const { t } = useTranslation();
  const store = useAppStore();
  const auto = useSlice('settings', (s) => s.autoUpdateChecks);
  const status = useSlice('updates', (s) => s);
  const ids = { heading: useId(), auto: useId(), autoHelp: useId() };
  const save = async (autoUpdateChecks: boolean) => {
    if (await store.settings.set({ autoUpdateChecks })) store.notices.announce(t('settings.saved'));
  };
  const busy = status.state === 'checking' || status.state === 'downloading';
  const check = () => void store.updates.check();
  const restart = () => void store.updates.restart();
  const key = STATUS_KEY[status.state];

  return (
    <section className="settings-section" aria-labelledby={ids.heading}>
      <h3 id={ids.heading} className="subhead">
        {t('settings.updatesHeading')}
      </h3>
      <div className="field field-check">
        <input id={ids.auto} type="checkbox" checked={auto} aria-describedby={ids.autoHelp} onChange={(e) => void save(e.target.checked)} />
        <label htmlFor={ids.auto}>{t('settings.autoUpdateChecks')}</label>
        <p id={ids.autoHelp} className="help">
          {t('settings.autoUpdateChecksHelp')}
        </p>
      </div>
      {status.state === 'ready' ? (
        <button type="button" className="btn btn-primary" data-testid="restart-to-update" onClick={restart}>
          {t('settings.restartToUpdate', { version: status.version ?? '' })}
        </button>
      ) : (
        <button type="button" className="btn" data-testid="check-for-updates" disabled={busy || status.state === 'unsupported'} onClick={check}>
          {t('settings.checkForUpdates')}
        </button>
      )}
      <p className="help" role="status" data-testid="update-status">
        {key ? t(key, { version: status.version ?? '' }) : null}
      </p>
    </section>
  );
}
