// Bundles the `latchkey` command. ESM with code splitting so that each command loads only
// what it needs: `credential-process` with cached credentials never loads the AWS SDK.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

await build({
  entryPoints: { latchkey: 'src/cli/main.ts' },
  outdir: 'out/cli',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  outExtension: { '.js': '.mjs' },
  chunkNames: 'chunks/[name]-[hash]',
  sourcemap: true,
  logLevel: 'warning',
  define: { __LATCHKEY_VERSION__: JSON.stringify(version) },
});
