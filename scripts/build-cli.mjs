// Bundles the `latchkey` command into one CommonJS file. `credential-process` with cached
// credentials is the hot path (SDKs call it before every client they build), so start-up
// matters: CommonJS skips Node's ESM loader and its per-module resolution, and every module of
// the bundle is initialised only when first used (esbuild's lazy wrappers for dynamic imports),
// so that path still never loads the AWS SDK. Measured by `npm run bench`.
import { build } from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';

const { version, dependencies } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
// The package's dependencies load from node_modules at run time (dynamic imports stay
// import()s); anything else the command imports (a devDependency) is bundled into it.
const external = Object.keys(dependencies).flatMap((name) => [name, `${name}/*`]);

await build({
  entryPoints: ['src/cli/main.ts'],
  outfile: 'out/cli/latchkey.cjs',
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  external,
  sourcemap: true,
  logLevel: 'warning',
  define: { __LATCHKEY_VERSION__: JSON.stringify(version) },
});

// `credential-process` with cached credentials answers from this small bundle (bin/latchkey.js
// tries it first), so SDKs do not pay for loading the whole command on every client they build.
await build({
  entryPoints: ['src/cli/cached-credential-process.ts'],
  outfile: 'out/cli/cached-credential-process.cjs',
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  external,
  // Less to parse on every call.
  minify: true,
  logLevel: 'warning',
});

// What the earlier ESM build (code-split chunks) left behind: nothing loads it any more, and
// electron-builder packs out/**. Removed only after the new bundle is written, so a command
// started meanwhile never finds out/cli empty.
rmSync('out/cli/chunks', { recursive: true, force: true });
for (const f of ['out/cli/latchkey.mjs', 'out/cli/latchkey.mjs.map']) rmSync(f, { force: true });
