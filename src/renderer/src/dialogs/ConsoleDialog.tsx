import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { isProfileEntry, type Entry } from '../catalog/filter';
import { useAppStore, useSlice } from '../store/context';
import type { ConsoleOpenChoice } from '../store/slices/entries';
import type { ConsoleBrowsersView } from '../../../shared/views';
import { CONSOLE_SERVICES } from '../regions';
import { RegionField } from '../ui/Fields';
import { Sheet } from './Sheet';

const MODES = ['multi-session', 'sign-out', 'profile', 'container'] as const;
const MODE_LABELS = {
  'multi-session': 'console.modeMultiSession',
  'sign-out': 'console.modeSignOut',
  profile: 'console.modeProfile',
  container: 'console.modeContainer',
} as const;

/** "Open in…" choices: '' (the setting), a mode, or `own:<browser>:<profile folder>`. */
function openInChoice(value: string): Pick<ConsoleOpenChoice, 'mode' | 'ownProfile'> {
  const own = /^own:([a-z]+):(.+)$/.exec(value);
  if (own) return { ownProfile: { browser: own[1] as NonNullable<ConsoleOpenChoice['ownProfile']>['browser'], directory: own[2]! } };
  const mode = MODES.find((m) => m === value);
  return mode ? { mode } : {};
}

/** The console's options for a role: region, service, and "Open in…" another mode or browser profile. */
export function ConsoleDialog({
  role,
  onOpen,
  onClose,
}: {
  role: Entry;
  onOpen: (role: Entry, options: ConsoleOpenChoice) => Promise<void>;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const defaultRegion = useSlice('settings', (s) => s.defaultRegion);
  // A config profile opens in its own region unless another is picked.
  const [region, setRegion] = useState((isProfileEntry(role) ? role.view.region : undefined) ?? defaultRegion);
  const [service, setService] = useState('');
  const serviceId = useId();
  const openInId = useId();
  const [openIn, setOpenIn] = useState('');
  const [browsers, setBrowsers] = useState<ConsoleBrowsersView['browsers']>([]);
  const { entries } = useAppStore();
  useEffect(() => {
    let live = true;
    void entries.consoleBrowsers().then((found) => live && setBrowsers(found));
    return () => {
      live = false;
    };
  }, [entries]);
  const first = useRef<HTMLSelectElement>(null);
  useEffect(() => first.current?.focus(), []);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const options: ConsoleOpenChoice = { region, ...openInChoice(openIn) };
    if (service) options.service = service;
    onClose();
    void onOpen(role, options);
  };

  return (
    <Sheet title={t('console.title')} role={role} onClose={onClose}>
      <form onSubmit={submit} className="form">
        <RegionField label={t('console.region')} value={region} onChange={setRegion} selectRef={first} />
        <div className="field">
          <label htmlFor={serviceId}>{t('console.service')}</label>
          <select id={serviceId} value={service} onChange={(e) => setService(e.target.value)}>
            {CONSOLE_SERVICES.map((s) => (
              <option key={s || 'home'} value={s}>
                {t(`services.${s || 'home'}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={openInId}>{t('console.openIn')}</label>
          <select id={openInId} value={openIn} onChange={(e) => setOpenIn(e.target.value)}>
            <option value="">{t('console.openInSetting')}</option>
            {MODES.map((m) => (
              <option key={m} value={m}>
                {t(MODE_LABELS[m])}
              </option>
            ))}
            {browsers.flatMap((b) =>
              b.profiles.map((p) => (
                <option key={`${b.id}:${p.directory}`} value={`own:${b.id}:${p.directory}`}>
                  {t('console.openInOwnProfile', { profile: p.name, browser: b.name })}
                </option>
              )),
            )}
          </select>
        </div>
        <button type="submit" className="btn btn-primary btn-wide">
          {t('console.open')}
        </button>
      </form>
    </Sheet>
  );
}
