/** Polls `probe` (real time, every 20 ms) until it gives a truthy value, which it returns;
 * fails after `timeoutMs` naming `what` it waited for. */
export async function waitFor<T>(probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 10_000, what = 'a condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Moves a manual clock on a minute at a time, giving timers that wake at each step (the app's
 * refresh loop) a moment of real time to run. */
export async function advanceByMinutes(clock: { advance(ms: number): unknown }, ms: number): Promise<void> {
  for (let moved = 0; moved < ms; moved += 60_000) {
    await clock.advance(Math.min(60_000, ms - moved));
    await new Promise((r) => setTimeout(r, 100));
  }
}
