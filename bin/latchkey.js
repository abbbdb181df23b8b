#!/usr/bin/env node
'use strict';
// The command is bundled to out/cli by `npm run build`.
import('../out/cli/latchkey.mjs').catch((err) => {
  if (err && err.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes('out/cli')) {
    process.stderr.write('latchkey: the command is not built yet; run `npm run build` first.\n');
  } else {
    process.stderr.write(`latchkey: ${err && err.message ? err.message : err}\n`);
  }
  process.exitCode = 1;
});
