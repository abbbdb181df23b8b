import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../../src/core/clock';
import { createLogger } from '../../src/core/log';
import { translator } from '../../src/main/i18n';
import { TrayController } from '../../src/main/tray';
import { msUntilTrayChanges, type TrayState } from '../../src/main/tray-menu';
import { FakeTray, fake, type FakeMenu } from './fake-electron';

vi.mock('electron', async () => (await import('./fake-electron')).electronModule);

// The tray as time passes with nothing else happening: the countdowns in the tooltip and the
// menu, and the "expiring" picture, follow the clock on their own (manual clock, no rebuild
// called by the test).

const MIN = 60_000;
const ASSETS = '/app/assets';

function setup(platform: NodeJS.Platform, state: (now: number) => TrayState) {
  fake.reset();
  const clock = new ManualClock();
  let collects = 0;
  let hang = false;
  const controller = new TrayController({
    assetsDir: ASSETS,
    platform,
    clock,
    logger: createLogger(() => undefined),
    collect: () => {
      collects++;
      return hang ? new Promise<TrayState>(() => undefined) : Promise.resolve(state(clock.now()));
    },
    translate: () => translator('en', 'en-US'),
    onAction: () => undefined,
    onClick: () => undefined,
  });
  const tray = FakeTray.instances[0]!;
  return { clock, controller, tray, collects: () => collects, hangFromNowOn: () => (hang = true) };
}

/** Lets the rebuild's promises settle after the clock fired its timer. */
const settle = () => new Promise((r) => setImmediate(r));

function activeWithProfileEndingAt(end: number) {
  return (now: number): TrayState => ({
    now,
    sessions: [{ name: 'corp', signedIn: true, refreshable: true, expiresAt: end + 8 * 60 * MIN }],
    activeProfiles: [{ profile: 'default', source: 'sso', session: 'corp', accountId: '111111111111', roleName: 'Admin', expiration: end, activatedAt: now }],
    favorites: [],
    recents: [],
  });
}

describe('TrayController and the passing of time', () => {
  let start: number;
  beforeEach(() => {
    start = new ManualClock().now();
  });

  it('tooltip, menu countdown and the expiring picture follow the clock with no event and no explicit rebuild', async () => {
    const { clock, controller, tray } = setup('linux', activeWithProfileEndingAt(start + 12 * MIN + 30_000));
    await controller.rebuild();
    expect(tray.toolTip).toBe('Latchkey — default: 13 min left');
    expect(tray.image).toEqual({ path: path.join(ASSETS, 'tray', 'tray-active.png') });

    // 30 s later the countdown crosses a whole minute: the timer was set for exactly then.
    await clock.advance(31_000);
    await settle();
    expect(tray.toolTip).toBe('Latchkey — default: 12 min left');
    expect(tray.contextMenu!.template.map((i) => i.label)).toContain('default — 12 min left');

    // At the 10-minute mark the picture turns to "expiring".
    await clock.advance(2 * MIN);
    await settle();
    expect(tray.toolTip).toBe('Latchkey — default: 10 min left');
    expect(tray.image).toEqual({ path: path.join(ASSETS, 'tray', 'tray-expiring.png') });

    await clock.advance(10 * MIN);
    await settle();
    expect(tray.toolTip).toBe('Latchkey — default: expired');
    controller.destroy();
    expect(clock.pendingTimers()).toBe(0);
  });

  it('the menu opened by a right-click (macOS, Windows) shows the countdown as of that moment', async () => {
    const { clock, controller, tray, hangFromNowOn } = setup('win32', activeWithProfileEndingAt(start + 30 * MIN));
    await controller.rebuild();
    // From now on reading the state never finishes, so no timer can bring the menu up to date.
    hangFromNowOn();
    await clock.advance(7 * MIN);
    await settle();
    tray.emit('right-click');
    const labels = (tray.poppedUp.at(-1) as FakeMenu).template.map((i) => i.label);
    expect(labels).toContain('default — 23 min left');
    controller.destroy();
  });

  it('a steady stream of changes cannot hold the rebuild off', async () => {
    const { clock, controller, collects } = setup('linux', activeWithProfileEndingAt(start + 60 * MIN));
    // Sync progress arrives every 100 ms for two seconds.
    for (let i = 0; i < 20; i++) {
      controller.refresh();
      await clock.advance(100);
    }
    expect(collects()).toBeGreaterThanOrEqual(5);
    controller.destroy();
  });
});

describe('msUntilTrayChanges', () => {
  const base = activeWithProfileEndingAt(0);
  it('the next whole minute of the soonest countdown, at most a minute, never a busy loop', () => {
    const now = 1_000_000_000;
    expect(msUntilTrayChanges({ ...base(now), activeProfiles: [], sessions: [] })).toBe(60_020);
    expect(msUntilTrayChanges(activeWithProfileEndingAt(now + 12 * MIN + 30_000)(now))).toBe(30_020);
    expect(msUntilTrayChanges(activeWithProfileEndingAt(now + 12 * MIN + 100)(now))).toBe(1_000);
    expect(msUntilTrayChanges(activeWithProfileEndingAt(now - MIN)(now))).toBeLessThanOrEqual(60_020);
  });
});
