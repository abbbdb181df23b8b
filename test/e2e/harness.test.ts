import fs from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { HARNESS_KEY_HEADER } from '../../harness/harness-key';
import { REPO, startHarness, type Harness } from '../../harness/server';
import type { LatchkeyApi } from '../../src/shared/api';
import type { EventPayloads } from '../../src/shared/contract';
import { browserSkipNote, hasChromium, launchChromium, popupContext } from '../../devkit/browser';

// The web harness itself: the bridge gives the page the same window.latchkey the preload does,
// calls reach the real handlers, pushes arrive, and nothing but our own page on loopback, which
// holds this run's key, may call it.

browserSkipNote();

/** fetch() may not set Host, so a DNS-rebinding request is made by hand. */
function rawStatus(port: number, host: string, key: string): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, method: 'POST', path: '/rpc/sessions.list', headers: { host, 'content-type': 'application/json', [HARNESS_KEY_HEADER]: key } },
      (res) => {
        res.resume();
        resolve(res.statusCode);
      },
    );
    req.once('error', reject);
    req.end();
  });
}

// page.evaluate ships its function's source to the page, so each one names the global itself.
type Win = { latchkey: LatchkeyApi; __events?: unknown[] };

describe.skipIf(!hasChromium)('web harness', () => {
  let harness: Harness;
  let browser: Browser;
  let page: Page;
  const cspViolations: string[] = [];

  beforeAll(async () => {
    [harness, browser] = await Promise.all([startHarness({ fake: { accounts: 2 }, record: true }), launchChromium()]);
    page = await (await popupContext(browser)).newPage();
    page.on('console', (m) => {
      if (/Refused to/i.test(m.text())) cspViolations.push(m.text());
    });
    await page.goto(harness.pageUrl);
  });

  afterAll(async () => {
    await browser?.close();
    await harness?.close();
  });

  it('gives the page window.latchkey wired to the real handlers', async () => {
    const info = await page.evaluate(() => (globalThis as unknown as Win).latchkey.app.info());
    expect(info).toMatchObject({ ok: true, value: { credentialsFile: `${harness.home}/.aws/credentials`, locale: 'en-US' } });
    const sessions = await page.evaluate(() => (globalThis as unknown as Win).latchkey.sessions.list());
    expect(sessions).toEqual({ ok: true, value: [] });
  });

  it('returns errors as data with a code, for bad requests as for failing calls', async () => {
    const bad = await page.evaluate(() => (globalThis as unknown as Win).latchkey.sessions.add({ startUrl: 'not a url', region: 'us-east-1' }));
    expect(bad).toMatchObject({ ok: false, code: 'BAD_INPUT' });
    const missing = await page.evaluate(() => (globalThis as unknown as Win).latchkey.catalog.get({ session: 'nowhere' }));
    expect(missing.ok).toBe(false);
    expect(JSON.stringify(missing)).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('opens only allow-listed URLs, as the app does', async () => {
    const refused = await page.evaluate(() => (globalThis as unknown as Win).latchkey.app.openExternal({ url: 'https://evil.example/phish' }));
    expect(refused).toMatchObject({ ok: false, code: 'ACCESS_DENIED' });
    const docs = await page.evaluate(() => (globalThis as unknown as Win).latchkey.app.openExternal({ url: 'https://docs.aws.amazon.com/singlesignon/' }));
    expect(docs).toEqual({ ok: true, value: null });
    expect(harness.opened).toEqual(['https://docs.aws.amazon.com/singlesignon/']);
  });

  it('pushes events to the page', async () => {
    await page.evaluate(() => {
      const w = globalThis as unknown as Win;
      w.__events = [];
      w.latchkey.on('error', (p) => w.__events!.push(p));
    });
    const payload: EventPayloads['error'] = { code: 'NETWORK', message: 'pushed from the harness' };
    harness.emit('error', payload);
    await expect.poll(() => page.evaluate(() => (globalThis as unknown as Win).__events), { timeout: 5000 }).toEqual([payload]);
  });

  it('keeps the strict CSP and loads the bridge without violations', async () => {
    const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    expect(csp).toContain("script-src 'self';");
    expect(cspViolations, cspViolations.join('\n')).toEqual([]);
  });

  it('never ships: the built renderer has no bridge, and the package takes only out/', async () => {
    const builtIndex = await fs.readFile(path.join(REPO, 'out/renderer/index.html'), 'utf8');
    expect(builtIndex).not.toContain('harness-bridge');
    expect(await page.locator('script[src="/harness-bridge.js"]').count()).toBe(1); // only as served
    const files = /^files:\n((?:\s+- .+\n)+)/m.exec(await fs.readFile(path.join(REPO, 'electron-builder.yml'), 'utf8'))?.[1] ?? '';
    expect(files).toContain('out/**');
    // Exclusions ('!**/*.map') take files away; only what is included matters here.
    const included = files
      .split('\n')
      .filter((line) => !/^\s+- ['"]?!/.test(line))
      .join('\n');
    expect(included).not.toMatch(/harness|\*\*\/\*|^\s+- \.\/?\*/m);
  });

  it('serves sessions.list over plain HTTP, and refuses other origins and host names', async () => {
    const call = (headers: Record<string, string>, body = '') =>
      harness.fetch('/rpc/sessions.list', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    const ok = await call({});
    expect(await ok.json()).toEqual({ ok: true, value: [] });
    expect((await call({ origin: 'https://evil.example' })).status).toBe(403);
    expect(await rawStatus(harness.port, `evil.example:${harness.port}`, harness.key)).toBe(403);
    expect(await rawStatus(harness.port, `127.0.0.1:${harness.port}`, harness.key)).toBe(200);
    expect((await call({ 'content-type': 'text/plain' })).status).toBe(403);
    const unknown = await harness.fetch('/rpc/keys.steal', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(await unknown.json()).toMatchObject({ ok: false, code: 'BAD_INPUT' });
  });

  it('answers /rpc, /events, /_harness/* and the page only with this run’s key, which only the page holds', async () => {
    const rpc = (headers: Record<string, string>) =>
      fetch(`${harness.url}/rpc/sessions.list`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '' });
    expect((await rpc({})).status).toBe(403);
    expect((await rpc({ [HARNESS_KEY_HEADER]: 'x'.repeat(harness.key.length) })).status).toBe(403);
    expect((await rpc({ [HARNESS_KEY_HEADER]: harness.key })).status).toBe(200);
    // A key in the query is no key for /rpc or /_harness/*: URLs end up in logs and histories.
    expect(
      (await fetch(`${harness.url}/rpc/sessions.list?key=${harness.key}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '' }))
        .status,
    ).toBe(403);
    for (const path of ['/_harness/opened', '/_harness/clipboard']) {
      expect((await fetch(`${harness.url}${path}`)).status).toBe(403);
      expect((await harness.fetch(path)).status).toBe(200);
    }
    const events = async (query: string) => {
      const abort = new AbortController();
      const res = await fetch(`${harness.url}/events${query}`, { signal: abort.signal });
      abort.abort();
      return res.status;
    };
    expect(await events('')).toBe(403);
    expect(await events('?key=wrong')).toBe(403);
    expect(await events(`?key=${harness.key}`)).toBe(200);

    // The page: refused without the key; with it, the key is in the page and nowhere else served.
    expect((await fetch(`${harness.url}/`)).status).toBe(403);
    expect((await fetch(`${harness.url}/index.html`)).status).toBe(403);
    const html = await (await fetch(harness.pageUrl)).text();
    expect(html).toContain(`<meta name="latchkey-harness-key" content="${harness.key}">`);
    expect(await (await fetch(`${harness.url}/harness-bridge.js`)).text()).not.toContain(harness.key);
    const script = /<script type="module"[^>]*src="([^"]+)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    expect(await (await fetch(new URL(script!, harness.url))).text()).not.toContain(harness.key);
    // A key per start.
    const other = await startHarness({ env: { AWS_ENDPOINT_URL_SSO_OIDC: harness.fake!.url } });
    try {
      expect(other.key).not.toBe(harness.key);
      expect(other.key.length).toBeGreaterThanOrEqual(40);
      expect(
        (
          await fetch(`${other.url}/rpc/sessions.list`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', [HARNESS_KEY_HEADER]: harness.key },
            body: '',
          })
        ).status,
      ).toBe(403);
    } finally {
      await other.close();
    }
  });

  it('records nothing of what the app opens or copies unless a test asks', async () => {
    const quiet = await startHarness({ env: { AWS_ENDPOINT_URL_SSO_OIDC: harness.fake!.url } });
    try {
      const open = await quiet.fetch('/rpc/app.openExternal', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ url: 'https://docs.aws.amazon.com/singlesignon/' }),
      });
      expect(await open.json()).toEqual({ ok: true, value: null });
      expect(quiet.opened).toEqual([]);
      expect(quiet.clipboard).toEqual([]);
      expect((await quiet.fetch('/_harness/opened')).status).toBe(404);
    } finally {
      await quiet.close();
    }
  });
});
