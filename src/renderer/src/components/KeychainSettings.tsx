import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { KeychainView } from '../../../shared/views';
import { useModel } from '../model';
import { regionOptions } from '../regions';

// IAM users' long-term keys, kept in the OS keychain by main. The secret goes in once and
// never comes back: the form clears it after sending, and the list shows profile names only.

const PROFILE_NAME = /^[A-Za-z0-9_.\-@+]{1,64}$/;
const ACCESS_KEY_ID = /^[A-Z0-9]{16,128}$/;
const SECRET = /^\S{16,128}$/;
const MFA_SERIAL = /^arn:aws[\w-]*:iam::\d{12}:mfa\/[\w+=,.@/-]+$|^[A-Z0-9]{9,64}$/;

type Field = 'profile' | 'accessKeyId' | 'secretAccessKey' | 'mfaSerial';

export function KeychainSettings() {
  const { t } = useTranslation();
  const { actions } = useModel();
  const [status, setStatus] = useState<KeychainView>();
  const [profile, setProfile] = useState('');
  const [accessKeyId, setAccessKeyId] = useState('');
  const [secret, setSecret] = useState('');
  const [mfaSerial, setMfaSerial] = useState('');
  const [region, setRegion] = useState('');
  const [invalid, setInvalid] = useState<Field[]>([]);
  const [busy, setBusy] = useState(false);
  const ids = {
    heading: useId(),
    profile: useId(),
    key: useId(),
    secret: useId(),
    secretHelp: useId(),
    mfa: useId(),
    mfaHelp: useId(),
    region: useId(),
    err: useId(),
  };

  useEffect(() => {
    let live = true;
    void actions.keychainStatus().then((s) => live && s && setStatus(s));
    return () => {
      live = false;
    };
  }, [actions]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const checks: [Field, boolean][] = [
      ['profile', PROFILE_NAME.test(profile.trim())],
      ['accessKeyId', ACCESS_KEY_ID.test(accessKeyId.trim())],
      ['secretAccessKey', SECRET.test(secret)],
      ['mfaSerial', mfaSerial.trim() === '' || MFA_SERIAL.test(mfaSerial.trim())],
    ];
    const bad = checks.filter(([, ok]) => !ok).map(([field]) => field);
    setInvalid(bad);
    if (bad.length > 0) return;
    setBusy(true);
    const name = profile.trim();
    const stored = await actions.storeIamUser({
      profile: name,
      accessKeyId: accessKeyId.trim(),
      secretAccessKey: secret,
      ...(mfaSerial.trim() ? { mfaSerial: mfaSerial.trim() } : {}),
      ...(region ? { region } : {}),
    });
    // The secret leaves this window's memory whatever the answer: it is typed again if needed.
    setSecret('');
    setBusy(false);
    if (stored) {
      setStatus(stored);
      setProfile('');
      setAccessKeyId('');
      setMfaSerial('');
      setRegion('');
      actions.announce(t('keychain.storedDone', { profile: name }));
    }
  };

  const remove = async (name: string) => {
    const after = await actions.deleteIamUser(name);
    if (after) {
      setStatus(after);
      actions.announce(t('keychain.removed', { profile: name }));
    }
  };

  const errorFor = (field: Field) =>
    invalid.includes(field) ? (
      <p id={`${ids.err}-${field}`} className="field-error" data-testid="field-error">
        {t(`keychain.invalid.${field}`)}
      </p>
    ) : null;
  const describedBy = (field: Field, help?: string) => [invalid.includes(field) ? `${ids.err}-${field}` : '', help ?? ''].filter((s) => s).join(' ') || undefined;

  return (
    <section className="settings-section" aria-labelledby={ids.heading} data-testid="keychain">
      <h3 id={ids.heading} className="subhead">
        {t('keychain.heading')}
      </h3>
      {!status ? (
        <p className="muted small">{t('common.loading')}</p>
      ) : !status.available ? (
        <p className="help" data-testid="keychain-unavailable">
          {t('keychain.unavailable')} {status.reason}
        </p>
      ) : (
        <>
          <p className="help">{t('keychain.intro')}</p>
          {status.users.length > 0 ? (
            <ul className="stored-list" aria-label={t('keychain.list')}>
              {status.users.map((name) => (
                <li key={name} className="stored-item" data-testid="keychain-user" data-profile={name}>
                  <span className="mono" translate="no">
                    {name}
                  </span>
                  <button type="button" className="btn btn-small btn-ghost" aria-label={t('keychain.remove', { profile: name })} onClick={() => void remove(name)}>
                    {t('keychain.removeShort')}
                  </button>
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted small">{t('keychain.none')}</p>
          )}
          <form className="form" aria-label={t('keychain.form')} onSubmit={(e) => void submit(e)} noValidate autoComplete="off">
            <div className="field">
              <label htmlFor={ids.profile}>{t('keychain.profile')}</label>
              <input
                id={ids.profile}
                type="text"
                spellCheck={false}
                autoComplete="off"
                value={profile}
                onChange={(e) => setProfile(e.target.value)}
                aria-invalid={invalid.includes('profile') || undefined}
                aria-describedby={describedBy('profile')}
              />
              {errorFor('profile')}
            </div>
            <div className="field">
              <label htmlFor={ids.key}>{t('keychain.accessKeyId')}</label>
              <input
                id={ids.key}
                type="text"
                className="mono"
                spellCheck={false}
                autoComplete="off"
                value={accessKeyId}
                onChange={(e) => setAccessKeyId(e.target.value)}
                aria-invalid={invalid.includes('accessKeyId') || undefined}
                aria-describedby={describedBy('accessKeyId')}
              />
              {errorFor('accessKeyId')}
            </div>
            <div className="field">
              <label htmlFor={ids.secret}>{t('keychain.secretAccessKey')}</label>
              <input
                id={ids.secret}
                type="password"
                className="mono"
                spellCheck={false}
                autoComplete="off"
                value={secret}
                onChange={(e) => setSecret(e.target.value)}
                aria-invalid={invalid.includes('secretAccessKey') || undefined}
                aria-describedby={describedBy('secretAccessKey', ids.secretHelp)}
              />
              {errorFor('secretAccessKey')}
              <p id={ids.secretHelp} className="help">
                {t('keychain.secretHelp')}
              </p>
            </div>
            <div className="field">
              <label htmlFor={ids.mfa}>{t('keychain.mfaSerial')}</label>
              <input
                id={ids.mfa}
                type="text"
                className="mono"
                spellCheck={false}
                autoComplete="off"
                placeholder="arn:aws:iam::123456789012:mfa/name"
                value={mfaSerial}
                onChange={(e) => setMfaSerial(e.target.value)}
                aria-invalid={invalid.includes('mfaSerial') || undefined}
                aria-describedby={describedBy('mfaSerial', ids.mfaHelp)}
              />
              {errorFor('mfaSerial')}
              <p id={ids.mfaHelp} className="help">
                {t('keychain.mfaSerialHelp')}
              </p>
            </div>
            <div className="field">
              <label htmlFor={ids.region}>{t('keychain.region')}</label>
              <select id={ids.region} value={region} onChange={(e) => setRegion(e.target.value)}>
                <option value="">{t('keychain.noRegion')}</option>
                {regionOptions(region || 'us-east-1').map((r) => (
                  <option key={r} value={r}>
                    {r}
                  </option>
                ))}
              </select>
            </div>
            <button type="submit" className="btn btn-primary" disabled={busy}>
              {t('keychain.submit')}
            </button>
          </form>
        </>
      )}
    </section>
  );
}
