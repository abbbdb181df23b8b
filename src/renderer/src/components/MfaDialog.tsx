import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useModel, type MfaRequest } from '../model';

// The core needs a code from an MFA device (an IAM user profile, or a role chained from one):
// a modal over whatever view is open. One question at a time, oldest first.

const SIX_DIGITS = /^\d{6}$/;

export function MfaDialog() {
  const { mfa } = useModel();
  const current = mfa[0];
  if (!current) return null;
  return <MfaForm key={current.requestId} request={current} waiting={mfa.length - 1} />;
}

function MfaForm({ request, waiting }: { request: MfaRequest; waiting: number }) {
  const { t } = useTranslation();
  const { actions } = useModel();
  const [code, setCode] = useState('');
  const [invalid, setInvalid] = useState(false);
  const [busy, setBusy] = useState(false);
  const ids = { title: useId(), intro: useId(), code: useId(), err: useId() };
  const input = useRef<HTMLInputElement>(null);
  // Focus comes in on open and goes back where it was (a role's sheet, the list) on close.
  useEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    input.current?.focus();
    return () => {
      if (before && before.isConnected && before !== document.body) before.focus();
    };
  }, []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const digits = code.replace(/\s+/g, '');
    if (!SIX_DIGITS.test(digits)) {
      setInvalid(true);
      return;
    }
    setBusy(true);
    await actions.submitMfa(request.requestId, digits);
  };
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.stopPropagation();
      void actions.cancelMfa(request.requestId);
    }
  };

  return (
    <div className="sheet-backdrop sheet-backdrop-top">
      <div className="sheet" role="dialog" aria-modal="true" aria-labelledby={ids.title} aria-describedby={ids.intro} data-testid="mfa-dialog" data-profile={request.profile} onKeyDown={onKey}>
        <h2 id={ids.title} className="subhead">
          {t('mfa.title')}
        </h2>
        <p id={ids.intro}>{t('mfa.intro', { profile: request.profile })}</p>
        <p className="muted small break" translate="no">
          {t('mfa.device', { serial: request.serial })}
        </p>
        <form className="form" onSubmit={(e) => void submit(e)} noValidate>
          <div className="field">
            <label htmlFor={ids.code}>{t('mfa.code')}</label>
            <input
              id={ids.code}
              ref={input}
              type="text"
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={7}
              className="mono mfa-code"
              value={code}
              onChange={(e) => {
                setCode(e.target.value);
                setInvalid(false);
              }}
              aria-invalid={invalid ? true : undefined}
              aria-describedby={invalid ? ids.err : undefined}
            />
            {invalid ? (
              <p id={ids.err} className="field-error" data-testid="field-error">
                {t('mfa.invalid')}
              </p>
            ) : null}
          </div>
          <div className="actions">
            <button type="submit" className="btn btn-primary" disabled={busy}>
              {t('mfa.submit')}
            </button>
            <button type="button" className="btn btn-ghost" onClick={() => void actions.cancelMfa(request.requestId)}>
              {t('common.cancel')}
            </button>
          </div>
          {waiting > 0 ? <p className="muted small">{t('mfa.more', { waiting })}</p> : null}
        </form>
      </div>
    </div>
  );
}
