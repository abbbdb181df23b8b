// Runs in a fresh Node (bench/memory.ts bundles it and starts it with --expose-gc): the core as
// the tray app holds it — the core (createLatchkey) — syncs the whole catalog from the emulator that
// runs in the parent, then reports heap and RSS after full collections. Prints one JSON line
// on stdout (sizes only, nothing the emulator issued).

import { createContext } from '../src/core/context';
import { createLatchkey } from '../src/core/sessions/latchkey';
import type { CatalogView } from '../src/core/sessions/catalog-service';

const gc = (globalThis as { gc?: () => void }).gc;

function settled(): NodeJS.MemoryUsage {
  // Twice: the first collection can leave garbage that only becomes unreachable after it.
  gc!();
  gc!();
  return process.memoryUsage();
}

async function main(): Promise<void> {
  if (!gc) throw new Error('run with --expose-gc');
  const manager = createLatchkey(createContext({ env: process.env }));
  const session = await manager.sessions.resolve();
  const status = await manager.sessions.summary(session); // reads the sign-in, as the app does at start
  if (!status.signedIn) throw new Error('the bench HOME is not signed in');
  const before = settled();
  const view: CatalogView = await manager.catalog.sync(session);
  const roles = view.accounts.reduce((n, a) => n + a.roles.length, 0);
  const catalogJsonBytes = Buffer.byteLength(JSON.stringify(view.accounts));
  const holding = settled();
  // The catalog's own size: the heap a second, deep copy of it takes (structuredClone shares
  // nothing with the original, strings included).
  const copy = structuredClone(view.accounts);
  const withCopy = settled();
  const catalogHeapBytes = withCopy.heapUsed - holding.heapUsed;
  if (copy.length !== view.accounts.length) throw new Error('the copy lost accounts');
  const peakRssBytes = process.resourceUsage().maxRSS * 1024;
  process.stdout.write(JSON.stringify({ accounts: view.accounts.length, roles, catalogJsonBytes, catalogHeapBytes, before, holding, peakRssBytes }) + '\n');
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`memory bench child: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
