// Bundles the `latchkey` command. ESM with code splitting so that each command loads only
// what it needs: `credential-process` with cached credentials never loads the AWS SDK.
import { build } from 'esbuild';

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
});
