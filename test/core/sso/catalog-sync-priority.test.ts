import { describe, expect, it } from 'vitest';
import { createContext } from '../../../src/core/context';
import { startCatalogSync, syncCatalog, type CatalogSnapshot } from '../../../src/core/sso/catalog-sync';
import { PortalClient } from '../../../src/core/sso/portal';
import type { FakeAws, FakeAwsOptions } from '../../../devkit/fake-aws/index';
import { signInWithDeviceCode } from '../../../devkit/sign-in';
import { startFakeForTest } from '../../helpers/per-test';

// The order in which a sync lists roles: what the person is looking at first, the rest after,
// against the throttled emulator over HTTP with the real SDK.

interface Recorded {
  fake: FakeAws;
  portal: PortalClient;
  /** Account ids in the order their role pages came back. */
  rolesArrived: string[];
}

async function setUp(options: FakeAwsOptions): Promise<Recorded> {
  const fake = await startFakeForTest(options);
  const { accessToken } = await signInWithDeviceCode(fake);
  const portal = new PortalClient(createContext({ env: fake.env }), fake.region, async () => accessToken, { maxAttempts: 1 });
  const rolesArrived: string[] = [];
  const listRolesPage = portal.listRolesPage.bind(portal);
  portal.listRolesPage = async (accountId, token, callOptions) => {
    const page = await listRolesPage(accountId, token, callOptions);
    rolesArrived.push(accountId);
    return page;
  };
  return { fake, portal, rolesArrived };
}

const THROTTLED = { accounts: 400, rolesPerAccount: 2, portalRateLimit: 40, latencyMs: 20 } as const;

describe('the order a sync lists roles in', () => {
  it('lists the roles of favorites, on-screen and searched accounts before the bulk', async () => {
    // Slow answers and no throttle: the order alone decides what comes back first (a 429's
    // back-off would blur it; the next test runs throttled).
    const { fake, portal, rolesArrived } = await setUp({ accounts: 400, rolesPerAccount: 2, latencyMs: 30 });
    const ids = fake.accounts.map((a) => a.accountId);
    // Accounts at the end of the second page of accounts, which plain order would reach after 190 others.
    const [favorite, onScreen, searched] = [ids[199]!, ids[190]!, ids[195]!];
    const result = await syncCatalog(portal, { priorities: { preferred: [favorite], visible: [onScreen], matching: [searched] } });
    expect(result.accounts).toHaveLength(400);
    // Served once their page is in: before it, only requests granted while the two account
    // pages were on their way (at most 32 in flight each time) come back.
    for (const id of [favorite, onScreen, searched]) expect(rolesArrived.indexOf(id)).toBeLessThan(100);
    expect(rolesArrived.indexOf(favorite)).toBeLessThan(rolesArrived.indexOf(searched));
  });

  it('serves an account prioritised while the sync runs with the next free requests', async () => {
    const { fake, portal, rolesArrived } = await setUp(THROTTLED);
    const last = fake.accounts.at(-1)!.accountId;
    let arrivedWhenAsked: number | undefined;
    const sync = startCatalogSync(portal, {
      onSnapshot: (s) => {
        // Once the list holds the account, the person scrolls to it.
        if (arrivedWhenAsked === undefined && s.accounts.some((a) => a.accountId === last)) {
          arrivedWhenAsked = rolesArrived.length;
          sync.prioritise({ visible: [last] });
        }
      },
    });
    const result = await sync.result;
    expect(arrivedWhenAsked).toBeDefined();
    // Only requests already granted (at most the sync's 32 in flight), and retries of throttled
    // ones, come back before it; plain order would list it last of 400.
    const position = rolesArrived.indexOf(last);
    expect(position - arrivedWhenAsked!).toBeLessThan(100);
    expect(position).toBeLessThan(300);
    expect(result.accounts.find((a) => a.accountId === last)?.roles).toHaveLength(2);
  });

  it('shows the account list before any role, with the accounts still loading named', async () => {
    const { portal } = await setUp(THROTTLED);
    const snapshots: CatalogSnapshot[] = [];
    const result = await syncCatalog(portal, { onSnapshot: (s) => snapshots.push(s) });
    const first = snapshots[0]!;
    expect(first.accounts.length).toBeGreaterThan(0);
    expect(first.pending.length).toBeGreaterThan(first.accounts.length / 2);
    for (const a of first.accounts) if (first.pending.includes(a.accountId)) expect(a.roles).toEqual([]);
    // Several updates while it ran, not one per role page.
    expect(snapshots.length).toBeGreaterThan(2);
    expect(snapshots.length).toBeLessThan(result.stats.requests / 4);
    expect(Math.min(...snapshots.map((s) => s.pending.length))).toBeLessThan(first.pending.length);
  });

  it('keeps showing the last catalog while refreshing it, and sends nothing when nothing changed', async () => {
    const { fake, portal } = await setUp({ ...THROTTLED, accounts: 120 });
    const before = await syncCatalog(portal);
    const unchanged: CatalogSnapshot[] = [];
    await syncCatalog(portal, { previous: before.accounts, onSnapshot: (s) => unchanged.push(s) });
    expect(unchanged).toEqual([]);

    // An account gone from the organisation: the list keeps it until the listing ends.
    const gone = fake.accounts.at(-1)!.accountId;
    const previous = [...before.accounts, { accountId: '999999999999', accountName: 'zz-old', roles: ['Old'] }];
    const changed: CatalogSnapshot[] = [];
    const after = await syncCatalog(portal, { previous, onSnapshot: (s) => changed.push(s) });
    expect(after.accounts.map((a) => a.accountId)).not.toContain('999999999999');
    expect(after.accounts.map((a) => a.accountId)).toContain(gone);
    expect(changed.length).toBeGreaterThan(0);
    // Roles stand in from the last catalog: no account is ever shown as loading.
    for (const s of changed) expect(s.pending).toEqual([]);
    expect(changed.at(-1)!.accounts.map((a) => a.accountId)).not.toContain('999999999999');
  });
});
