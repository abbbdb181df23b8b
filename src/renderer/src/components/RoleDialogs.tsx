import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon } from './Icon';
import { isProfileEntry, type Entry } from '../catalog/filter';
import { formatClock } from '../format';
import { useLocale } from '../hooks/useLocale';
import { useModel } from '../model';
import { CONSOLE_SERVICES, regionOptions } from '../regions';

// Small sheets over the list for a role's options: console region/service, and the profile
// to use in the terminal. Focus moves in on open and back to the button on close.

const PROFILE_NAME = /^[A-Za-z0-9_.\-@+]{1,64}$/;

/** What the sheet is about, in one line: "Role · account · id", or "profile · kind · account · role". */
function useCaption(entry: Entry): string {
  const { t } = useTranslation();
  if (!isProfileEntry(entry)) return `${entry.roleName} · ${entry.accountName} · ${entry.accountId}`;
  const v = entry.view;
  return [entry.profile, t(`configProfiles.kind.${v.kind}`), v.accountId, v.roleName ?? v.userName].filter((p) => p).join(' · ');
}

/** The name the announcements use: the role's, or the config profile's. */
export function entryName(entry: Entry): string {
  return isProfileEntry(entry) ? entry.profile : entry.roleName;
}

function Sheet({ title, role, onClose, children }: { title: string; role: Entry; onClose: () => void; children: ReactNode }) {
  const { t } = useTranslation();
  const headingId = useId();
  const caption = useCaption(role);
  const sheetRef = useRef<HTMLDivElement>(null);
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.stopPropagation();
      onClose();
    } else if (e.key === 'Tab' && sheetRef.current) {
      // A modal sheet keeps Tab inside itself.
      const focusables = [...sheetRef.current.querySelectorAll<HTMLElement>('button:not(:disabled), input, select')];
      const first = focusables[0];
      const last = focusables[focusables.length - 1];
      if (e.shiftKey && document.activeElement === first) {
        e.preventDefault();
        last?.focus();
      } else if (!e.shiftKey && document.activeElement === last) {
        e.preventDefault();
        first?.focus();
      }
    }
  };
  return (
    <div className="sheet-backdrop" onClick={onClose}>
      <div ref={sheetRef} className="sheet" role="dialog" aria-modal="true" aria-labelledby={headingId} onKeyDown={onKey} onClick={(e) => e.stopPropagation()} data-role-key={role.key}>
        <div className="sheet-head">
          <h2 id={headingId} className="subhead">
            {title}
          </h2>
          <button type="button" className="icon-btn" aria-label={t('common.close')} title={t('common.close')} onClick={onClose}>
            <Icon name="close" />
          </button>
        </div>
        <p className="muted small ellipsis" translate="no">
          {caption}
        </p>
        {children}
      </div>
    </div>
  );
}

export function ConsoleDialog({ role, onOpen, onClose }: { role: Entry; onOpen: (role: Entry, options: { region?: string; service?: string }) => Promise<void>; onClose: () => void }) {
  const { t } = useTranslation();
  const { settings } = useModel();
  // A config profile opens in its own region unless another is picked.
  const [region, setRegion] = useState((isProfileEntry(role) ? role.view.region : undefined) ?? settings.defaultRegion);
  const [service, setService] = useState('');
  const ids = { region: useId(), service: useId() };
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
        <div className="field">
          <label htmlFor={ids.region}>{t('console.region')}</label>
          <select id={ids.region} ref={first} value={region} onChange={(e) => setRegion(e.target.value)}>
            {regionOptions(region).map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.service}>{t('console.service')}</label>
          <select id={ids.service} value={service} onChange={(e) => setService(e.target.value)}>
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

export function UseDialog({ role, onClose }: { role: Entry; onClose: () => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { actions } = useModel();
  // A config profile cannot be written over itself.
  const [profile, setProfile] = useState(isProfileEntry(role) && role.profile === 'default' ? 'default-session' : 'default');
  const [invalid, setInvalid] = useState(false);
  const [busy, setBusy] = useState(false);
  const ids = { profile: useId(), help: useId(), err: useId() };
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => {
    first.current?.focus();
    first.current?.select();
  }, []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const name = profile.trim();
    if (!PROFILE_NAME.test(name)) {
      setInvalid(true);
      return;
    }
    setBusy(true);
    const active = await actions.useProfile(role, name);
    setBusy(false);
    if (active) {
      actions.announce(t('use.done', { profile: active.profile, role: entryName(role), time: formatClock(active.expiration, locale) }));
      onClose();
    }
  };

  return (
    <Sheet title={t('use.title')} role={role} onClose={onClose}>
      <form onSubmit={(e) => void submit(e)} className="form" noValidate>
        <div className="field">
          <label htmlFor={ids.profile}>{t('use.profile')}</label>
          <input
            id={ids.profile}
            ref={first}
            type="text"
            spellCheck={false}
            autoComplete="off"
            value={profile}
            onChange={(e) => {
              setProfile(e.target.value);
              setInvalid(false);
            }}
            aria-invalid={invalid ? true : undefined}
            aria-describedby={invalid ? `${ids.err} ${ids.help}` : ids.help}
          />
          {invalid ? (
            <p id={ids.err} className="field-error" data-testid="field-error">
              {t('use.invalidProfile')}
            </p>
          ) : null}
          <p id={ids.help} className="help">
            {t('use.help')}
          </p>
        </div>
        <button type="submit" className="btn btn-primary btn-wide" disabled={busy}>
          {t('use.submit')}
        </button>
      </form>
    </Sheet>
  );
}
