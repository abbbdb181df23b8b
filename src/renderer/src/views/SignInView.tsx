import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatClock } from '../format';
import { useLocale } from '../hooks/useLocale';
import { useAppStore, useSlice } from '../store/context';
import type { Flow, LoginState } from '../store/slices/sign-in';
import { RegionField, TextField } from '../ui/Fields';

// Sign in: pick a session from ~/.aws/config or add one (start URL, region, optional name).
// The method the sign-in setting names (the browser unless it says device code) until the
// person picks one here; while waiting, show what to do (and why a device code, when it was
// not asked for) and let the person cancel.

const SESSION_NAME = /^[A-Za-z0-9][A-Za-z0-9._\-/ ]*$/;

function validStartUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' && value.length <= 512;
  } catch {
    return false;
  }
}

/** On success the app moves on to the list by itself (App watches `signedIn`). */
export function SignInView({ preselect }: { preselect?: string }) {
  const { t } = useTranslation();
  const { signIn } = useAppStore();
  const sessions = useSlice('sessions', (s) => s.list) ?? [];
  const login = useSlice('signIn', (s) => s.login);
  const defaultRegion = useSlice('settings', (s) => s.defaultRegion);
  const setting = useSlice('settings', (s) => s.signInFlow);
  // 'auto' until the person picks: main then follows the setting.
  const [flow, setFlow] = useState<Flow>('auto');
  const shownFlow = flow !== 'auto' ? flow : setting === 'device' ? 'device' : 'pkce';
  const [startUrl, setStartUrl] = useState('');
  const [region, setRegion] = useState(defaultRegion);
  const [name, setName] = useState('');
  const [errors, setErrors] = useState<{ startUrl?: string; name?: string }>({});
  const methodHelp = useId();
  const preselectRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    preselectRef.current?.focus();
  }, []);

  if (login) return <SignInWaiting login={login} />;

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
    void signIn.addAndLogin(input, flow);
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
            <input type="radio" name="flow" value="pkce" checked={shownFlow === 'pkce'} onChange={() => setFlow('pkce')} />
            {t('signin.methodBrowser')}
          </label>
          <label>
            <input type="radio" name="flow" value="device" checked={shownFlow === 'device'} onChange={() => setFlow('device')} aria-describedby={methodHelp} />
            {t('signin.methodDevice')}
          </label>
        </div>
        <p id={methodHelp} className="help">
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
                  onClick={() => void signIn.login(s.name, flow)}
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
        <TextField
          label={t('signin.startUrl')}
          type="url"
          inputMode="url"
          autoComplete="url"
          placeholder="https://my-org.awsapps.com/start"
          value={startUrl}
          onChange={(e) => setStartUrl(e.target.value)}
          error={errors.startUrl}
          help={t('signin.startUrlHelp')}
          required
        />
        <RegionField label={t('signin.region')} help={t('signin.regionHelp')} value={region} onChange={setRegion} />
        <TextField label={t('signin.name')} value={name} onChange={(e) => setName(e.target.value)} error={errors.name} help={t('signin.nameHelp')} />
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
  const { app, signIn, notices } = useAppStore();
  const [copied, setCopied] = useState<'yes' | 'failed'>();
  const cancelRef = useRef<HTMLButtonElement>(null);
  const codeRef = useRef<HTMLParagraphElement>(null);
  const prompt = login.prompt;

  useEffect(() => {
    cancelRef.current?.focus();
  }, []);

  const openPage = (url: string) => void app.openExternal(url); // eng-disable OPEN_EXTERNAL_JS_CHECK -- IPC to main, which opens only allow-listed https URLs

  const copyCode = async (code: string) => {
    if (await copyText(code, codeRef.current)) {
      setCopied('yes');
      notices.announce(t('signin.codeCopied'));
    } else setCopied('failed');
  };

  return (
    <section
      className="view view-waiting"
      role="region"
      aria-label={t('signin.waiting')}
      data-testid="sign-in-waiting"
      data-session={login.session}
      data-flow={login.flow}
    >
      <h2 className="view-title">{t('signin.waiting')}</h2>
      {!prompt ? (
        <p className="waiting">
          <span className="spinner" aria-hidden="true" />
          {t('signin.starting', { name: login.session })}
        </p>
      ) : prompt.kind === 'device' ? (
        <div className="device">
          {prompt.reason ? (
            <p className="help" data-testid="device-reason" data-reason={prompt.reason}>
              {t(`signin.reason.${prompt.reason}`)}
            </p>
          ) : null}
          <p>{t('signin.deviceIntro')}</p>
          <p ref={codeRef} className="user-code" data-testid="user-code" translate="no">
            {prompt.userCode}
          </p>
          <div className="actions">
            <button type="button" className="btn" onClick={() => void copyCode(prompt.userCode)}>
              {t('signin.copyCode')}
            </button>
            <button type="button" className="btn btn-primary" onClick={() => openPage(prompt.verificationUriComplete || prompt.verificationUri)}>
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
          <button type="button" className="btn" onClick={() => openPage(prompt.url)}>
            {t('signin.openAgain')}
          </button>
        </div>
      )}
      <button type="button" className="btn btn-ghost" ref={cancelRef} onClick={() => void signIn.cancelLogin()}>
        {t('common.cancel')}
      </button>
    </section>
  );
}

/**
 * Puts text on the clipboard. The app's session grants no clipboard permission (main denies
 * them all), so where the async API is refused the element's text is selected and copied with
 * the copy command, which needs none; on failure it stays selected for the person to copy.
 */
async function copyText(text: string, element: HTMLElement | null): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    if (!element) return false;
    const selection = window.getSelection();
    const range = document.createRange();
    range.selectNodeContents(element);
    selection?.removeAllRanges();
    selection?.addRange(range);
    // The one copy path that needs no permission (deprecated, still in every Chromium).
    const copied = document.execCommand('copy');
    if (copied) selection?.removeAllRanges();
    return copied;
  }
}
