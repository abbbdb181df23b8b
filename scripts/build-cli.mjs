// Bundles the `latchkey` command into one CommonJS file. `credential-process` with cached
// credentials is the hot path (SDKs call it before every client they build), so start-up
// matters: CommonJS skips Node's ESM loader and its per-module resolution, and every module of
// the bundle is initialised only when first used (esbuild's lazy wrappers for dynamic imports),
// so that path still never loads the AWS SDK. Measured by `npm run bench`.
//
// The heavy packages (zod and the AWS SDK clients, with @smithy) are bundled into out/cli/vendor
// rather than installed: as packages they are thousands of small files, over 25 MB on disk once
// installed; bundled and minified they are a few files of a few MB. The command requires a vendor
// file exactly where its source imports the package, inside the same lazy wrappers, so start-up
// is unchanged: the cached `credential-process` path still loads none of them.
import { build } from 'esbuild';
import { readdirSync, readFileSync, rmSync } from 'node:fs';

const { version, dependencies } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
// The package's dependencies load from node_modules at run time (dynamic imports stay
// import()s); anything else the command imports (a devDependency) is bundled into it.
const external = Object.keys(dependencies).flatMap((name) => [name, `${name}/*`]);

/** Each heavy package → the vendor bundle that holds it (relative to out/cli) and the name it is
 * exported under there. The SDK clients share most of their code (@smithy, @aws-sdk/core): one
 * bundle of all three is 0.5 MB where three of their own are 1.2 MB, and `credential-process`
 * with expired credentials (which needs two of them) starts faster from it. Each client keeps its
 * own name there, since some of their exports clash (ExpiredTokenException, …). */
const VENDOR = {
  zod: { file: './vendor/zod.cjs', as: 'zod' },
  '@aws-sdk/client-sso': { file: './vendor/aws-sdk.cjs', as: 'sso' },
  '@aws-sdk/client-sso-oidc': { file: './vendor/aws-sdk.cjs', as: 'ssoOidc' },
  '@aws-sdk/client-sts': { file: './vendor/aws-sdk.cjs', as: 'sts' },
};

const common = { bundle: true, format: 'cjs', platform: 'node', target: 'node20', external, logLevel: 'warning' };

/** An import of a vendored package becomes a one-line module requiring its vendor file, which
 * stays out of the bundle; esbuild initialises that module lazily like any other, so the vendor
 * file loads only when the code importing the package first runs. */
const useVendorBundles = {
  name: 'vendor-bundles',
  setup(b) {
    const names = Object.keys(VENDOR).map((n) => n.replace(/[/.-]/g, '\\$&'));
    b.onResolve({ filter: new RegExp(`^(${names.join('|')})$`) }, (args) => ({ path: args.path, namespace: 'vendor' }));
    b.onResolve({ filter: /^\.\/vendor\//, namespace: 'vendor' }, (args) => ({ path: args.path, external: true }));
    b.onLoad({ filter: /.*/, namespace: 'vendor' }, (args) => {
      const { file, as } = VENDOR[args.path];
      return { contents: `module.exports = require(${JSON.stringify(file)}).${as};`, loader: 'js' };
    });
  },
};

// One bundle per vendor file, exporting each package it holds under that package's name.
const vendorFiles = new Map();
for (const [name, { file, as }] of Object.entries(VENDOR)) vendorFiles.set(file, [...(vendorFiles.get(file) ?? []), `export * as ${as} from '${name}';`]);
for (const [file, exports] of vendorFiles) {
  await build({
    ...common,
    stdin: { contents: exports.join('\n'), resolveDir: process.cwd(), loader: 'js', sourcefile: file },
    outfile: `out/cli/${file}`,
    minify: true,
    legalComments: 'none',
  });
}

await build({
  ...common,
  entryPoints: ['src/cli/main.ts'],
  outfile: 'out/cli/latchkey.cjs',
  plugins: [useVendorBundles],
  sourcemap: true,
  define: { __LATCHKEY_VERSION__: JSON.stringify(version) },
});

// `credential-process` with cached credentials answers from this small bundle (bin/latchkey.js
// tries it first), so SDKs do not pay for loading the whole command on every client they build.
await build({
  ...common,
  entryPoints: ['src/cli/cached-credential-process.ts'],
  outfile: 'out/cli/cached-credential-process.cjs',
  plugins: [useVendorBundles],
  // Less to parse on every call.
  minify: true,
});

// `status` (and `status --json`) answers from this one (bin/latchkey.js tries it first): shell
// prompts run it before every prompt. Its own bundle rather than a part of the one above, so
// neither hot path parses the other's code.
await build({
  ...common,
  entryPoints: ['src/cli/fast-status.ts'],
  outfile: 'out/cli/fast-status.cjs',
  plugins: [useVendorBundles],
  minify: true,
});

// What the earlier ESM build (code-split chunks) left behind: nothing loads it any more, and
// electron-builder packs out/**. Removed only after the new bundle is written, so a command
// started meanwhile never finds out/cli empty.
rmSync('out/cli/chunks', { recursive: true, force: true });
for (const f of ['out/cli/latchkey.mjs', 'out/cli/latchkey.mjs.map']) rmSync(f, { force: true });
// Vendor files no longer built (npm pack ships every out/cli/vendor/*.cjs).
const vendorNames = new Set([...vendorFiles.keys()].map((f) => f.replace('./vendor/', '')));
for (const f of readdirSync('out/cli/vendor')) if (!vendorNames.has(f)) rmSync(`out/cli/vendor/${f}`, { force: true });
