// The popup's figures, in Debian's Chromium through the web harness against the emulator with
// 2,000 accounts × 3 roles (real core, real HTTP, the built renderer):
//   (a) keystroke → filtered list: in the page, set the search box's value and dispatch the
//       input event as typing does, then wait for the DOM to show the new match count and force
//       style + layout; many keystrokes, median (goal < 16 ms: one frame);
//   (b) first render of the list: from the catalog.get response reaching the page (its JSON
//       parsed) to the first role row in the DOM plus one frame (goal < 200 ms);
//   (c) the renderer's size: every file of out/renderer gzipped with zlib (default level).

import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type { Page } from 'playwright-core';
import { nextCatalogUpdate, signInAndSync } from '../harness/seed';
import { REPO, startHarness } from '../harness/server';
import { hasChromium, CHROMIUM_PATH, launchChromium, popupContext } from '../devkit/browser';
import { median, type BenchRow, type BenchSection } from './report';

const ACCOUNTS = 2000;
const ROLES = 3;
const LOADS_PER_RUN = 7;
const ROLE_ROW = '[data-testid="role-row"]';

/** Words typed one character at a time, each followed by clearing the box (one more keystroke).
 * Chosen so that most keystrokes change the number of matches, which is what is timed. */
const TYPED = ['prod', 'stag re', 'pow', '0042', '1234', '98765', 'sand ad', 'acct-19 r', '31 vi', '777'];

// In-page code is plain JavaScript: the page runs it as given (page.evaluate / addInitScript).

/** Installed before the app loads: notes when catalog.get's answer is parsed and when the
 * first role row exists, then when the frame after it has run. */
const FIRST_RENDER_PROBE = `(() => {
  const m = (window.__lkBench = {});
  const realFetch = window.fetch;
  window.fetch = async function (input, init) {
    const res = await realFetch.call(this, input, init);
    if (m.catalogAt === undefined && String(input).includes('/rpc/catalog.get')) {
      const json = res.json.bind(res);
      res.json = async () => { const v = await json(); m.catalogAt ??= performance.now(); return v; };
    }
    return res;
  };
  const obs = new MutationObserver(() => {
    if (m.rowAt !== undefined || !document.querySelector('${ROLE_ROW}')) return;
    m.rowAt = performance.now();
    obs.disconnect();
    requestAnimationFrame(() => setTimeout(() => { m.paintedAt = performance.now(); }, 0));
  });
  obs.observe(document, { childList: true, subtree: true });
})();`;

/** Types each query into the search box in the page; returns per-keystroke times in ms. */
const KEYSTROKE_PROBE = `async (queries) => {
  const input = document.querySelector('input[type="search"]');
  const count = () => document.querySelector('[data-testid="match-count"]')?.textContent ?? '';
  const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
  const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
  const samples = [];
  let unchanged = 0;
  input.focus();
  for (const q of queries) {
    const before = count();
    let obs;
    const updated = new Promise((resolve) => {
      obs = new MutationObserver(() => { if (count() !== before) resolve(true); });
      obs.observe(document.body, { childList: true, subtree: true, characterData: true });
      setTimeout(() => resolve(false), 1000);
    });
    const t0 = performance.now();
    setValue.call(input, q);
    input.dispatchEvent(new Event('input', { bubbles: true }));
    const changed = await updated;
    obs.disconnect();
    void document.body.offsetHeight; // style + layout of the new rows
    const t1 = performance.now();
    if (changed) samples.push(t1 - t0); else unchanged++;
    await frame();
  }
  return { samples, unchanged };
}`;

function keystrokes(): string[] {
  const out: string[] = [];
  for (const word of TYPED) {
    for (let i = 1; i <= word.length; i++) out.push(word.slice(0, i));
    out.push('');
  }
  return out;
}

interface FirstRender {
  catalogToPaintMs: number;
  navigationToPaintMs: number;
  /** The same span by the UI's own performance marks, when it sets them. */
  byMarksMs: number | undefined;
}

async function loadOnce(page: Page, url: string): Promise<FirstRender> {
  await page.goto(url);
  await page.waitForFunction(() => (globalThis as unknown as { __lkBench: { paintedAt?: number } }).__lkBench.paintedAt !== undefined, undefined, {
    timeout: 30_000,
  });
  await page.waitForTimeout(50); // the UI's own 'list-rendered' mark is set in a frame too
  const m = (await page.evaluate(`(() => {
    const mark = (name) => performance.getEntriesByName(name)[0]?.startTime;
    return { ...window.__lkBench, received: mark('latchkey:catalog-received'), rendered: mark('latchkey:list-rendered') };
  })()`)) as { catalogAt?: number; paintedAt: number; received?: number; rendered?: number };
  if (m.catalogAt === undefined) throw new Error('the page showed roles without calling catalog.get');
  const byMarksMs = m.received !== undefined && m.rendered !== undefined ? m.rendered - m.received : undefined;
  return { catalogToPaintMs: m.paintedAt - m.catalogAt, navigationToPaintMs: m.paintedAt, byMarksMs };
}

