import { describe, expect, it } from 'vitest';
import type { IpcFailure } from '../../src/shared/errors';
import {
  afterMfa,
  catalogFailure,
  deliver,
  entryFailure,
  mfaCancelFailure,
  settle,
  signInFailure,
  type Failure,
  type Route,
} from '../../src/renderer/src/store/failure-policy';

// Where a failure shows in the popup, and when it offers "Try again": the rules every slice
// of the renderer's store goes through (the end-to-end tests meet them on screen).

const failure = (code: IpcFailure['code'], message = 'what the core said'): IpcFailure => ({ ok: false, code, message });

/** What a person would see for a route: the banner, the sheet, sessions asking to sign in again. */
function shown(route: Route, withSheet = false) {
  const seen: { banner?: Failure; sheet?: Failure; signIn: string[] } = { signIn: [] };
  deliver(route, { fail: (f) => (seen.banner = f), needsSignIn: (s) => seen.signIn.push(s) }, withSheet ? (f) => (seen.sheet = f) : undefined);
  return seen;
}

describe('the failure policy', () => {
  it('a session whose sign-in ended asks to sign in again instead of showing a banner', () => {
    const fromCatalog = shown(catalogFailure(failure('NOT_SIGNED_IN'), 'work', () => {}, true));
    expect(fromCatalog).toEqual({ signIn: ['work'] });
    const fromRow = shown(entryFailure(failure('NOT_SIGNED_IN'), 'work', () => {}));
    expect(fromRow).toEqual({ signIn: ['work'] });
    // An open sheet has no other way to say it: it shows the failure, with the session to sign in to.
    const inSheet = shown(
      entryFailure(failure('NOT_SIGNED_IN'), 'work', () => {}),
      true,
    );
    expect(inSheet.signIn).toEqual(['work']);
    expect(inSheet.sheet).toMatchObject({ code: 'NOT_SIGNED_IN', session: 'work' });
    expect(inSheet.sheet?.retry).toBeUndefined();
    expect(inSheet.banner).toBeUndefined();
  });

  it('AWS out of reach: no banner while the empty list already says so; a banner with "Try again" over a list', () => {
    let tries = 0;
    expect(shown(catalogFailure(failure('NETWORK'), 'work', () => tries++, false))).toEqual({ signIn: [] });
    const banner = shown(catalogFailure(failure('THROTTLED'), 'work', () => tries++, true)).banner;
    expect(banner).toMatchObject({ code: 'THROTTLED', session: 'work' });
    banner!.retry!();
    expect(tries).toBe(1);
  });

  it('offers "Try again" only where the same request can work a moment later', () => {
    expect(shown(signInFailure(failure('SIGN_IN_DENIED'), 'work', () => {})).banner?.retry).toBeTypeOf('function');
    expect(shown(catalogFailure(failure('AWS_ERROR'), 'work', () => {}, true)).banner?.retry).toBeTypeOf('function');
    expect(shown(catalogFailure(failure('BAD_CONFIG_FILE'), 'work', () => {}, true)).banner?.retry).toBeUndefined();
    expect(shown(entryFailure(failure('ACCESS_DENIED'), undefined, () => {})).banner?.retry).toBeUndefined();
  });

  it('a cancel the person chose shows nothing', () => {
    expect(shown(signInFailure(failure('CANCELLED'), 'work', () => {}))).toEqual({ signIn: [] });
    expect(shown(catalogFailure(failure('CANCELLED'), 'work', () => {}, true))).toEqual({ signIn: [] });
    // The MFA dialog of a config profile, cancelled:
    expect(shown(entryFailure(failure('CANCELLED'), undefined, () => {}))).toEqual({ signIn: [] });
    // An MFA question main already dropped (it timed out):
    expect(shown(mfaCancelFailure(failure('NOT_FOUND')))).toEqual({ signIn: [] });
  });

  it('a failure right after an MFA code was asked for is about the code, and a fresh code may work', () => {
    const wrongCode = afterMfa(failure('ACCESS_DENIED'), true);
    expect(wrongCode.mfa).toBe(true);
    expect(shown(entryFailure(wrongCode, undefined, () => {})).banner).toMatchObject({ code: 'ACCESS_DENIED', mfa: true, retry: expect.any(Function) });
    // Without a question in between, or for a cancel, it is what it says.
    expect(afterMfa(failure('ACCESS_DENIED'), false).mfa).toBeUndefined();
    expect(afterMfa(failure('CANCELLED'), true).mfa).toBeUndefined();
  });

  it('a broken transport is a NETWORK failure, an answer of another shape an AWS_ERROR', async () => {
    expect(await settle(Promise.reject(new Error('socket hang up')))).toEqual({ ok: false, code: 'NETWORK', message: 'socket hang up' });
    expect(await settle(Promise.resolve('<html>' as never))).toMatchObject({ ok: false, code: 'AWS_ERROR' });
    expect(await settle(Promise.resolve({ ok: true, value: 1 }))).toEqual({ ok: true, value: 1 });
  });
});
