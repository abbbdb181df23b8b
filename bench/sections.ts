// The benchmark's sections. Each returns table rows; bench/index.ts runs them in order and
// prints one table. To add figures, write a module exporting a BenchSection and append it.

import type { BenchSection } from './report';
import { credentialProcessSection } from './credential-process';
import { firstCredentialsSection } from './first-credentials';
import { parallelCredentialsSection } from './parallel-credentials';
import { syncSection } from './sync';
import { uiSection } from './ui';
import { useSection } from './use';
import { memorySection } from './memory';
import { popupSearchSection } from './popup-search';
import { perShellSection } from './per-shell';
import { consoleClickSection } from './console-click';

export type { BenchRow, BenchSection } from './report';

export const sections: BenchSection[] = [
  syncSection,
  credentialProcessSection,
  firstCredentialsSection,
  parallelCredentialsSection,
  useSection,
  memorySection,
  uiSection,
  popupSearchSection,
  perShellSection,
  consoleClickSection,
  // ▶ add sections here
];
