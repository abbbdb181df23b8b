import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { entryName } from '../catalog/entries';
import { isProfileEntry, type Entry } from '../catalog/filter';
import { formatClock } from '../format';
import { useLocale } from '../hooks/useLocale';
import { useAppStore } from '../store/context';
import type { Failure } from '../store/failure-policy';
import { isWindowProfileName } from '../../../shared/profile-name';
import { FailureNotice } from '../ui/FailureNotice';
import { TextField } from '../ui/Fields';
import { Sheet } from './Sheet';

/** The profile to write a role's credentials to, for the terminal. */
export function UseDialog({ role, onClose }: { role: Entry; onClose: () => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { entries, notices } = useAppStore();
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
    if (!isWindowProfileName(name)) {
      setInvalid(true);
      return;
    }
    setBusy(true);
    setFailure(undefined);
    const active = await entries.use(role, name, setFailure);
    setBusy(false);
    if (active) {
      notices.announce(t('use.done', { profile: active.profile, role: entryName(role), time: formatClock(active.expiration, locale) }));
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
