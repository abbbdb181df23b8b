// The benchmark's sections. Each returns table rows; bench/index.ts runs them in order and
// prints one table. To add figures, write a module exporting a BenchSection and append it.

import type { BenchSection } from './report';
import { credentialProcessSection } from './credential-process';
import { syncSection } from './sync';
import { uiSection } from './ui';

export type { BenchRow, BenchSection } from './report';

export const sections: BenchSection[] = [
  credentialProcessSection,
  syncSection,
  uiSection,
  // ▶ add sections here
];
