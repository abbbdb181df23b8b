import { describe, expect, it } from 'vitest';
import { errorToResult, LatchkeyError } from '../../src/core/errors';
import { MfaCodeNeeded } from '../../src/core/iam/mfa-code';
import { notSignedIn } from '../../src/core/sso/oidc';
import { toPortalError } from '../../src/core/sso/portal';
import { reportError, type CliIo } from '../../src/cli/io';

// An error's `hint` is shown by every host (the app's popup, the command); `cliHint` is the
// same advice as a command line and only the command prints it.

const COMMAND_ADVICE = /latchkey [a-z]|--[a-z]/;

describe('errorToResult (what crosses IPC)', () => {
  it('carries code, message and the neutral hint, never cliHint', () => {
    const err = new LatchkeyError('NOT_FOUND', 'No account "x".', { hint: 'Refresh the role list.', cliHint: 'Run "latchkey roles --refresh".' });
    expect(errorToResult(err)).toEqual({ ok: false, code: 'NOT_FOUND', message: 'No account "x".', hint: 'Refresh the role list.' });
  });

  it('leaves hint out when the error has only command-line advice', () => {
    const result = errorToResult(new LatchkeyError('NOT_SIGNED_IN', 'Expired. Sign in again.', { cliHint: 'Run "latchkey login".' }));
    expect(result).toEqual({ ok: false, code: 'NOT_SIGNED_IN', message: 'Expired. Sign in again.' });
  });

  it('gives the app no command line for the core errors that have one', () => {
    const errors = [
      new MfaCodeNeeded({ profile: 'alice', serial: 'arn:aws:iam::123456789012:mfa/alice' }),
      notSignedIn('The sign-in has ended.'),
      // The portal wraps a token provider's error: the command advice must survive the wrap.
      toPortalError('ListAccounts', notSignedIn('The sign-in has ended.')),
    ];
    for (const err of errors) {
      expect(err.cliHint).toMatch(COMMAND_ADVICE);
      expect(JSON.stringify(errorToResult(err))).not.toMatch(COMMAND_ADVICE);
    }
    expect(errorToResult(errors[0]).hint).toBe('Enter a code from your MFA device.');
  });
});

describe('reportError (what the command prints)', () => {
  const io = () => {
    const err: string[] = [];
    const cli: CliIo = { stdout: () => undefined, stderr: (t) => err.push(t), env: {}, isTTY: false };
    return { cli, err };
  };

  it('prints the command-line advice when there is some, else the hint, on one line', () => {
    const a = io();
    expect(
      reportError(a.cli, new LatchkeyError('NOT_FOUND', 'No account "x".', { hint: 'Refresh the role list.', cliHint: 'Run "latchkey roles --refresh".' })),
    ).toBe(2);
    expect(a.err.join('')).toBe('latchkey: No account "x". Run "latchkey roles --refresh".\n');
    const b = io();
    expect(reportError(b.cli, new LatchkeyError('NETWORK', 'Could not reach AWS.', { hint: 'Check the VPN.' }))).toBe(1);
    expect(b.err.join('')).toBe('latchkey: Could not reach AWS. Check the VPN.\n');
  });
});
