import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// The popup loads out/renderer/index.html from file://, where no response header exists: the
// <meta> Content-Security-Policy in the BUILT page is the policy that applies. It must be strict,
// and the page must not need anything it forbids (an inline script would simply not run).

const ROOT = path.resolve(__dirname, '../..');
const BUILT = path.join(ROOT, 'out/renderer/index.html');

function metaCsp(html: string): Map<string, string[]> {
  const metas = [...html.matchAll(/<meta\b[^>]*http-equiv=["']Content-Security-Policy["'][^>]*>/gi)];
  expect(metas, 'exactly one CSP meta tag').toHaveLength(1);
  // The value is in double quotes (it holds single-quoted keywords like 'self').
  const content = /content="([^"]*)"/i.exec(metas[0]![0])?.[1] ?? '';
  const directives = new Map<string, string[]>();
  for (const part of content.split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) directives.set(name.toLowerCase(), values);
  }
  return directives;
}

describe('the built renderer page (out/renderer/index.html)', () => {
  const html = fs.existsSync(BUILT) ? fs.readFileSync(BUILT, 'utf8') : undefined;

  it('exists (npm run build makes it; npm test builds before it tests)', () => {
    expect(html, `${BUILT} is missing: run npm run build`).toBeDefined();
  });

  it('carries a strict CSP: scripts only from the app, no inline or eval, no plugins, no base or form targets', () => {
    const csp = metaCsp(html ?? '');
    expect(csp.get('default-src')).toEqual(["'self'"]);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
    expect(csp.get('form-action')).toEqual(["'none'"]);
    const all = [...csp.values()].flat();
    for (const bad of ["'unsafe-inline'", "'unsafe-eval'", "'wasm-unsafe-eval'", "'unsafe-hashes'", '*', 'http:', 'https:', 'blob:', 'file:'])
      expect(all, bad).not.toContain(bad);
    // Nothing may be fetched from or sent to anywhere but the app itself.
    expect(csp.get('connect-src')).toEqual(["'self'"]);
    expect(csp.get('style-src')).toEqual(["'self'"]);
  });

  it('needs nothing the policy forbids: no inline script, styles or handlers, every script from the bundle', () => {
    const page = html ?? '';
    const scripts = [...page.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attrs, body] of scripts) {
      expect(body!.trim(), 'inline script').toBe('');
      expect(attrs).toMatch(/\bsrc=["']\.\/assets\/[\w.-]+\.js["']/);
    }
    expect(page).not.toMatch(/<style\b/i);
    expect(page).not.toMatch(/\son[a-z]+=/i);
    for (const [, file] of page.matchAll(/\b(?:src|href)=["']\.\/(assets\/[^"']+)["']/g))
      expect(fs.existsSync(path.join(ROOT, 'out/renderer', file!)), file).toBe(true);
  });
});
