import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { KeychainView } from '../../../../shared/views';
import { useAppStore } from '../../store/context';
import { RegionField, TextField } from '../../ui/Fields';
import { isWindowProfileName } from '../../../../shared/profile-name';

// IAM users' long-term keys, kept in the OS keychain by main. The secret goes in once and
// never comes back: the form clears it after sending, and the list shows profile names only.

const ACCESS_KEY_ID = /^[A-Z0-9]{16,128}$/;
const SECRET = /^\S{16,128}$/;
const MFA_SERIAL = /^arn:aws[\w-]*:iam::\d{12}:mfa\/[\w+=,.@/-]+$|^[A-Z0-9]{9,64}$/;

type Field = 'profile' | 'accessKeyId' | 'secretAccessKey' | 'mfaSerial';

export function KeychainSettings() {
  const { t } = useTranslation();
  const { keychain, notices } = useAppStore();
  const [status, setStatus] = useState<KeychainView>();
  const [profile, setProfile] = useState('');
  const [accessKeyId, setAccessKeyId] = useState('');
  const [secret, setSecret] = useState('');
  const [mfaSerial, setMfaSerial] = useState('');
  const [region, setRegion] = useState('');
  const [invalid, setInvalid] = useState<Field[]>([]);
  const [busy, setBusy] = useState(false);
  const headingId = useId();

  useEffect(() => {
    let live = true;
    void keychain.status().then((s) => live && s && setStatus(s));
    return () => {
      live = false;
    };
  }, [keychain]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const checks: [Field, boolean][] = [
      ['profile', isWindowProfileName(profile.trim())],
      ['accessKeyId', ACCESS_KEY_ID.test(accessKeyId.trim())],
      ['secretAccessKey', SECRET.test(secret)],
      ['mfaSerial', mfaSerial.trim() === '' || MFA_SERIAL.test(mfaSerial.trim())],
    ];
    const bad = checks.filter(([, ok]) => !ok).map(([field]) => field);
    setInvalid(bad);
    if (bad.length > 0) return;
    setBusy(true);
    const name = profile.trim();
    const stored = await keychain.storeIamUser({
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
      notices.announce(t('keychain.storedDone', { profile: name }));
    }
  };

  const remove = async (name: string) => {
    const after = await keychain.deleteIamUser(name);
    if (after) {
      setStatus(after);
      notices.announce(t('keychain.removed', { profile: name }));
    }
  };

  const errorFor = (field: Field) => (invalid.includes(field) ? t(`keychain.invalid.${field}`) : undefined);

  return (
    <section className="settings-section" aria-labelledby={headingId} data-testid="keychain">
      <h3 id={headingId} className="subhead">
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
                  <button
                    type="button"
                    className="btn btn-small btn-ghost"
                    aria-label={t('keychain.remove', { profile: name })}
                    onClick={() => void remove(name)}
                  >
                    {t('keychain.removeShort')}
                  </button>
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted small">{t('keychain.none')}</p>
          )}
          <form className="form" aria-label={t('keychain.form')} onSubmit={(e) => void submit(e)} noValidate autoComplete="off">
            <TextField label={t('keychain.profile')} value={profile} onChange={(e) => setProfile(e.target.value)} error={errorFor('profile')} />
            <TextField
              label={t('keychain.accessKeyId')}
              className="mono"
              value={accessKeyId}
              onChange={(e) => setAccessKeyId(e.target.value)}
              error={errorFor('accessKeyId')}
            />
            <TextField
              label={t('keychain.secretAccessKey')}
              type="password"
              className="mono"
              value={secret}
              onChange={(e) => setSecret(e.target.value)}
              error={errorFor('secretAccessKey')}
              help={t('keychain.secretHelp')}
            />
            <TextField
              label={t('keychain.mfaSerial')}
              className="mono"
              placeholder="arn:aws:iam::123456789012:mfa/name"
              value={mfaSerial}
              onChange={(e) => setMfaSerial(e.target.value)}
              error={errorFor('mfaSerial')}
              help={t('keychain.mfaSerialHelp')}
            />
            <RegionField label={t('keychain.region')} value={region} onChange={setRegion} empty={t('keychain.noRegion')} />
            <button type="submit" className="btn btn-primary" disabled={busy}>
              {t('keychain.submit')}
            </button>
          </form>
        </>
      )}
    </section>
  );
}
