import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { signInAndSync } from '../../harness/seed';
import { REPO } from '../../harness/server';
import { browserSkipNote, hasChromium } from '../../devkit/browser';
import { openPopup, poll, type Popup } from './support';

// A sync pushes its progress several times a second. Only the progress line may re-render for
// it, never the role list (thousands of rows in a large organisation). The popup opens on a
// cached list and syncs it again in the background, against an emulator slowed to a few
// requests a second, so the sync lasts long enough to watch.
//
// The harness compiles the renderer live with Vite here (its development mode): in
// development the role list sits under a React Profiler that counts its renders in
// window.__latchkeyRenders (src/renderer/src/dev/RenderProbe.tsx). The built renderer, the one
// that ships, has no such counter: the last test checks the bundle.

browserSkipNote();

const ACCOUNTS = 40;

interface Look {
  /** Commits in which the role list (or anything in it) rendered. */
  renders: number | undefined;
  /** The progress line's text; undefined once the sync has finished. */
  progress: string | undefined;
  rows: number;
}

type Doc = { querySelector(s: string): { textContent: string | null } | null; querySelectorAll(s: string): { length: number } };

/** One reading, taken at once in the page (between two renders, never during one). */
function look(page: Page): Promise<Look> {
  return page.evaluate(() => {
    const w = globalThis as unknown as { __latchkeyRenders?: Record<string, number>; document: Doc };
    const item = w.document.querySelector('[data-testid="sync-progress-item"]');
    return {
      renders: w.__latchkeyRenders?.['role-list'],
      progress: item?.textContent ?? undefined,
      rows: w.document.querySelectorAll('[data-testid="role-row"]').length,
    };
  });
}

describe.skipIf(!hasChromium)('a sync in progress', () => {
  let popup: Popup;
  let page: Page;

  beforeAll(async () => {
    popup = await openPopup({ renderer: 'vite', fake: { accounts: ACCOUNTS, rolesPerAccount: 2 } }, async (harness) => {
      await signInAndSync(harness);
      harness.fake!.configure({ portalRateLimit: 8 });
    });
    ({ page } = popup);
  }, 90_000);

  afterAll(async () => {
    await popup?.close();
  });

  it('re-renders the progress line for each sync-progress event, and the role list not once', async () => {
    // The cached list is on screen, and the background sync is counting accounts.
    await poll(async () => {
      const now = await look(page);
      return now.rows > 0 && /of \d+ accounts/.test(now.progress ?? '');
    }, 30_000).toBe(true);
    const first = await look(page);
    expect(first.renders).toBeGreaterThan(0);

    const samples: Look[] = [];
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      const now = await look(page);
      if (now.progress === undefined) break;
      samples.push(now);
      if (new Set(samples.map((s) => s.progress)).size >= 5) break;
      await page.waitForTimeout(25);
    }
    // The progress line showed new counts several times…
    expect(new Set(samples.map((s) => s.progress)).size).toBeGreaterThanOrEqual(3);
    // …and the role list did not render once meanwhile.
    expect(samples.map((s) => s.renders)).toEqual(samples.map(() => first.renders));

    // The sync's result replaces the list's catalog: that does re-render it (the counter counts).
    await poll(async () => (await look(page)).progress, 60_000).toBeUndefined();
    expect((await look(page)).renders).toBeGreaterThan(first.renders!);
    expect(popup.pageErrors).toEqual([]);
  });

  it('ships no render counter: the built renderer has none', async () => {
    const assets = path.join(REPO, 'out', 'renderer', 'assets');
    const scripts = (await fs.readdir(assets)).filter((f) => f.endsWith('.js'));
    expect(scripts.length).toBeGreaterThan(0);
    for (const file of scripts) expect(await fs.readFile(path.join(assets, file), 'utf8')).not.toContain('__latchkeyRenders');
    // The page under test did have it: the check above looks for the right name.
    expect(await page.evaluate(() => typeof (globalThis as { __latchkeyRenders?: unknown }).__latchkeyRenders)).toBe('object');
  });
});
