import type { LatchkeyApi } from '../../shared/api';

// The preload (or the web harness) exposes the contract as window.latchkey. It may be missing
// when the page is opened outside the app; the UI then says so instead of failing blank.

declare global {
  interface Window {
    latchkey?: LatchkeyApi;
  }
}

export type { LatchkeyApi };

export function getBridge(): LatchkeyApi | undefined {
  return typeof window !== 'undefined' ? window.latchkey : undefined;
}
