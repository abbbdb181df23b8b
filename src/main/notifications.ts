import type { Clock } from '../core/clock';
import { redactAndShorten } from '../core/redact';
import { errorWords } from '../shared/i18n/error-words';
import type { Translate } from './i18n';

// What to tell the person, and when not to repeat it. Electron-free: native-notification.ts
// shows the result. The refresh loop decides *that* something is expiring; this decides
// whether a notification for it has already been shown during its lifetime.

export interface NotificationSpec {
  title: string;
  body: string;
  actionLabel: string;
  onAction(): void;
}

export interface NotifierDeps {
  clock: Clock;
  /** The notifications setting, read at the moment of showing. */
  enabled(): boolean;
  translate(): Translate;
  show(notification: NotificationSpec): void;
  refreshProfile(profile: string): void;
  signIn(session: string): void;
}

/** Longest core message kept in a notification body; the popup shows failures in full. */
const MAX_DETAIL_CHARS = 120;

/**
 * A tray or notification action that failed: what failed as the title; what happened and what
 * to do, in the person's language (the same words the popup uses for the code), as the body,
 * with the core's message shortened after it. The core's hint is English and says what the
 * localized words already say, so it is left for the popup.
 */
export function actionFailedNotification(channel: string, failure: { code: string; message: string }, t: Translate, openPopup: () => void): NotificationSpec {
  const title =
    channel === 'console.open'
      ? t('failedOpenConsole')
      : channel === 'profiles.use'
        ? t('failedUseProfile')
        : channel === 'profiles.refresh'
          ? t('failedRefresh')
          : channel === 'sessions.login'
            ? t('failedSignIn')
            : t('failedOther');
  const words = errorWords(t.language, failure.code);
  const lines = [t('failedBody', { title: words.title, action: words.action })];
  const message = redactAndShorten(failure.message.trim(), MAX_DETAIL_CHARS);
  if (message) lines.push(t('failedDetails', { message }));
  return { title, body: lines.join('\n'), actionLabel: t('open'), onAction: openPopup };
}

export interface ExpiryWarning {
  kind: 'profile' | 'session';
  name: string;
  expiresAt: number;
}

export class Notifier {
  /** key → until when it counts as shown. */
  private readonly shown = new Map<string, number>();

  constructor(private readonly deps: NotifierDeps) {}

  /** "X expires in N min" with Refresh (profile) or Sign in (session); once per expiry time. */
  expiryWarning(w: ExpiryWarning): boolean {
    const now = this.deps.clock.now();
    const left = w.expiresAt - now;
    // Already over: the sign-in-needed notice (or the tray) says what to do instead.
    if (left <= 0) return false;
    const key = `${w.kind}:${w.name}:${w.expiresAt}`;
    if (!this.claim(key, w.expiresAt)) return false;
    const t = this.deps.translate();
    const n = Math.ceil(left / 60_000);
    const spec: NotificationSpec =
      w.kind === 'profile'
        ? {
            title: t('profileExpiresTitle', { name: w.name, n }),
            body: t('profileExpiresBody'),
            actionLabel: t('actionRefresh'),
            onAction: () => this.deps.refreshProfile(w.name),
          }
        : {
            title: t('sessionExpiresTitle', { name: w.name, n }),
            body: t('sessionExpiresBody'),
            actionLabel: t('actionSignIn'),
            onAction: () => this.deps.signIn(w.name),
          };
    this.deps.show(spec);
    return true;
  }

  /** Once per lapse of a sign-in: repeated failures until the person signs in again stay quiet. */
  signInNeeded(session: string): boolean {
    if (!this.claim(`sign-in:${session}`, Number.POSITIVE_INFINITY)) return false;
    const t = this.deps.translate();
    this.deps.show({
      title: t('signInNeededTitle', { name: session }),
      body: t('signInNeededBody'),
      actionLabel: t('actionSignIn'),
      onAction: () => this.deps.signIn(session),
    });
    return true;
  }

  /** A warning from the core (a file the AWS CLI cannot read, an ignored setting): once per
   * message while the app runs, however often the work behind it repeats (the hourly refresh). */
  userWarning(message: string, openPopup: () => void): boolean {
    if (!this.claim(`warning:${message}`, Number.POSITIVE_INFINITY)) return false;
    const t = this.deps.translate();
    this.deps.show({ title: t('warningTitle'), body: redactAndShorten(message, MAX_DETAIL_CHARS), actionLabel: t('open'), onAction: openPopup });
    return true;
  }

  /** A downloaded update, with Restart to update: once per version. */
  updateReady(version: string, restart: () => void): boolean {
    if (!this.claim(`update:${version}`, Number.POSITIVE_INFINITY)) return false;
    const t = this.deps.translate();
    this.deps.show({ title: t('updateReadyTitle', { version }), body: t('updateReadyBody'), actionLabel: t('actionRestartToUpdate'), onAction: restart });
    return true;
  }

  /** A new sign-in starts a new lifetime: its later lapse is news again. */
  signedIn(session: string): void {
    this.shown.delete(`sign-in:${session}`);
  }

  private claim(key: string, until: number): boolean {
    const now = this.deps.clock.now();
    for (const [k, end] of this.shown) if (end <= now) this.shown.delete(k);
    if (!this.deps.enabled()) return false;
    if (this.shown.has(key)) return false;
    this.shown.set(key, until);
    return true;
  }
}
