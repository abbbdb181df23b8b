import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createContext } from '../../../src/core/context';
import { createLatchkey } from '../../../src/core/sessions/latchkey';
import type { CatalogView } from '../../../src/core/types';
import { tempHome } from '../../../devkit/home';
import { waitFor } from '../../../devkit/wait';
import { startFakeForTest } from '../../helpers/per-test';

// The catalog service while a sync runs, in a fresh HOME with no catalog cached, against the
// throttled emulator: the list fills in as it goes, a favorite's account comes first, and a
// role it lists can be acted on before the sync ends.

describe('a catalog that fills in', () => {
  it('sends the accounts first, the favorite account’s roles early, and resolves a listed role at once', async () => {
    const fake = await startFakeForTest({ accounts: 300, rolesPerAccount: 2, portalRateLimit: 30, latencyMs: 20, autoApprove: true });
    const { home, cleanup } = await tempHome('progressive');
    onTestFinished(cleanup);
    const ctx = createContext({
      env: { ...fake.env, LATCHKEY_HOME: path.join(home, 'state') },
      homedir: home,
      openUrl: async (url) => void (await (await fetch(url, { redirect: 'follow' })).text()),
    });
    const latchkey = createLatchkey(ctx);
    const session = await latchkey.sessions.add({ startUrl: fake.startUrl, region: fake.region, name: 'corp' });
    await latchkey.sessions.login(session, { flow: 'pkce' });
    const favorite = fake.accounts.at(-1)!;
    await latchkey.state.toggleFavorite({ session: 'corp', accountId: favorite.accountId, roleName: favorite.roles[0]! });

    const partials: CatalogView[] = [];
    latchkey.events.on('catalog-partial', (view) => partials.push(view));
    let finished = false;
    const full = latchkey.catalog.get(session).then((view) => {
      finished = true;
      return view;
    });

    // The favorite's account shows its roles while most accounts are still loading.
    await waitFor(() => partials.some((p) => p.accounts.find((a) => a.accountId === favorite.accountId)?.roles.length), 30_000, 'the favorite account’s roles');
    const withFavorite = partials.find((p) => p.accounts.find((a) => a.accountId === favorite.accountId)?.roles.length)!;
    expect(withFavorite.pending!.length).toBeGreaterThan(150);
    expect(partials[0]!.pending!.length).toBeGreaterThan(0);

    // Acting on it needs no more of the sync.
    const role = await latchkey.catalog.listedRole('corp', favorite.accountId, favorite.roles[0]!);
    expect(role).toMatchObject({ accountId: favorite.accountId, accountName: favorite.accountName, roleName: favorite.roles[0] });
    expect(finished).toBe(false);
    expect(await latchkey.catalog.listedRole('corp', favorite.accountId, 'NoSuchRole')).toBeUndefined();

    const view = await full;
    expect(view.pending).toBeUndefined();
    expect(view.accounts).toHaveLength(300);
  }, 60_000);
});
