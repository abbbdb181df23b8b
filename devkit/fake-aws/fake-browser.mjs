#!/usr/bin/env node
// A browser stand-in for sign-in tests. Set BROWSER to this file (it is executable) and the
// command under test "opens" URLs here: it loads the page, clicks Approve (or Deny), and
// follows the redirects back to the app's loopback callback — all without a DOM.
//   FAKE_BROWSER_DECISION=approve|deny|none|follow   (default approve; none = only record the
//     URL; follow = follow its redirects while they stay on this machine, recording each one)
//   FAKE_BROWSER_LOG=/path/file               (each opened URL is appended on its own line)
//   FAKE_BROWSER_ARGV_LOG=/path/file          (the arguments it was started with, one JSON line)
// In-process tests import { browse } instead (typed in fake-browser.d.mts).
import { appendFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const FORM = /<form\b[^>]*\baction="([^"]*)"[^>]*\bdata-decision="(approve|deny)"[^>]*>([\s\S]*?)<\/form>/g;
const HIDDEN = /<input type="hidden" name="([^"]*)" value="([^"]*)">/g;

function unescapeHtml(text) {
  return text.replace(/&#(\d+);/g, (_m, code) => String.fromCharCode(Number(code))).replace(/&amp;/g, '&');
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Follows redirects from `url` while they stay on loopback hosts; returns every URL reached. */
export async function followLocal(url) {
  const reached = [url];
  let current = new URL(url);
  for (let hop = 0; hop < 10 && LOOPBACK.has(current.hostname); hop++) {
    const response = await fetch(current, { redirect: 'manual' });
    await response.arrayBuffer();
    const location = response.headers.get('location');
    if (response.status < 300 || response.status >= 400 || !location) break;
    current = new URL(location, current);
    reached.push(current.toString());
  }
  return reached;
}

/** Visits `url` like a person would and returns the last response (status, url, body). */
export async function browse(url, decision = 'approve') {
  let current = new URL(url);
  let request = { method: 'GET' };
  let submitted = false;
  for (let hop = 0; hop < 10; hop++) {
    const response = await fetch(current, { ...request, redirect: 'manual' });
    const body = await response.text();
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      current = new URL(location, current);
      request = { method: 'GET' };
      continue;
    }
    if (!submitted && decision !== 'none') {
      for (const [, action, kind, inner] of body.matchAll(FORM)) {
        if (kind !== decision) continue;
        const fields = new URLSearchParams();
        for (const [, name, value] of inner.matchAll(HIDDEN)) fields.set(unescapeHtml(name), unescapeHtml(value));
        current = new URL(unescapeHtml(action), current);
        request = { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: fields.toString() };
        submitted = true;
        break;
      }
      if (submitted) continue;
    }
    return { status: response.status, url: current.toString(), body, submitted };
  }
  throw new Error(`fake-browser: too many redirects from ${url}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  // The URL is the last argument; a browser profile's flags (--user-data-dir=…) come before it.
  const url = process.argv
    .slice(2)
    .filter((a) => !a.startsWith('--'))
    .at(-1);
  if (!url) {
    console.error('usage: fake-browser.mjs URL');
    process.exit(2);
  }
  if (process.env.FAKE_BROWSER_ARGV_LOG) appendFileSync(process.env.FAKE_BROWSER_ARGV_LOG, `${JSON.stringify(process.argv.slice(2))}\n`);
  const decision = process.env.FAKE_BROWSER_DECISION ?? 'approve';
  if (decision === 'follow') {
    followLocal(url).then(
      (reached) => {
        if (process.env.FAKE_BROWSER_LOG) appendFileSync(process.env.FAKE_BROWSER_LOG, reached.map((u) => `${u}\n`).join(''));
      },
      (err) => {
        console.error(`fake-browser: ${err.message}`);
        process.exit(1);
      },
    );
  } else if (process.env.FAKE_BROWSER_LOG) appendFileSync(process.env.FAKE_BROWSER_LOG, `${url}\n`);
  if (decision !== 'none' && decision !== 'follow') {
    browse(url, decision).catch((err) => {
      console.error(`fake-browser: ${err.message}`);
      process.exit(1);
    });
  }
}
