#!/usr/bin/env node
'use strict';
// The command is bundled to out/cli by `npm run build` (scripts/build-cli.mjs).

function runCommand() {
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
}

// credential-process with good cached credentials is answered by a small bundle of its own;
// everything else (and anything it cannot answer) runs the full command.
if (process.argv[2] === 'credential-process') {
  let cached;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the small CommonJS bundle
    cached = require('../out/cli/cached-credential-process.cjs');
  } catch {
    cached = undefined;
  }
  if (cached) {
    cached.answerOrRunCommand(process.argv.slice(2), process.env, runCommand);
  } else runCommand();
} else runCommand();