export function rendererSizeGzipped(dir = path.join(REPO, 'out', 'renderer')): { files: number; raw: number; gzipped: number } {
  let files = 0;
  let raw = 0;
  let gzipped = 0;
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (!entry.name.endsWith('.map')) {
        const data = fs.readFileSync(p);
        files++;
        raw += data.length;
        gzipped += zlib.gzipSync(data).length;
      }
    }
  };
  walk(dir);
  return { files, raw, gzipped };
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

export const uiSection: BenchSection = {
  name: 'ui',
  async run(runs) {
    const size = rendererSizeGzipped();
    const sizeRow: BenchRow = {
      name: 'renderer size, gzipped',
      medianMs: 0,
      display: kb(size.gzipped),
      runs: 1,
      ratio: `${kb(size.raw)} before gzip`,
      how: `${size.files} files of out/renderer (no source maps), zlib gzip default level`,
    };
    if (!hasChromium) {
      console.error(`  ui: skipped the browser figures: Chromium is not installed at ${CHROMIUM_PATH}`);
      return [sizeRow];
    }

    const harness = await startHarness({ fake: { accounts: ACCOUNTS, rolesPerAccount: ROLES }, renderer: 'built' });
    const browser = await launchChromium();
    try {
      await signInAndSync(harness);
      const page = await (await popupContext(browser)).newPage();
      await page.addInitScript(FIRST_RENDER_PROBE);

      // (b) every load of the popup gets the cached list and starts a background sync: let
      // that finish before the next load so loads do not compete with it for the CPU.
      const loads: FirstRender[] = [];
      for (let i = 0; i < runs * LOADS_PER_RUN; i++) {
        const synced = nextCatalogUpdate(harness);
        loads.push(await loadOnce(page, harness.pageUrl));
        await synced;
        console.error(`  ui: load ${i + 1}: catalog → list painted ${loads.at(-1)!.catalogToPaintMs.toFixed(1)} ms`);
      }

      // (a) on the last load, with the background sync done and the list settled.
      await page.waitForTimeout(500);
      const samples: number[] = [];
      let unchanged = 0;
      for (let i = 0; i < runs * 3; i++) {
        const r = (await page.evaluate(`(${KEYSTROKE_PROBE})(${JSON.stringify(keystrokes())})`)) as { samples: number[]; unchanged: number };
        samples.push(...r.samples);
        unchanged += r.unchanged;
      }
      if (samples.length === 0) throw new Error('no keystroke changed the match count: is the search box wired?');
      const keyMs = median(samples);
      const sorted = [...samples].sort((a, b) => a - b);
      const p95 = sorted[Math.floor(sorted.length * 0.95)]!;
      const firstMs = median(loads.map((l) => l.catalogToPaintMs));
      const marks = loads.map((l) => l.byMarksMs).filter((v): v is number => v !== undefined);
      const byMarks = marks.length ? `; the UI's own marks (latchkey:catalog-received → list-rendered) ${median(marks).toFixed(0)} ms` : '';

      return [
        {
          name: `UI keystroke → filtered list, ${ACCOUNTS}×${ROLES} roles`,
          medianMs: keyMs,
          runs: samples.length,
          ratio: `${(keyMs / 16).toFixed(2)}× goal (goal < 16 ms); p95 ${p95.toFixed(1)} ms`,
          how: `Chromium, in-page: input event → new match count in the DOM + forced layout${unchanged ? `; ${unchanged} keystrokes left the count as it was, not counted` : ''}`,
        },
        {
          name: `UI first render of the list, ${ACCOUNTS}×${ROLES} roles`,
          medianMs: firstMs,
          runs: loads.length,
          ratio: `${(firstMs / 200).toFixed(2)}× goal (goal < 200 ms)`,
          how: `catalog.get answer parsed → first role row + one frame; navigation → painted ${median(loads.map((l) => l.navigationToPaintMs)).toFixed(0)} ms${byMarks}`,
        },
        sizeRow,
      ];
    } finally {
      await browser.close();
      await harness.close();
    }
  },
};
