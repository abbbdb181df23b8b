import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppStore, useSlice } from '../../store/context';

// The credential server for local programs: off until the person turns it on, and loopback
// until they choose, separately and with the risk spelled out, to let containers in.

const LOOPBACK = '127.0.0.1';
const EVERY_INTERFACE = '0.0.0.0';

export function CredentialServerSettings() {
  const { t } = useTranslation();
  const store = useAppStore();
  const on = useSlice('settings', (s) => s.credentialServer);
  const address = useSlice('settings', (s) => s.credentialServerAddress);
  const ids = { heading: useId(), serve: useId(), serveHelp: useId(), wide: useId(), wideWarning: useId() };
  const save = async (patch: { credentialServer?: boolean; credentialServerAddress?: string }) => {
    if (await store.settings.set(patch)) store.notices.announce(t('settings.saved'));
  };
  const wide = address !== LOOPBACK;

  return (
    <section className="settings-section" aria-labelledby={ids.heading}>
      <h3 id={ids.heading} className="subhead">
        {t('settings.credentialServerHeading')}
      </h3>
      <div className="field field-check">
        <input
          id={ids.serve}
          type="checkbox"
          checked={on}
          aria-describedby={ids.serveHelp}
          onChange={(e) => void save({ credentialServer: e.target.checked })}
        />
        <label htmlFor={ids.serve}>{t('settings.credentialServer')}</label>
        <p id={ids.serveHelp} className="help">
          {t('settings.credentialServerHelp')}
        </p>
      </div>
      <div className="field field-check">
        <input
          id={ids.wide}
          type="checkbox"
          checked={wide}
          aria-describedby={ids.wideWarning}
          onChange={(e) => void save({ credentialServerAddress: e.target.checked ? EVERY_INTERFACE : LOOPBACK })}
        />
        <label htmlFor={ids.wide}>{t('settings.credentialServerWide', { address: wide ? address : EVERY_INTERFACE })}</label>
        <p id={ids.wideWarning} className="help" data-testid="credential-server-warning">
          {t('settings.credentialServerWideWarning')}
        </p>
      </div>
    </section>
  );
}
