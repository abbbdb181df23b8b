import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SettingsPatch } from '../../../shared/schemas';
import type { ConsoleModeSetting, Language, SignInFlowSetting, Theme } from '../../../shared/views';
import { useAppStore, useSlice } from '../store/context';
import { RegionField, TextField } from '../ui/Fields';
import { CredentialServerSettings } from './settings/CredentialServerSettings';
import { KeychainSettings } from './settings/KeychainSettings';
import { UpdateSettings } from './settings/UpdateSettings';

/** Console session lengths offered, in minutes (0: AWS's default). */
const CONSOLE_SESSION_CHOICES = [0, 15, 60, 120, 240, 480, 720];

/** Settings: each change is saved at once (settings.set) and confirmed in the live region. */
export function SettingsView({ onExport }: { onExport: () => void }) {
  const { t } = useTranslation();
  const store = useAppStore();
  const settings = useSlice('settings', (s) => s);
  const info = useSlice('app', (s) => s.info);
  const ids = {
    notify: useId(),
    notifyHelp: useId(),
    launch: useId(),
    language: useId(),
    theme: useId(),
    signInFlow: useId(),
    signInFlowHelp: useId(),
    consoleMode: useId(),
    consoleModeHelp: useId(),
    consoleBrowser: useId(),
    consoleBrowserHelp: useId(),
    consoleContainerAddon: useId(),
    consoleSession: useId(),
    consoleSessionHelp: useId(),
  };
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
  const saveContainerAddon = (e: React.ChangeEvent<HTMLSelectElement>) =>
    void save({ consoleContainerAddon: e.target.value === 'open-url-in-container' ? 'open-url-in-container' : 'granted' });

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

        <div className="field field-check">
          <input
            id={ids.notify}
            type="checkbox"
            checked={settings.notifications}
            aria-describedby={ids.notifyHelp}
            onChange={(e) => void save({ notifications: e.target.checked })}
          />
          <label htmlFor={ids.notify}>{t('settings.notifications')}</label>
          <p id={ids.notifyHelp} className="help">
            {t('settings.notificationsHelp')}
          </p>
        </div>

        <div className="field">
          <label htmlFor={ids.signInFlow}>{t('settings.signInFlow')}</label>
          <select
            id={ids.signInFlow}
            value={settings.signInFlow}
            aria-describedby={ids.signInFlowHelp}
            onChange={(e) => void save({ signInFlow: e.target.value as SignInFlowSetting })}
          >
            <option value="auto">{t('settings.signInFlowAuto')}</option>
            <option value="pkce">{t('settings.signInFlowBrowser')}</option>
            <option value="device">{t('settings.signInFlowDevice')}</option>
          </select>
          <p id={ids.signInFlowHelp} className="help">
            {t('settings.signInFlowHelp')}
          </p>
        </div>

        <div className="field">
          <label htmlFor={ids.consoleMode}>{t('settings.consoleMode')}</label>
          <select
            id={ids.consoleMode}
            value={settings.consoleMode}
            aria-describedby={ids.consoleModeHelp}
            onChange={(e) => void save({ consoleMode: e.target.value as ConsoleModeSetting })}
          >
            <option value="ask">{t('settings.consoleModeAsk')}</option>
            <option value="multi-session">{t('console.modeMultiSession')}</option>
            <option value="sign-out">{t('console.modeSignOut')}</option>
            <option value="profile">{t('console.modeProfile')}</option>
            <option value="container">{t('console.modeContainer')}</option>
          </select>
          <p id={ids.consoleModeHelp} className="help">
            {t('settings.consoleModeHelp')}
          </p>
        </div>

        <div className="field">
          <label htmlFor={ids.consoleBrowser}>{t('settings.consoleBrowser')}</label>
          <input
            id={ids.consoleBrowser}
            type="text"
            defaultValue={settings.consoleBrowser}
            placeholder={t('settings.consoleBrowserPlaceholder')}
            aria-describedby={ids.consoleBrowserHelp}
            onBlur={saveConsoleBrowser}
          />
          <p id={ids.consoleBrowserHelp} className="help">
            {t('settings.consoleBrowserHelp')}
          </p>
        </div>

        {settings.consoleMode === 'container' ? (
          <div className="field">
            <label htmlFor={ids.consoleContainerAddon}>{t('settings.consoleContainerAddon')}</label>
            <select id={ids.consoleContainerAddon} value={settings.consoleContainerAddon} onChange={saveContainerAddon}>
              <option value="granted">Granted</option>
              <option value="open-url-in-container">Open external links in a container</option>
            </select>
          </div>
        ) : null}

        <div className="field">
          <label htmlFor={ids.consoleSession}>{t('settings.consoleSession')}</label>
          <select
            id={ids.consoleSession}
            value={String(settings.consoleSessionMinutes)}
            aria-describedby={ids.consoleSessionHelp}
            onChange={(e) => void save({ consoleSessionMinutes: Number(e.target.value) })}
          >
            {CONSOLE_SESSION_CHOICES.map((m) => (
              <option key={m} value={String(m)}>
                {m === 0
                  ? t('settings.consoleSessionDefault')
                  : m < 60
                    ? t('settings.consoleSessionMinutes', { count: m })
                    : t('settings.consoleSessionHours', { count: m / 60 })}
              </option>
            ))}
          </select>
          <p id={ids.consoleSessionHelp} className="help">
            {t('settings.consoleSessionHelp')}
          </p>
        </div>

        <div className="field field-check">
          <input id={ids.launch} type="checkbox" checked={settings.launchAtLogin} onChange={(e) => void save({ launchAtLogin: e.target.checked })} />
          <label htmlFor={ids.launch}>{t('settings.launchAtLogin')}</label>
        </div>

        <div className="field">
          <label htmlFor={ids.language}>{t('settings.language')}</label>
          <select id={ids.language} value={settings.language} onChange={(e) => void save({ language: e.target.value as Language })}>
            <option value="system">{t('settings.system')}</option>
            <option value="en" lang="en">
              {t('languages.en')}
            </option>
            <option value="ja" lang="ja">
              {t('languages.ja')}
            </option>
          </select>
        </div>

        <div className="field">
          <label htmlFor={ids.theme}>{t('settings.theme')}</label>
          <select id={ids.theme} value={settings.theme} onChange={(e) => void save({ theme: e.target.value as Theme })}>
            <option value="system">{t('settings.system')}</option>
            <option value="light">{t('settings.themeLight')}</option>
            <option value="dark">{t('settings.themeDark')}</option>
          </select>
        </div>
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
