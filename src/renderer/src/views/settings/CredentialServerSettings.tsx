import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppStore, useSlice } from '../../store/context';
import { SettingToggle } from '../../ui/Fields';

// The credential server for local programs: off until the person turns it on, and loopback
// until they choose, separately and with the risk spelled out, to let containers in.

const LOOPBACK = '127.0.0.1';
const EVERY_INTERFACE = '0.0.0.0';

export function CredentialServerSettings() {
  const { t } = useTranslation();
  const store = useAppStore();
  const on = useSlice('settings', (s) => s.credentialServer);
  const address = useSlice('settings', (s) => s.credentialServerAddress);
  const heading = useId();
  const save = async (patch: { credentialServer?: boolean; credentialServerAddress?: string }) => {
    if (await store.settings.set(patch)) store.notices.announce(t('settings.saved'));
  };
  const wide = address !== LOOPBACK;

  return (
    <section className="settings-section" aria-labelledby={heading}>
      <h3 id={heading} className="subhead">
        {t('settings.credentialServerHeading')}
      </h3>
      <SettingToggle
        label={t('settings.credentialServer')}
        help={t('settings.credentialServerHelp')}
        checked={on}
        onChange={(checked) => void save({ credentialServer: checked })}
      />
      <SettingToggle
        label={t('settings.credentialServerWide', { address: wide ? address : EVERY_INTERFACE })}
        help={t('settings.credentialServerWideWarning')}
        helpTestId="credential-server-warning"
        checked={wide}
        onChange={(checked) => void save({ credentialServerAddress: checked ? EVERY_INTERFACE : LOOPBACK })}
      />
    </section>
  );
}
