// `npm run bench`: runs every section of bench/sections.ts and prints the machine, then one table.
// BENCH_RUNS=3 measures each figure three times and reports medians; BENCH_ONLY=word runs only
// the sections whose name contains that word; BENCH_SIZES=100,500 narrows the sync section's
// organisation sizes; BENCH_NODE=/path/to/node spawns the commands with another Node;
// BENCH_CLI=/path/to/bin/latchkey.js measures another build of the command.

import os from 'node:os';
import type { BenchRow } from './report';

// The SDK's notice about future Node versions is noise in a table of figures.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
import { describeMachine } from './machine';
import { sections } from './sections';

function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`;
}

function printTable(rows: BenchRow[]): void {
  const header = ['name', 'median', 'ratio / goal', 'how measured'];
  const cells = rows.map((r) => [r.name, r.display ?? `${formatMs(r.medianMs)} (n=${r.runs})`, r.ratio, r.how]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => c.map((v, i) => v.padEnd(widths[i]!)).join(' | ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
  for (const c of cells) console.log(line(c));
}

async function main(): Promise<void> {
  const runs = Math.max(1, Number(process.env.BENCH_RUNS) || 1);
  const only = process.env.BENCH_ONLY;
  const rows: BenchRow[] = [];
  const machine = describeMachine();
  const started = Date.now();
  for (const section of sections) {
    if (only && !section.name.includes(only)) continue;
    console.error(`bench: ${section.name} (${runs} run${runs > 1 ? 's' : ''})…`);
    rows.push(...(await section.run(runs)));
  }
  console.log('');
  for (const line of machine) console.log(line);
  console.log(
    `Load average at the end: ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}; the bench took ${((Date.now() - started) / 60_000).toFixed(1)} min`,
  );
  console.log('');
  printTable(rows);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
