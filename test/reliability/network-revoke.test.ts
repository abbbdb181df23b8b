import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SYNC_CONCURRENCY } from '../../src/core/sso/catalog-sync';
import { catalogCachePath } from '../../src/core/sso/catalog-cache';
import type { LatchkeyEvents } from '../../src/core/sessions/latchkey-events';
import { startFakeAws, type FakeAws } from '../../devkit/fake-aws/index';
import { FAKE_BROWSER, deviceLoginCli, runCli, startCli } from '../../devkit/cli';
import { tempHome } from '../../devkit/home';
import { waitFor } from '../../devkit/wait';
import { expectClearError, leakedSecretKinds, signInCounters, signedInManager } from './network-helpers';
import { SOAK } from './soak';

// The refresh token is revoked (and the access token ended) while a sync is in
// flight. The caller hears one clear "sign in again", nothing retries in a loop, no browser
// opens, the session shows as signed out, and the catalog synced before stays on disk.

/** After the work stops, no more calls arrive (the fake runs in this process). */
async function settled(fake: FakeAws): Promise<void> {
  let last = -1;
  await waitFor(
    async () => {
      const now = fake.stats().portal.total + fake.stats().tokenCalls;
      const quiet = now === last;
      last = now;
      await new Promise((r) => setTimeout(r, 300));
      return quiet;
    },
    10_000,
    'the calls to stop',
  );
}

/** Portal calls the emulator answered (not refused by its rate limit). */
function answeredPortalCalls(fake: FakeAws): number {
  return fake.stats().portal.total - fake.stats().portal.throttled;
}

