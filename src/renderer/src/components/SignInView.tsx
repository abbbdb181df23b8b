import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatClock } from '../format';
import { useLocale } from '../hooks/useLocale';
import { useModel, type Flow, type LoginState } from '../model';
import { regionOptions } from '../regions';

// Sign in: pick a session from ~/.aws/config or add one (start URL, region, optional name).
// Browser (PKCE) by default, device code on request; while waiting, show what to do and let
// the person cancel.

const SESSION_NAME = /^[A-Za-z0-9][A-Za-z0-9._\-/ ]*$/;

function validStartUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' && value.length <= 512;
  } catch {
    return false;
  }
}

export function SignInView({ preselect, onDone }: { preselect?: string; onDone: () => void }) {
  const { t } = useTranslation();
  const { sessions = [], login, actions, settings } = useModel();
  const [flow, setFlow] = useState<Flow>('pkce');
  const [startUrl, setStartUrl] = useState('');
  const [region, setRegion] = useState(settings.defaultRegion);
  const [name, setName] = useState('');
  const [errors, setErrors] = useState<{ startUrl?: string; name?: string }>({});
  const ids = { startUrl: useId(), region: useId(), name: useId(), startUrlHelp: useId(), nameHelp: useId(), startUrlErr: useId(), nameErr: useId(), method: useId(), regionHelp: useId() };
  const preselectRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    preselectRef.current?.focus();
  }, []);

  if (login) return <SignInWaiting login={login} />;

  const start = async (session: string | undefined, run: () => Promise<boolean>) => {
    if (!(await run())) return;
    if (session) actions.announce(t('signin.success', { name: session }));
    onDone();
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const next: typeof errors = {};
    if (!validStartUrl(startUrl.trim())) next.startUrl = t('signin.invalidStartUrl');
    const trimmedName = name.trim();
    if (trimmedName && (trimmedName.length > 64 || !SESSION_NAME.test(trimmedName))) next.name = t('signin.invalidName');
    setErrors(next);
    if (next.startUrl || next.name) return;
    const input: { startUrl: string; region: string; name?: string } = { startUrl: startUrl.trim(), region };
    if (trimmedName) input.name = trimmedName;
    void start(input.name, () => actions.addAndLogin(input, flow));
  };

  return (
    <section className="view view-signin" aria-labelledby="signin-heading">
      <h2 id="signin-heading" className="view-title">
        {t('signin.heading')}
      </h2>

      <fieldset className="field method">
        <legend>{t('signin.method')}</legend>
        <div className="radio-row">
          <label>
            <input type="radio" name="flow" value="pkce" checked={flow === 'pkce'} onChange={() => setFlow('pkce')} />
            {t('signin.methodBrowser')}
          </label>
          <label>
            <input type="radio" name="flow" value="device" checked={flow === 'device'} onChange={() => setFlow('device')} aria-describedby={ids.method} />
            {t('signin.methodDevice')}
          </label>
        </div>
        <p id={ids.method} className="help">
          {t('signin.methodHelp')}
        </p>
      </fieldset>

      {sessions.length > 0 ? (
        <section aria-labelledby="known-heading" className="known">
          <h3 id="known-heading" className="subhead">
            {t('signin.known')}
          </h3>
          <ul className="known-list">
            {sessions.map((s) => (
              <li key={s.name} className="known-item" data-testid="known-session" data-session={s.name}>
                <div className="known-text">
                  <span className="strong">{s.name}</span>
                  <span className="muted small">
                    {s.startUrl} · {s.region} · {s.signedIn ? t('signin.knownSignedIn') : t('signin.knownSignedOut')}
                  </span>
                </div>
                <button
                  type="button"
                  className="btn btn-primary"
                  ref={s.name === preselect ? preselectRef : undefined}
                  aria-label={t('signin.signInTo', { name: s.name })}
                  onClick={() => void start(s.name, () => actions.login(s.name, flow))}
                >
                  {t('sessions.signIn')}
                </button>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <form className="card form" aria-labelledby="add-heading" onSubmit={submit} noValidate>
        <h3 id="add-heading" className="subhead">
          {t('signin.formTitle')}
        </h3>
        <div className="field">
          <label htmlFor={ids.startUrl}>{t('signin.startUrl')}</label>
          <input
            id={ids.startUrl}
            type="url"
            inputMode="url"
            autoComplete="url"
            spellCheck={false}
            placeholder="https://my-org.awsapps.com/start"
            value={startUrl}
            onChange={(e) => setStartUrl(e.target.value)}
            aria-invalid={errors.startUrl ? true : undefined}
            aria-describedby={errors.startUrl ? `${ids.startUrlErr} ${ids.startUrlHelp}` : ids.startUrlHelp}
            required
          />
          {errors.startUrl ? (
            <p id={ids.startUrlErr} className="field-error" data-testid="field-error">
              {errors.startUrl}
            </p>
          ) : null}
          <p id={ids.startUrlHelp} className="help">
            {t('signin.startUrlHelp')}
          </p>
        </div>
        <div className="field">
          <label htmlFor={ids.region}>{t('signin.region')}</label>
          <select id={ids.region} value={region} aria-describedby={ids.regionHelp} onChange={(e) => setRegion(e.target.value)}>
            {regionOptions(region).map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
          <p id={ids.regionHelp} className="help">
            {t('signin.regionHelp')}
          </p>
        </div>
        <div className="field">
          <label htmlFor={ids.name}>{t('signin.name')}</label>
          <input
            id={ids.name}
            type="text"
            spellCheck={false}
            value={name}
            onChange={(e) => setName(e.target.value)}
            aria-invalid={errors.name ? true : undefined}
            aria-describedby={errors.name ? `${ids.nameErr} ${ids.nameHelp}` : ids.nameHelp}
          />
          {errors.name ? (
            <p id={ids.nameErr} className="field-error" data-testid="field-error">
              {errors.name}
            </p>
          ) : null}
          <p id={ids.nameHelp} className="help">
            {t('signin.nameHelp')}
          </p>
        </div>
        <button type="submit" className="btn btn-primary btn-wide">
          {t('signin.submit')}
        </button>
      </form>
    </section>
  );
}

function SignInWaiting({ login }: { login: LoginState }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { actions } = useModel();
  const [copied, setCopied] = useState<'yes' | 'failed'>();
  const cancelRef = useRef<HTMLButtonElement>(null);
  const prompt = login.prompt;

  useEffect(() => {
    cancelRef.current?.focus();
  }, []);

  const copyCode = async (code: string) => {
    try {
      await navigator.clipboard.writeText(code);
      setCopied('yes');
      actions.announce(t('signin.codeCopied'));
    } catch {
      setCopied('failed');
    }
  };

  return (
    <section className="view view-waiting" role="region" aria-label={t('signin.waiting')} data-testid="sign-in-waiting" data-session={login.session} data-flow={login.flow}>
      <h2 className="view-title">{t('signin.waiting')}</h2>
      {!prompt ? (
        <p className="waiting">
          <span className="spinner" aria-hidden="true" />
          {t('signin.starting', { name: login.session })}
        </p>
      ) : prompt.kind === 'device' ? (
        <div className="device">
          <p>{t('signin.deviceIntro')}</p>
          <p className="user-code" data-testid="user-code" translate="no">
            {prompt.userCode}
          </p>
          <div className="actions">
            <button type="button" className="btn" onClick={() => void copyCode(prompt.userCode)}>
              {t('signin.copyCode')}
            </button>
            <button type="button" /* eng-disable OPEN_EXTERNAL_JS_CHECK -- IPC to main, which opens only allow-listed https URLs */ className="btn btn-primary" onClick={() => void actions.openExternal(prompt.verificationUriComplete || prompt.verificationUri)}>
              {t('signin.openVerification')}
            </button>
          </div>
          {copied === 'failed' ? <p className="field-error">{t('signin.copyFailed')}</p> : null}
          <p className="muted small break" data-testid="verification-uri">
            {prompt.verificationUri}
          </p>
          <p className="muted small">{t('signin.codeExpires', { time: formatClock(prompt.expiresAt, locale) })}</p>
        </div>
      ) : (
        <div className="browser-wait">
          <p className="waiting">
            <span className="spinner" aria-hidden="true" />
            {t('signin.waitingBrowser')}
          </p>
          <p className="muted small">{t('signin.waitingBrowserHelp')}</p>
          <button type="button" /* eng-disable OPEN_EXTERNAL_JS_CHECK -- IPC to main, which opens only allow-listed https URLs */ className="btn" onClick={() => void actions.openExternal(prompt.url)}>
            {t('signin.openAgain')}
          </button>
        </div>
      )}
      <button type="button" className="btn btn-ghost" ref={cancelRef} onClick={() => void actions.cancelLogin()}>
        {t('common.cancel')}
      </button>
    </section>
  );
}
