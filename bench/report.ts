// The shapes every bench section shares.

export interface BenchRow {
  name: string;
  /** Median over the runs, in milliseconds. */
  medianMs: number;
  /** Shown instead of the time for a figure that is not one (a size); medianMs is then ignored. */
  display?: string;
  runs: number;
  /** The figure compared with its goal, e.g. "1.04× allowed (goal ≤ 1.2×)". */
  ratio: string;
  /** How it was measured, in a few words. */
  how: string;
}

export interface BenchSection {
  name: string;
  /** `runs` = how many times to measure each figure (BENCH_RUNS, default 1). */
  run(runs: number): Promise<BenchRow[]>;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
