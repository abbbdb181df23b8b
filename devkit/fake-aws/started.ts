import type { FakeAws, FakeAwsOptions } from './types';

// The emulator announces each instance here so that the secret sweep (secret-sweep.ts) can
// search for every secret it issued. Outside a sweep nothing listens and nothing is kept, so
// the benchmarks' memory figures are not skewed by closed emulators held alive.

type Listener = (fake: FakeAws, options: FakeAwsOptions) => void;
let listener: Listener | undefined;

export function onFakeAwsStarted(next: Listener | undefined): void {
  listener = next;
}

export function fakeAwsStarted(fake: FakeAws, options: FakeAwsOptions): void {
  listener?.(fake, options);
}
