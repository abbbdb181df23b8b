import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/core/clock';
import { createContext, type CoreContext } from '../../../src/core/context';
import { catalogCachePath, readCatalogCache, writeCatalogCache, type CachedCatalog } from '../../../src/core/sso/catalog-cache';
import { tempHome } from '../../../devkit/home';

let home: string;
let ctx: CoreContext;

beforeEach(async () => {
  home = (await tempHome('catalog')).home;
  ctx = createContext({ homedir: home, env: { LATCHKEY_HOME: path.join(home, 'state') }, platform: 'linux', clock: new ManualClock(1_700_000_000_000) });
});
afterEach(() => fs.rm(home, { recursive: true, force: true }));

const catalog = (session = 'work'): CachedCatalog => ({
  version: 1,
  session,
  startUrl: 'https://d-123.awsapps.com/start',
  syncedAt: 1_700_000_000_000,
  accounts: [
    { accountId: '111111111111', accountName: 'production', emailAddress: 'p@example.com', roles: ['AdministratorAccess', 'ReadOnlyAccess'] },
    { accountId: '222222222222', accountName: 'staging', roles: [] },
  ],
});

describe('catalog cache', () => {
  it('round-trips through LATCHKEY_HOME/catalog/<session>.json, mode 0600', async () => {
    await writeCatalogCache(ctx, catalog());
    const file = path.join(home, 'state', 'catalog', 'work.json');
    expect(catalogCachePath(ctx, 'work')).toBe(file);
    if (process.platform !== 'win32') expect((await fs.stat(file)).mode & 0o777).toBe(0o600);
    expect(await readCatalogCache(ctx, 'work')).toEqual(catalog());
    expect(await readCatalogCache(ctx, 'other')).toBeUndefined();
  });

  it('keeps sessions with awkward names apart, in safe file names', async () => {
    for (const name of ['a/b', 'a_b', '../x', 'CON', 'é']) await writeCatalogCache(ctx, catalog(name));
    for (const name of ['a/b', 'a_b', '../x', 'CON', 'é']) expect((await readCatalogCache(ctx, name))?.session).toBe(name);
    const files = await fs.readdir(path.join(home, 'state', 'catalog'));
    expect(files).toHaveLength(5);
    for (const f of files) expect(f).toMatch(/^[A-Za-z0-9_][A-Za-z0-9._-]*\.json$/);
  });

  for (const [what, content] of [
    ['not JSON', '{"version": 1, "accounts": ['],
    ['an old version', JSON.stringify({ ...catalog(), version: 0 })],
    ['a bad account', JSON.stringify({ ...catalog(), accounts: [{ accountId: 1 }] })],
    ['another session', JSON.stringify(catalog('elsewhere'))],
  ] as const) {
    it(`sets aside ${what} and reads as empty`, async () => {
      const file = catalogCachePath(ctx, 'work');
      await fs.mkdir(path.dirname(file), { recursive: true });
      await fs.writeFile(file, content);
      expect(await readCatalogCache(ctx, 'work')).toBeUndefined();
      const files = await fs.readdir(path.dirname(file));
      expect(files).toEqual([`work.json.corrupt-${ctx.clock.now()}`]);
      expect(await fs.readFile(path.join(path.dirname(file), files[0]!), 'utf8')).toBe(content);
      // And a fresh sync writes over it normally.
      await writeCatalogCache(ctx, catalog());
      expect(await readCatalogCache(ctx, 'work')).toEqual(catalog());
    });
  }

  it('refuses to write a catalog that could not be read back', async () => {
    await expect(writeCatalogCache(ctx, { ...catalog(), accounts: [{ accountId: 'x' }] } as unknown as CachedCatalog)).rejects.toMatchObject({
      code: 'BAD_INPUT',
    });
  });
});
