import { LatchkeyError } from '../../src/core/errors';

/** The LatchkeyError (or subclass) a promise rejects with; fails the test if it resolves or
 * rejects with anything else. */
export async function latchkeyErrorOf<E extends LatchkeyError = LatchkeyError>(
  promise: Promise<unknown>,
  type: abstract new (...args: never[]) => E = LatchkeyError as unknown as abstract new (...args: never[]) => E,
): Promise<E> {
  let outcome: unknown;
  try {
    await promise;
  } catch (err) {
    outcome = err;
    if (err instanceof type) return err;
  }
  throw new Error(`expected a rejection with ${type.name}, got ${outcome === undefined ? 'a resolved promise' : String(outcome)}`);
}

/** The LatchkeyError `fn` throws; fails the test if it returns or throws anything else. */
export function latchkeyErrorThrownBy(fn: () => unknown): LatchkeyError {
  try {
    fn();
  } catch (err) {
    if (err instanceof LatchkeyError) return err;
    throw err;
  }
  throw new Error('expected a LatchkeyError');
}

/** Whether `text` holds any `min`-character stretch of `secret`: what a secret cut in half
 * before it was masked leaves behind. */
export function holdsPartOf(text: string, secret: string, min = 8): boolean {
  for (let i = 0; i + min <= secret.length; i++) if (text.includes(secret.slice(i, i + min))) return true;
  return false;
}
