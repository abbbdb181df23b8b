#!/usr/bin/env node
'use strict';
// The command is bundled to out/cli by `npm run build` (scripts/build-cli.mjs).
try {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS entry loading the CommonJS bundle
  require('../out/cli/latchkey.cjs');
} catch (err) {
  // Only the bundle itself missing means "not built"; a module the bundle needs is another error.
  if (err && err.code === 'MODULE_NOT_FOUND' && /latchkey\.cjs['"]/.test(String(err.message).split('\n')[0])) {
    process.stderr.write('latchkey: the command is not built yet; run `npm run build` first.\n');
  } else {
    process.stderr.write(`latchkey: ${err && err.message ? err.message : err}\n`);
  }
  process.exitCode = 1;
}
