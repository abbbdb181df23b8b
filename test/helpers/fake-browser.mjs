#!/usr/bin/env node
// A stand-in browser for tests: BROWSER="node test/helpers/fake-browser.mjs". It opens the URL
// the way a person's browser would against the emulator with autoApprove: it follows the
// redirects, which lead back to Latchkey's loopback callback.
const url = process.argv[2];
if (!url) process.exit(2);
try {
  const res = await fetch(url, { redirect: 'follow' });
  await res.text();
} catch (err) {
  process.stderr.write(`fake-browser: ${err.message}\n`);
  process.exit(1);
}
