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

// Two commands that run often are answered by small bundles of their own: credential-process
// with good cached credentials (SDKs run it before every client they build) and status (shell
// prompts run it before every prompt). Everything else, and anything they cannot answer, runs
// the full command.
const SMALL_ENTRIES = new Map([
  ['credential-process', '../out/cli/cached-credential-process.cjs'],
  ['status', '../out/cli/fast-status.cjs'],
]);

const smallEntry = SMALL_ENTRIES.get(process.argv[2]);
let small;
if (smallEntry) {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a small CommonJS bundle
    small = require(smallEntry);
  } catch {
    small = undefined;
  }
}
if (small) small.answerOrRunCommand(process.argv.slice(2), process.env, runCommand);
else runCommand();
