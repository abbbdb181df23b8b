import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SettingsPatch } from '../../../shared/schemas';
import type { ConsoleModeSetting, Language, Settings, SignInFlowSetting, Theme } from '../../../shared/views';
import { useAppStore, useSlice } from '../store/context';
import { RegionField, SettingSelect, SettingToggle, TextField } from '../ui/Fields';
import { CredentialServerSettings } from './settings/CredentialServerSettings';
import { KeychainSettings } from './settings/KeychainSettings';
import { UpdateSettings } from './settings/UpdateSettings';

type ConsoleContainerAddon = Settings['consoleContainerAddon'];

/** Console session lengths offered, in minutes (0: AWS's default). */
const CONSOLE_SESSION_CHOICES = [0, 15, 60, 120, 240, 480, 720];

/** Settings: each change is saved at once (settings.set) and confirmed in the live region. */
export function SettingsView({ onExport }: { onExport: () => void }) {
  const { t } = useTranslation();
  const store = useAppStore();
  const settings = useSlice('settings', (s) => s);
  const info = useSlice('app', (s) => s.info);
  const [margin, setMargin] = useState(String(settings.refreshMarginMinutes));
  const [marginInvalid, setMarginInvalid] = useState(false);
  useEffect(() => setMargin(String(settings.refreshMarginMinutes)), [settings.refreshMarginMinutes]);

  const save = async (patch: SettingsPatch) => {
    if (await store.settings.set(patch)) store.notices.announce(t('settings.saved'));
  };

  const saveConsoleBrowser = (e: React.FocusEvent<HTMLInputElement>) => {
    const value = e.target.value.trim();
    if (value !== settings.consoleBrowser) void save({ consoleBrowser: value });
  };

  const saveMargin = () => {
    const n = Number(margin);
    if (!Number.isInteger(n) || n < 1 || n > 50) {
      setMarginInvalid(true);
      return;
    }
    setMarginInvalid(false);
    if (n !== settings.refreshMarginMinutes) void save({ refreshMarginMinutes: n });
  };

  return (
    <section className="view view-settings" aria-labelledby="settings-heading">
      <h2 id="settings-heading" className="view-title">
        {t('settings.heading')}
      </h2>
      <div className="form">
        <RegionField
          label={t('settings.defaultRegion')}
          help={t('settings.defaultRegionHelp')}
          value={settings.defaultRegion}
          onChange={(defaultRegion) => void save({ defaultRegion })}
        />

        <TextField
          label={t('settings.credentialsFile')}
          readOnly
          value={info?.credentialsFile ?? ''}
          className="mono"
          help={t('settings.credentialsFileHelp')}
        />

        <TextField
          label={t('settings.refreshMargin')}
          type="number"
          min={1}
          max={50}
          step={1}
          inputMode="numeric"
          value={margin}
          onChange={(e) => {
            setMargin(e.target.value);
            setMarginInvalid(false);
          }}
          onBlur={saveMargin}
          onKeyDown={(e) => {
            if (e.key === 'Enter') saveMargin();
          }}
          // The rule is the help line; when it is broken it becomes the error.
          {...(marginInvalid ? { error: t('settings.refreshMarginHelp') } : { help: t('settings.refreshMarginHelp') })}
        />

        <SettingToggle
          label={t('settings.notifications')}
          help={t('settings.notificationsHelp')}
          checked={settings.notifications}
          onChange={(notifications) => void save({ notifications })}
        />

        <SettingSelect<SignInFlowSetting>
          label={t('settings.signInFlow')}
          help={t('settings.signInFlowHelp')}
          value={settings.signInFlow}
          choices={[
            { value: 'auto', label: t('settings.signInFlowAuto') },
            { value: 'pkce', label: t('settings.signInFlowBrowser') },
            { value: 'device', label: t('settings.signInFlowDevice') },
          ]}
          onChange={(signInFlow) => void save({ signInFlow })}
        />

        <SettingSelect<ConsoleModeSetting>
          label={t('settings.consoleMode')}
          help={t('settings.consoleModeHelp')}
          value={settings.consoleMode}
          choices={[
            { value: 'ask', label: t('settings.consoleModeAsk') },
            { value: 'multi-session', label: t('console.modeMultiSession') },
            { value: 'sign-out', label: t('console.modeSignOut') },
            { value: 'profile', label: t('console.modeProfile') },
            { value: 'container', label: t('console.modeContainer') },
          ]}
          onChange={(consoleMode) => void save({ consoleMode })}
        />

        <TextField
          label={t('settings.consoleBrowser')}
          help={t('settings.consoleBrowserHelp')}
          defaultValue={settings.consoleBrowser}
          placeholder={t('settings.consoleBrowserPlaceholder')}
          onBlur={saveConsoleBrowser}
        />

        {settings.consoleMode === 'container' ? (
          <SettingSelect<ConsoleContainerAddon>
            label={t('settings.consoleContainerAddon')}
            value={settings.consoleContainerAddon}
            choices={[
              { value: 'granted', label: 'Granted' },
              { value: 'open-url-in-container', label: 'Open external links in a container' },
            ]}
            onChange={(consoleContainerAddon) => void save({ consoleContainerAddon })}
          />
        ) : null}

        <SettingSelect
          label={t('settings.consoleSession')}
          help={t('settings.consoleSessionHelp')}
          value={String(settings.consoleSessionMinutes)}
          choices={CONSOLE_SESSION_CHOICES.map((m) => ({
            value: String(m),
            label:
              m === 0
                ? t('settings.consoleSessionDefault')
                : m < 60
                  ? t('settings.consoleSessionMinutes', { count: m })
                  : t('settings.consoleSessionHours', { count: m / 60 }),
          }))}
          onChange={(minutes) => void save({ consoleSessionMinutes: Number(minutes) })}
        />

        <SettingToggle label={t('settings.launchAtLogin')} checked={settings.launchAtLogin} onChange={(launchAtLogin) => void save({ launchAtLogin })} />

        <SettingSelect<Language>
          label={t('settings.language')}
          value={settings.language}
          choices={[
            { value: 'system', label: t('settings.system') },
            { value: 'en', label: t('languages.en'), lang: 'en' },
            { value: 'ja', label: t('languages.ja'), lang: 'ja' },
          ]}
          onChange={(language) => void save({ language })}
        />

        <SettingSelect<Theme>
          label={t('settings.theme')}
          value={settings.theme}
          choices={[
            { value: 'system', label: t('settings.system') },
            { value: 'light', label: t('settings.themeLight') },
            { value: 'dark', label: t('settings.themeDark') },
          ]}
          onChange={(theme) => void save({ theme })}
        />
      </div>
      <CredentialServerSettings />
      <KeychainSettings />
      <UpdateSettings />
      <section className="settings-section" aria-labelledby="export-heading">
        <h3 id="export-heading" className="subhead">
          {t('export.heading')}
        </h3>
        <p className="help">{t('export.intro')}</p>
        <button type="button" className="btn" data-testid="open-export" onClick={onExport}>
          {t('export.open')}
        </button>
      </section>
      {info ? <p className="muted small version">{t('app.version', { version: info.version })}</p> : null}
    </section>
  );
}
