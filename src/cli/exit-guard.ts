// Node ends a process once nothing keeps its event loop busy, with exit code 0 — even when the
// command's promise is still waiting on something that can no longer happen (a timer that was
// unref'd, a promise nobody will settle). Scripts and SDKs would read that as success. This
// guard turns it into a failure that says so.

export const STOPPED_EARLY = 'latchkey: internal error: the command stopped before it finished';

/** What the guard needs of `process` (tests pass an EventEmitter). */
interface ExitingProcess {
  once(event: 'beforeExit', listener: () => void): unknown;
  off(event: 'beforeExit', listener: () => void): unknown;
  exitCode?: number | string | null | undefined;
}

/**
 * Sets the exit code from the command's result. If the event loop empties while the command is
 * still pending ('beforeExit' with the promise unsettled), it can never finish: print one line
 * and exit 1. The command reports its own errors; a rejection that gets here still exits 1.
 */
export function exitWhenSettled(command: Promise<number>, stderr: (text: string) => void, proc: ExitingProcess = process): void {
  let settled = false;
  const onBeforeExit = () => {
    if (settled) return;
    stderr(STOPPED_EARLY + '\n');
    proc.exitCode = 1;
  };
  proc.once('beforeExit', onBeforeExit);
  const done = (code: number) => {
    settled = true;
    proc.off('beforeExit', onBeforeExit);
    proc.exitCode = code;
  };
  command.then(done, () => done(1));
}
