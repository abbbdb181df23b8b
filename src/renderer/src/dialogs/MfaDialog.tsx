import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppStore, useSlice } from '../store/context';
import type { MfaRequest } from '../store/slices/mfa';
import { TextField } from '../ui/Fields';
import { Modal } from '../ui/Modal';

// The core needs a code from an MFA device (an IAM user profile, or a role chained from one):
// a modal over whatever view is open. One question at a time, oldest first.

const SIX_DIGITS = /^\d{6}$/;

export function MfaDialog() {
  const queue = useSlice('mfa', (s) => s.queue);
  const current = queue[0];
  if (!current) return null;
  return <MfaForm key={current.requestId} request={current} waiting={queue.length - 1} />;
}

function MfaForm({ request, waiting }: { request: MfaRequest; waiting: number }) {
  const { t } = useTranslation();
  const { mfa } = useAppStore();
  const [code, setCode] = useState('');
  const [invalid, setInvalid] = useState(false);
  const [busy, setBusy] = useState(false);
  const ids = { title: useId(), intro: useId() };
  const input = useRef<HTMLInputElement>(null);
  // Focus comes in on open (Modal takes it back where it was, a role's sheet or the list, on close).
  useEffect(() => input.current?.focus(), []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const digits = code.replace(/\s+/g, '');
    if (!SIX_DIGITS.test(digits)) {
      setInvalid(true);
      return;
    }
    setBusy(true);
    await mfa.submit(request.requestId, digits);
  };
  const cancel = () => void mfa.cancel(request.requestId);

  return (
    <Modal
      labelledBy={ids.title}
      describedBy={ids.intro}
      onClose={cancel}
      backdropClassName="sheet-backdrop sheet-backdrop-top"
      data={{ 'data-testid': 'mfa-dialog', 'data-profile': request.profile }}
    >
      <h2 id={ids.title} className="subhead">
        {t('mfa.title')}
      </h2>
      <p id={ids.intro}>{t('mfa.intro', { profile: request.profile })}</p>
      <p className="muted small break" translate="no">
        {t('mfa.device', { serial: request.serial })}
      </p>
      <form className="form" onSubmit={(e) => void submit(e)} noValidate>
        <TextField
          label={t('mfa.code')}
          inputRef={input}
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={7}
          className="mono mfa-code"
          value={code}
          onChange={(e) => {
            setCode(e.target.value);
            setInvalid(false);
          }}
          error={invalid ? t('mfa.invalid') : undefined}
        />
        <div className="actions">
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {t('mfa.submit')}
          </button>
          <button type="button" className="btn btn-ghost" onClick={cancel}>
            {t('common.cancel')}
          </button>
        </div>
        {waiting > 0 ? <p className="muted small">{t('mfa.more', { waiting })}</p> : null}
      </form>
    </Modal>
  );
}
