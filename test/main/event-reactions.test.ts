import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock';
import { eventReactions } from '../../src/main/event-reactions';
import { translator } from '../../src/main/i18n';
import { Notifier, type NotificationSpec } from '../../src/main/notifications';
import { TrayStateSource } from '../../src/main/tray-state';
import type { SessionView } from '../../src/shared/views';

// What main does with the events it passes to the window: when a lapsed sign-in is news again,
// and which sign-ins the tray shows as waiting.

function setup() {
  const clock = new ManualClock();
  const shown: NotificationSpec[] = [];
  const notifier = new Notifier({
    clock,
    enabled: () => true,
    translate: () => translator('en', 'en-US'),
    show: (n) => void shown.push(n),
    refreshProfile: () => undefined,
    signIn: () => undefined,
  });
  const trayState = new TrayStateSource(
    { 'sessions.list': async () => [], 'profiles.list': async () => [], 'favorites.get': async () => ({ favorites: [], recents: [] }) },
    clock,
  );
  let refreshes = 0;
  const sink = eventReactions({ notifier, trayState, tray: { refresh: () => void refreshes++ } });
  const corp = (signedIn: boolean, expiresAt?: number): SessionView[] => [
    { name: 'corp', startUrl: 'https://x.awsapps.com/start', region: 'us-east-1', signedIn, refreshable: true, ...(expiresAt ? { expiresAt } : {}) },
  ];
  const notices = () => shown.filter((n) => n.title === 'Sign-in needed for corp').length;
  return { clock, sink, trayState, corp, notices, refreshes: () => refreshes };
}

describe('event reactions', () => {
  it('a lapse is told once; the same session list sent again does not make it news, a new token does', () => {
    const { sink, corp, notices } = setup();
    sink('sessions-changed', corp(true, 1_000));
    sink('sign-in-needed', { session: 'corp' });
    // A revoked sign-in still looks signed in, with the same token, each time the list is sent.
    for (let i = 0; i < 3; i++) {
      sink('sessions-changed', corp(true, 1_000));
      sink('sign-in-needed', { session: 'corp' });
    }
    expect(notices()).toBe(1);
    // Signed in elsewhere (the command): a new token, so the next lapse is news.
    sink('sessions-changed', corp(true, 2_000));
    sink('sign-in-needed', { session: 'corp' });
    expect(notices()).toBe(2);
    // Signed out, then signed in again here.
    sink('sessions-changed', corp(false));
    sink('sign-in-needed', { session: 'corp' });
    expect(notices()).toBe(2);
    sink('sign-in-finished', { session: 'corp', ok: true });
    sink('sign-in-needed', { session: 'corp' });
    expect(notices()).toBe(3);
    // A sign-in that failed changes nothing.
    sink('sign-in-finished', { session: 'corp', ok: false });
    sink('sign-in-needed', { session: 'corp' });
    expect(notices()).toBe(3);
  });

  it('the tray shows a sign-in as waiting from its prompt until it ends, and not once its code has expired', async () => {
    const { clock, sink, trayState } = setup();
    const device = {
      kind: 'device' as const,
      userCode: 'ABCD-EFGH',
      verificationUri: 'https://d/',
      verificationUriComplete: 'https://d/?c',
      expiresAt: clock.now() + 60_000,
    };
    sink('sign-in-prompt', { session: 'corp', ...device });
    sink('sign-in-prompt', { session: 'ops', kind: 'browser', url: 'https://oidc/authorize' });
    expect((await trayState.collect()).waiting).toEqual([{ session: 'corp', userCode: 'ABCD-EFGH' }, { session: 'ops' }]);
    sink('sign-in-finished', { session: 'ops', ok: true });
    expect((await trayState.collect()).waiting).toEqual([{ session: 'corp', userCode: 'ABCD-EFGH' }]);
    await clock.advance(60_000);
    expect((await trayState.collect()).waiting).toBeUndefined();
  });
});
