import type { ServerResponse } from 'node:http';
import type { FaultKind, FaultTarget, RandomFaults } from './types';
import { seededRandom } from './random';
import { sleep } from './http-util';

// The seeded mixed-fault mode: a fraction of calls to the portal and/or the OIDC token endpoint
// fail the way a bad network or a struggling AWS does — 500, 429, a dropped connection, a slow
// answer or a 200 with a truncated JSON body. One seed gives the same sequence every run.

export const ALL_FAULT_KINDS: FaultKind[] = [500, 429, 'drop', 'slow', 'malformed'];
const DEFAULT_SLOW_MS = 300;

export class RandomFaultPicker {
  private random: () => number;
  private faults: Required<RandomFaults> | undefined;

  constructor(seed: number) {
    // Its own stream, so `portalFailureRate`'s sequence does not change when this is on.
    this.random = seededRandom(seed ^ 0x5eed_fa17);
  }

  configure(faults: RandomFaults | undefined): void {
    if (faults && (!(faults.rate >= 0 && faults.rate <= 1) || (faults.kinds && faults.kinds.some((k) => !ALL_FAULT_KINDS.includes(k))))) {
      throw new Error(`fake-aws: randomFaults needs a rate in 0..1 and kinds among ${ALL_FAULT_KINDS.join(', ')}`);
    }
    this.faults = faults && {
      rate: faults.rate,
      kinds: faults.kinds?.length ? faults.kinds : ALL_FAULT_KINDS,
      targets: faults.targets?.length ? faults.targets : ['portal', 'token'],
      slowMs: faults.slowMs ?? DEFAULT_SLOW_MS,
      seed: faults.seed ?? 0,
    };
    if (faults?.seed !== undefined) this.random = seededRandom(faults.seed ^ 0x5eed_fa17);
  }

  get current(): Required<RandomFaults> | undefined {
    return this.faults;
  }

  /** The fault for this call to `target`, or undefined when it should be answered normally. */
  pick(target: FaultTarget): FaultKind | undefined {
    const f = this.faults;
    if (!f || f.rate <= 0 || !f.targets.includes(target)) return undefined;
    if (this.random() >= f.rate) return undefined;
    return f.kinds[Math.floor(this.random() * f.kinds.length)]!;
  }
}

/** Sends a garbled 200: the head of a JSON document, cut off mid-value (no secret in it). */
export function sendTruncatedJson(res: ServerResponse, head: string): void {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(head);
}

/** Closes the connection without an answer (the client sees ECONNRESET / socket hang up). */
export function dropConnection(res: ServerResponse): void {
  res.socket?.destroy();
}

export function slowDown(faults: Required<RandomFaults> | undefined): Promise<void> {
  return sleep(faults?.slowMs ?? DEFAULT_SLOW_MS);
}
