import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { FailureNotice } from './FailureNotice';
import { RegionField, TextField } from './Fields';
import { Icon } from './Icon';
import { Modal } from './Modal';
import { isProfileEntry, type Entry } from '../catalog/filter';
import { formatClock } from '../format';
import { useLocale } from '../hooks/useLocale';
import { useModel, type Failure } from '../model';
import { CONSOLE_SERVICES } from '../regions';

// Small sheets over the list for a role's options: console region/service, and the profile
// to use in the terminal. Focus moves in on open and back to the button on close.

/** The credentials file's profile-name rule (as the core checks it). */
export const PROFILE_NAME = /^[A-Za-z0-9_.\-@+]{1,64}$/;

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
  return (
    <Modal labelledBy={headingId} onClose={onClose} closeOnBackdrop data={{ 'data-role-key': role.key }}>
      <div className="sheet-head">
        <h2 id={headingId} className="subhead">
          {title}
        </h2>
        <button type="button" className="icon-btn" aria-label={t('common.close')} title={t('common.close')} onClick={onClose}>
          <Icon name="close" />
        </button>
      </div>
      <p className="muted small ellipsis" translate="no" title={caption}>
        {caption}
      </p>
      {children}
    </Modal>
  );
}

export function ConsoleDialog({ role, onOpen, onClose }: { role: Entry; onOpen: (role: Entry, options: { region?: string; service?: string }) => Promise<void>; onClose: () => void }) {
  const { t } = useTranslation();
  const { settings } = useModel();
  // A config profile opens in its own region unless another is picked.
  const [region, setRegion] = useState((isProfileEntry(role) ? role.view.region : undefined) ?? settings.defaultRegion);
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

export function UseDialog({ role, onClose }: { role: Entry; onClose: () => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { actions } = useModel();
  // A config profile cannot be written over itself.
  const [profile, setProfile] = useState(isProfileEntry(role) && role.profile === 'default' ? 'default-session' : 'default');
  const [invalid, setInvalid] = useState(false);
  const [busy, setBusy] = useState(false);
  // A failure is shown here, in the sheet the person is looking at (a wrong MFA code, a
  // profile Latchkey does not own), and "Use" tries again.
  const [failure, setFailure] = useState<Failure>();
  const first = useRef<HTMLInputElement>(null);
  const submitRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    first.current?.focus();
    first.current?.select();
  }, []);
  useEffect(() => {
    if (failure) submitRef.current?.focus();
  }, [failure]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const name = profile.trim();
    if (!PROFILE_NAME.test(name)) {
      setInvalid(true);
      return;
    }
    setBusy(true);
    setFailure(undefined);
    const active = await actions.useProfile(role, name, setFailure);
    setBusy(false);
    if (active) {
      actions.announce(t('use.done', { profile: active.profile, role: entryName(role), time: formatClock(active.expiration, locale) }));
      onClose();
    }
  };

  return (
    <Sheet title={t('use.title')} role={role} onClose={onClose}>
      <form onSubmit={(e) => void submit(e)} className="form" noValidate>
        <TextField
          label={t('use.profile')}
          inputRef={first}
          value={profile}
          onChange={(e) => {
            setProfile(e.target.value);
            setInvalid(false);
          }}
          error={invalid ? t('use.invalidProfile') : undefined}
          help={t('use.help')}
        />
        {/* The sheet's own button tries again (a fresh MFA code is asked for), so no second one here. */}
        {failure ? <FailureNotice failure={{ ...failure, retry: undefined }} className="banner banner-error banner-inline" testId="sheet-error" /> : null}
        <button ref={submitRef} type="submit" className="btn btn-primary btn-wide" disabled={busy}>
          {failure ? t('common.tryAgain') : t('use.submit')}
        </button>
      </form>
    </Sheet>
  );
}
