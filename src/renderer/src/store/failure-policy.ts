import type { IpcFailure, IpcResult } from '../../../shared/errors';

// The failure policy: where a failed call shows, and when "Try again" is offered. Slices
// ask it for a Route and hand the route to `report`; none of them decides on its own.
// - A call that rejects (a broken transport) is NETWORK; an answer of another shape AWS_ERROR.
// - An SSO session's NOT_SIGNED_IN marks that session "sign in again" instead of a banner.
// - A cancel the person chose (a sign-in, an MFA question) shows nothing.
// - "Try again" comes with codes where the same request may work a moment later, and with a
//   failure right after an MFA code was asked for (a fresh code may work).

/**
 * A failure to show. `mfa`: it came right after an MFA code was asked for (a wrong code, an
 * unknown device). `session`: the SSO session it is about, for "Sign in again". `retry`: runs
 * the same request again, for "Try again".
 */
export type Failure = (Pick<IpcFailure, 'code' | 'message' | 'hint'> | { code: string; message: string; hint?: string }) & {
  mfa?: boolean;
  session?: string;
  retry?: () => void;
};

/**
 * Where a failure goes: nowhere; the session's "sign in again" notice (and `failure` into an
 * open sheet, which has no other way to say it); or a notice (the banner, or the open sheet).
 */
export type Route = { to: 'nowhere' } | { to: 'sign-in'; session: string; failure?: Failure } | { to: 'notice'; failure: Failure };

export const NOWHERE: Route = { to: 'nowhere' };

export function notice(failure: Failure): Route {
  return { to: 'notice', failure };
}

/** Codes the list's empty state explains as "can't reach AWS". */
export const UNREACHABLE = new Set(['NETWORK', 'THROTTLED', 'TIMEOUT']);

/** Codes where the same request may well work a moment later: the failure offers "Try again". */
const RETRYABLE = new Set([...UNREACHABLE, 'AWS_ERROR', 'SIGN_IN_DENIED']);

/** A failure with its "Try again", when trying again can help (a wrong MFA code: a new code). */
export function withRetry<F extends Failure>(failure: F, retry: () => unknown): F {
  return failure.mfa || RETRYABLE.has(failure.code) ? { ...failure, retry: () => void retry() } : failure;
}

/** A call that may also reject (a broken transport) becomes one IpcResult. */
export async function settle<T>(promise: Promise<IpcResult<T>>): Promise<IpcResult<T>> {
  try {
    const result = await promise;
    if (result && typeof result === 'object' && 'ok' in result) return result;
    return { ok: false, code: 'AWS_ERROR', message: 'Unexpected answer from the background process.' };
  } catch (err) {
    return { ok: false, code: 'NETWORK', message: err instanceof Error ? err.message : String(err) };
  }
}

/** Loading a session's catalog. `listShown`: some catalog is on screen already. */
export function catalogFailure(r: IpcFailure, session: string, retry: () => unknown, listShown: boolean): Route {
  if (r.code === 'NOT_SIGNED_IN') return { to: 'sign-in', session };
  if (r.code === 'CANCELLED') return NOWHERE;
  // With no list at all, the empty state already says "offline, try again"; no second banner.
  if (UNREACHABLE.has(r.code) && !listShown) return NOWHERE;
  return notice(withRetry({ ...r, session }, retry));
}

/** A sign-in that did not finish. */
export function signInFailure(r: IpcFailure, session: string, retry: () => unknown): Route {
  return r.code === 'CANCELLED' ? NOWHERE : notice(withRetry({ ...r, session }, retry));
}

/**
 * An action on a row: an Identity Center role (`session` is its SSO session) or a config
 * profile (`session` undefined).
 */
export function entryFailure(r: IpcFailure & { mfa?: boolean }, session: string | undefined, retry: () => unknown): Route {
  if (r.code === 'NOT_SIGNED_IN' && session !== undefined) return { to: 'sign-in', session, failure: { ...r, session } };
  // A cancelled MFA dialog is the person's own choice: nothing to report.
  if (r.code === 'CANCELLED' && session === undefined) return NOWHERE;
  return notice(withRetry(session !== undefined ? { ...r, session } : r, retry));
}

/** A failure pushed from background work (a sync, a refresh). */
export function backgroundFailure(e: Failure, retry: () => unknown): Route {
  return notice(withRetry(e, retry));
}

/** Refreshing an active profile's credentials; `session` is the profile's SSO session, if known. */
export function refreshFailure(r: IpcFailure, session: string | undefined, retry: () => unknown): Route {
  return notice(withRetry({ ...r, ...(session ? { session } : {}) }, retry));
}

/** Cancelling an MFA question main has already dropped (timed out) is no failure. */
export function mfaCancelFailure(r: IpcFailure): Route {
  return r.code === 'NOT_FOUND' ? NOWHERE : notice(r);
}

/** A failure right after an MFA code was asked for is about that code or device (not a cancel). */
export function afterMfa<R extends IpcResult<unknown>>(r: R, askedDuringCall: boolean): R & { mfa?: boolean } {
  return !r.ok && askedDuringCall && r.code !== 'CANCELLED' ? { ...r, mfa: true } : r;
}

export interface Sinks {
  /** The banner. */
  fail(failure: Failure): void;
  needsSignIn(session: string): void;
}

/** Sends a route where it says; `sheet` takes notices instead of the banner when given. */
export function deliver(route: Route, sinks: Sinks, sheet?: (failure: Failure) => void): void {
  if (route.to === 'sign-in') {
    sinks.needsSignIn(route.session);
    if (sheet && route.failure) sheet(route.failure);
  } else if (route.to === 'notice') (sheet ?? sinks.fail)(route.failure);
}

export type Report = (route: Route, sheet?: (failure: Failure) => void) => void;

/** The value of a call, or undefined once its failure is reported (the banner). */
export function valueOr<T>(r: IpcResult<T>, report: Report): T | undefined {
  if (r.ok) return r.value;
  report(notice(r));
  return undefined;
}
