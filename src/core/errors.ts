// Errors cross every boundary (IPC, CLI) as data with a stable code that the UI and the
// command translate into words. `message` says what happened; `hint` says what to do in words
// that fit every host (the app's popup as well as a terminal). `cliHint`, when set, is the same
// advice as a command line ('Run "latchkey login".'); only the command prints it, so IPC results
// never carry it.

export type ErrorCode =
  | 'NOT_SIGNED_IN' // no token, or it expired and cannot be refreshed: sign in again
  | 'THROTTLED' // AWS answered 429 more often than we could absorb
  | 'NETWORK' // could not reach an endpoint
  | 'AWS_ERROR' // AWS answered with an error we do not handle specially
  | 'ACCESS_DENIED' // this identity has no such account or role, or AWS refused it (exit 1, not bad input)
  | 'BAD_CONFIG_FILE' // a file we must read is malformed; it is never written in that state
  | 'BAD_INPUT' // bad arguments: a role name, a start URL, a region, an IPC argument
  | 'NOT_FOUND' // no such session, account, role or profile
  | 'NOT_OWNED' // a profile exists that Latchkey did not write; we never overwrite it
  | 'CANCELLED' // the person or the caller cancelled
  | 'TIMEOUT' // a sign-in or a lock wait took too long
  | 'SIGN_IN_DENIED' // the person denied the sign-in, or the device code expired
  | 'DISK' // a file could not be written (full disk, permissions); nothing was changed
  | 'UNSUPPORTED'; // AWS allows no such thing (e.g. console from session-token credentials)

export interface LatchkeyErrorOptions {
  hint?: string;
  cliHint?: string;
  cause?: unknown;
}

export class LatchkeyError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  /** The advice as the `latchkey` command would give it; the command prints it instead of `hint`. */
  readonly cliHint: string | undefined;

  constructor(code: ErrorCode, message: string, options: LatchkeyErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'LatchkeyError';
    this.code = code;
    this.hint = options.hint;
    this.cliHint = options.cliHint;
  }
}

export function isLatchkeyError(err: unknown, code?: ErrorCode): err is LatchkeyError {
  return err instanceof LatchkeyError && (code === undefined || err.code === code);
}

export type ErrorResult = { ok: false; code: ErrorCode; message: string; hint?: string };

/** The error as data for IPC: code, message and the host-neutral hint, never `cliHint`. */
export function errorToResult(err: unknown, redact: (s: string) => string = (s) => s): ErrorResult {
  if (err instanceof LatchkeyError) {
    const out: ErrorResult = { ok: false, code: err.code, message: redact(err.message) };
    if (err.hint) out.hint = redact(err.hint);
    return out;
  }
  const message = err instanceof Error ? err.message : String(err);
  return { ok: false, code: 'AWS_ERROR', message: redact(message) };
}
