import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/core/clock';
import { createContext, type CoreContext } from '../../../src/core/context';
import {
  catalogCachePath,
  forgetLearnedCatalog,
  learnedCatalogPath,
  mergeLearnedCatalog,
  readCatalogCache,
  readLearnedCatalog,
  writeCatalogCache,
  type CachedCatalog,
} from '../../../src/core/sso/catalog-cache';
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

describe('what role lookups learned', () => {
  const session = { name: 'work', startUrl: 'https://d-123.awsapps.com/start' };

  it('lives beside the full catalog, marked complete: false, and never replaces it', async () => {
    await writeCatalogCache(ctx, catalog());
    await mergeLearnedCatalog(ctx, session, [{ accountId: '333333333333', accountName: 'new' }]);
    await mergeLearnedCatalog(ctx, session, [{ accountId: '444444444444', accountName: 'newer', roles: ['Admin'] }]);
    expect(await readCatalogCache(ctx, 'work')).toEqual(catalog());
    const learned = await readLearnedCatalog(ctx, 'work');
    expect(learned).toMatchObject({ complete: false, startUrl: session.startUrl });
    expect(learned?.accounts).toEqual([
      { accountId: '333333333333', accountName: 'new' },
      { accountId: '444444444444', accountName: 'newer', roles: ['Admin'] },
    ]);
    expect(JSON.parse(await fs.readFile(learnedCatalogPath(ctx, 'work'), 'utf8'))).toMatchObject({ complete: false });
  });

  it('keeps an account’s listed roles when a later page mentions it again, and goes once a full sync has run', async () => {
    await mergeLearnedCatalog(ctx, session, [{ accountId: '333333333333', accountName: 'new', roles: ['Admin'] }]);
    await mergeLearnedCatalog(ctx, session, [{ accountId: '333333333333', accountName: 'renamed' }]);
    expect((await readLearnedCatalog(ctx, 'work'))?.accounts).toEqual([{ accountId: '333333333333', accountName: 'renamed', roles: ['Admin'] }]);
    await forgetLearnedCatalog(ctx, 'work');
    expect(await readLearnedCatalog(ctx, 'work')).toBeUndefined();
  });

  it('refuses to write a partial catalog as the full one; a full file from before `complete` existed reads as full', async () => {
    await expect(writeCatalogCache(ctx, { ...catalog(), complete: false })).rejects.toMatchObject({ code: 'BAD_INPUT' });
    const file = catalogCachePath(ctx, 'work');
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, JSON.stringify(catalog()));
    expect((await readCatalogCache(ctx, 'work'))?.complete).toBeUndefined();
  });
});
