// How hard the reliability suites push. `npm test` runs the short variants; `npm run soak`
// sets LATCHKEY_SOAK=1 and every suite runs its long variant (more kills, more files, more rounds).

export const SOAK = process.env.LATCHKEY_SOAK === '1';

/** `normal` iterations in `npm test`, `soak` under `npm run soak`. */
export function iterations(normal: number, soak: number): number {
  return SOAK ? soak : normal;
}

/** A per-test timeout that grows with the soak variant. */
export function timeoutFor(normalMs: number, soakMs: number): number {
  return SOAK ? soakMs : normalMs;
}