describe('a refresh token revoked mid-sync', () => {
  let fake: FakeAws;
  beforeAll(async () => {
    fake = await startFakeAws({ accounts: 300, rolesPerAccount: 2, deviceInterval: 0.2, seed: 4 });
  });
  afterAll(() => fake.close());

  // Where in the sync the revocation lands: accounts done (soak: from the first page to the end).
  const revokePoints = SOAK ? [1, 20, 60, 120, 200] : [20];
  it.each(revokePoints)(
    'in the app (revoked after %i accounts): one sign-in-needed event, no loop, no browser, signed out, the old catalog kept',
    async (revokeAfter) => {
      const t = await signedInManager(fake);
      try {
        await t.latchkey.catalog.sync(t.session); // the catalog the person has been using
        const cacheFile = catalogCachePath(t.ctx, t.session.name);
        const cacheBefore = await fs.readFile(cacheFile, 'utf8');
        const signInsBefore = signInCounters(fake.stats());
        // Slow enough that the sync is surely in flight when the revocation lands.
        fake.configure({ latencyMs: 20, portalRateLimit: 80 });
        const events: [keyof LatchkeyEvents, unknown][] = [];
        for (const name of ['sign-in-needed', 'error', 'catalog-updated'] as const) t.latchkey.events.on(name, (arg: unknown) => events.push([name, arg]));
        let atRevoke: { portal: number; refresh: number } | undefined;
        t.latchkey.events.on('sync-progress', ({ progress }) => {
          if (atRevoke || progress.accountsDone < revokeAfter) return;
          atRevoke = { portal: answeredPortalCalls(fake), refresh: fake.stats().tokenCalls };
          fake.revokeAllTokens();
          fake.expireAccessTokens();
        });
        // The app shows the cached list at once and syncs behind it.
        const view = await t.latchkey.catalog.get(t.session, { refreshInBackground: true });
        expect(view.fromCache).toBe(true);
        await waitFor(() => events.length > 0, 20_000, 'the background sync to end');
        await settled(fake);
        fake.configure({ latencyMs: 0, portalRateLimit: undefined });

        expect(atRevoke, 'the sync finished before the revocation').toBeDefined();
        expect(events).toEqual([['sign-in-needed', { session: 'corp' }]]);
        // No loop: one refresh attempt (refused), and only requests already on their way were
        // answered (280 accounts were left; a sync that ignored the 401s would make 280+ more
        // calls). Refusals by the emulator's rate limit are left out: how many the limiter's
        // probing meets before the abort lands depends on how busy the machine is.
        expect(fake.stats().tokenCalls - atRevoke!.refresh).toBe(1);
        expect(answeredPortalCalls(fake) - atRevoke!.portal).toBeLessThanOrEqual(2 * DEFAULT_SYNC_CONCURRENCY);
        expect(signInCounters(fake.stats())).toEqual(signInsBefore);
        expect(t.opened).toHaveLength(1); // the first sign-in only: nothing opened a browser
        expect(await t.latchkey.sessions.list()).toEqual([expect.objectContaining({ name: 'corp', signedIn: false, refreshable: false })]);
        expect(await fs.readFile(cacheFile, 'utf8')).toBe(cacheBefore);
        expect((await t.latchkey.catalog.get(t.session)).fromCache).toBe(true);

        // Asking again fails at once, without a call to AWS: the dead refresh token was dropped.
        const calls = { portal: fake.stats().portal.total, refresh: fake.stats().tokenCalls };
        const again = await t.latchkey.catalog.sync(t.session).catch((err: unknown) => err);
        expect(expectClearError(again, fake, ['NOT_SIGNED_IN']).message).toMatch(/Sign in again/);
        expect({ portal: fake.stats().portal.total, refresh: fake.stats().tokenCalls }).toEqual(calls);
        expect(leakedSecretKinds(fake, t.lines), 'secrets in the debug log').toEqual([]);
      } finally {
        fake.configure({ latencyMs: 0, portalRateLimit: undefined });
        await t.cleanup();
      }
    },
  );

  it('in the command: exit 1 with one "sign in again" line, no browser, the old catalog kept', async () => {
    const { home, env: baseEnv, cleanup } = await tempHome();
    try {
      const browserLog = path.join(home, 'browser.log');
      const env = { ...baseEnv, ...fake.env, BROWSER: FAKE_BROWSER, FAKE_BROWSER_LOG: browserLog };
      expect((await deviceLoginCli(fake, env)).code).toBe(0);
      expect((await runCli(['roles'], env)).code).toBe(0);
      const cacheDir = path.join(home, '.latchkey', 'catalog');
      const [cacheName] = await fs.readdir(cacheDir);
      const cacheBefore = await fs.readFile(path.join(cacheDir, cacheName!), 'utf8');
      const signInsBefore = signInCounters(fake.stats());
      fake.configure({ latencyMs: 20, portalRateLimit: 80 });
      const start = fake.stats().portal.total;
      const run = startCli(['roles', '--refresh'], env);
      const atRevoke = await waitFor(
        () => {
          const s = fake.stats();
          if (s.portal.total - start < 40) return undefined;
          fake.revokeAllTokens();
          fake.expireAccessTokens();
          return { portal: s.portal.total - s.portal.throttled, refresh: s.tokenCalls };
        },
        20_000,
        'the sync to be under way',
      );
      const result = await run.done;
      await settled(fake);
      fake.configure({ latencyMs: 0, portalRateLimit: undefined });

      // First: the assertions below print stderr when they fail.
      expect(leakedSecretKinds(fake, [result.stdout, result.stderr]), 'secrets in the output').toEqual([]);
      expect(result.code).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(/^latchkey: .*Sign in again\. Run "latchkey login"\.$/)]);
      expect(fake.stats().tokenCalls - atRevoke.refresh).toBe(1);
      // Answered calls, as in the app's test: the rate limit's refusals depend on machine load.
      expect(answeredPortalCalls(fake) - atRevoke.portal).toBeLessThanOrEqual(2 * DEFAULT_SYNC_CONCURRENCY);
      expect(signInCounters(fake.stats())).toEqual(signInsBefore);
      await expect(fs.readFile(browserLog, 'utf8')).rejects.toMatchObject({ code: 'ENOENT' }); // no browser opened
      expect(await fs.readFile(path.join(cacheDir, cacheName!), 'utf8')).toBe(cacheBefore);
      const sessions = await runCli(['sessions'], env);
      expect(sessions.stdout).toMatch(/\tsigned out\n/);
      // The roles synced before are still listed from the cache.
      const cached = await runCli(['roles'], env);
      expect(cached.code).toBe(0);
      expect(cached.stdout).toContain(fake.accounts[0]!.accountId);
      expect(leakedSecretKinds(fake, [result.stderr, sessions.stdout, cached.stdout, cached.stderr])).toEqual([]);
    } finally {
      fake.configure({ latencyMs: 0, portalRateLimit: undefined });
      await cleanup();
    }
  });
});
