import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { isProfileEntry, type Entry } from '../catalog/filter';
import { useSlice } from '../store/context';
import { CONSOLE_SERVICES } from '../regions';
import { RegionField } from '../ui/Fields';
import { Sheet } from './Sheet';

/** The console's options for a role: region and service. */
export function ConsoleDialog({
  role,
  onOpen,
  onClose,
}: {
  role: Entry;
  onOpen: (role: Entry, options: { region?: string; service?: string }) => Promise<void>;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const defaultRegion = useSlice('settings', (s) => s.defaultRegion);
  // A config profile opens in its own region unless another is picked.
  const [region, setRegion] = useState((isProfileEntry(role) ? role.view.region : undefined) ?? defaultRegion);
  const [service, setService] = useState('');
  const serviceId = useId();
  const first = useRef<HTMLSelectElement>(null);
  useEffect(() => first.current?.focus(), []);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const options: { region?: string; service?: string } = { region };
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
        <button type="submit" className="btn btn-primary btn-wide">
          {t('console.open')}
        </button>
      </form>
    </Sheet>
  );
}
