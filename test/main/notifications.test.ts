import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock';
import { translator } from '../../src/main/i18n';
import { actionFailedNotification, Notifier, type NotificationSpec } from '../../src/main/notifications';

// When a notification is shown, what it says, and that it is never shown twice for the same
// thing. Driven by a manual clock; the app-level timing against the real core is in
// app.test.ts.

const MIN = 60_000;

function setup(language: 'en' | 'ja' = 'en') {
  const clock = new ManualClock();
  const shown: NotificationSpec[] = [];
  const actions: string[] = [];
  let enabled = true;
  const notifier = new Notifier({
    clock,
    enabled: () => enabled,
    translate: () => translator(language, 'en-US'),
    show: (n) => void shown.push(n),
    refreshProfile: (p) => void actions.push(`refresh ${p}`),
    signIn: (s) => void actions.push(`sign in ${s}`),
  });
  return { clock, shown, actions, notifier, setEnabled: (v: boolean) => (enabled = v) };
}

describe('Notifier', () => {
  it('a profile about to expire: minutes left from the clock, with Refresh', () => {
    const { clock, shown, actions, notifier } = setup();
    notifier.expiryWarning({ kind: 'profile', name: 'default', expiresAt: clock.now() + 9 * MIN + 10_000 });
    expect(shown).toHaveLength(1);
    expect(shown[0]).toMatchObject({ title: 'Profile default expires in 10 min', actionLabel: 'Refresh' });
    expect(shown[0]!.body).toMatch(/could not refresh/);
    shown[0]!.onAction();
    expect(actions).toEqual(['refresh default']);
  });

  it('a sign-in about to expire offers Sign in', () => {
    const { clock, shown, actions, notifier } = setup();
    notifier.expiryWarning({ kind: 'session', name: 'corp', expiresAt: clock.now() + 4 * MIN });
    expect(shown[0]).toMatchObject({ title: 'Sign-in corp expires in 4 min', actionLabel: 'Sign in' });
    shown[0]!.onAction();
    expect(actions).toEqual(['sign in corp']);
  });

  it('never twice for the same expiry, however often it is reported; a new expiry is news again', async () => {
    const { clock, shown, notifier } = setup();
    const expiresAt = clock.now() + 10 * MIN;
    expect(notifier.expiryWarning({ kind: 'profile', name: 'default', expiresAt })).toBe(true);
    await clock.advance(2 * MIN);
    expect(notifier.expiryWarning({ kind: 'profile', name: 'default', expiresAt })).toBe(false);
    await clock.advance(7 * MIN);
    expect(notifier.expiryWarning({ kind: 'profile', name: 'default', expiresAt })).toBe(false);
    // Another profile is another thing.
    expect(notifier.expiryWarning({ kind: 'profile', name: 'ops', expiresAt })).toBe(true);
    // Refreshed by hand, the new credentials later get their own warning.
    const renewed = clock.now() + 60 * MIN;
    await clock.advance(52 * MIN);
    expect(notifier.expiryWarning({ kind: 'profile', name: 'default', expiresAt: renewed })).toBe(true);
    expect(shown.map((n) => n.title)).toEqual(['Profile default expires in 10 min', 'Profile ops expires in 1 min', 'Profile default expires in 8 min']);
  });

  it('nothing for something already over', () => {
    const { clock, shown, notifier } = setup();
    expect(notifier.expiryWarning({ kind: 'profile', name: 'default', expiresAt: clock.now() })).toBe(false);
    expect(shown).toEqual([]);
  });

  it('sign-in needed: once until the person signs in again, then once more on the next lapse', () => {
    const { shown, actions, notifier } = setup();
    expect(notifier.signInNeeded('corp')).toBe(true);
    expect(notifier.signInNeeded('corp')).toBe(false);
    expect(notifier.signInNeeded('other')).toBe(true);
    notifier.signedIn('corp');
    expect(notifier.signInNeeded('corp')).toBe(true);
    expect(shown.map((n) => [n.title, n.actionLabel])).toEqual([
      ['Sign-in needed for corp', 'Sign in'],
      ['Sign-in needed for other', 'Sign in'],
      ['Sign-in needed for corp', 'Sign in'],
    ]);
    shown[0]!.onAction();
    expect(actions).toEqual(['sign in corp']);
  });

  it('respects the notifications setting, and a notice skipped while off is not counted as shown', () => {
    const { clock, shown, notifier, setEnabled } = setup();
    setEnabled(false);
    const expiresAt = clock.now() + 8 * MIN;
    expect(notifier.expiryWarning({ kind: 'profile', name: 'default', expiresAt })).toBe(false);
    expect(notifier.signInNeeded('corp')).toBe(false);
    expect(shown).toEqual([]);
    setEnabled(true);
    expect(notifier.signInNeeded('corp')).toBe(true);
    expect(notifier.expiryWarning({ kind: 'profile', name: 'default', expiresAt })).toBe(true);
  });

  it('speaks Japanese when asked', () => {
    const { clock, shown, notifier } = setup('ja');
    notifier.expiryWarning({ kind: 'profile', name: 'default', expiresAt: clock.now() + 5 * MIN });
    notifier.signInNeeded('corp');
    expect(shown.map((n) => [n.title, n.actionLabel])).toEqual([
      ['プロファイル default はあと 5 分で期限切れになります', '更新'],
      ['corp へのサインインが必要です', 'サインイン'],
    ]);
  });

  it('a failed action says what failed and what to do in the chosen language, keeps the details short, and opens the popup', () => {
    const opened: string[] = [];
    const ja = actionFailedNotification(
      'console.open',
      { code: 'NETWORK', message: 'Could not reach AWS.' },
      translator('ja', 'en-US'),
      () => void opened.push('popup'),
    );
    expect(ja).toMatchObject({
      title: 'コンソールを開けませんでした',
      body: 'AWS に接続できません。インターネット接続や VPN を確認して、もう一度お試しください。\n詳細: Could not reach AWS.',
      actionLabel: 'Latchkey を開く',
    });
    ja.onAction();
    expect(opened).toEqual(['popup']);
    const en = translator('en', 'en-US');
    expect(actionFailedNotification('profiles.use', { code: 'NOT_OWNED', message: 'm' }, en, () => undefined)).toMatchObject({
      title: 'Could not use the role in the terminal',
      body: "That profile wasn't written by Latchkey, so it was left untouched. Choose another profile name, or remove it from the credentials file yourself.\nDetails: m",
    });
    expect(actionFailedNotification('sessions.login', { code: 'NETWORK', message: 'm' }, en, () => undefined).title).toBe('Could not sign in');
    expect(actionFailedNotification('profiles.refresh', { code: 'NETWORK', message: 'm' }, en, () => undefined).title).toBe('Could not refresh the profile');
  });

  it('a failed action with an unknown code or a long message still reads as one short notice', () => {
    const ja = translator('system', 'ja-JP');
    const odd = actionFailedNotification('console.open', { code: 'SOMETHING_NEW', message: '' }, ja, () => undefined);
    expect(odd.body).toBe('問題が発生しました。もう一度お試しください。');
    const long = actionFailedNotification('console.open', { code: 'AWS_ERROR', message: `${'é'.repeat(200)} tail` }, ja, () => undefined);
    const details = long.body.split('\n')[1]!;
    expect(details.startsWith('詳細: éé')).toBe(true);
    expect(details.endsWith('é…')).toBe(true);
    expect(details).not.toContain('tail');
    expect(Array.from(details).length).toBeLessThanOrEqual('詳細: '.length + 120);
  });
});
