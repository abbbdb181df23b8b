import { execFileSync } from 'node:child_process';

// CLI tests spawn the built command; build it (esbuild, about a second) so they never run a stale one.
export default function setup(): void {
  execFileSync(process.execPath, ['scripts/build-cli.mjs'], { stdio: 'inherit' });
}
