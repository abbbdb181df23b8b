// The benchmark's sections. Each returns table rows; bench/index.ts runs them in order and
// prints one table. ▶ To add figures (e.g. `credential-process` vs `node -e ""`), write a
// module exporting a BenchSection and append it to `sections` below.

import type { BenchSection } from './report';
import { syncSection } from './sync';

export type { BenchRow, BenchSection } from './report';

export const sections: BenchSection[] = [
  syncSection,
  // ▶ add sections here
];
