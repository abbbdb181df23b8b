// Error codes as they cross the IPC boundary. The list mirrors core's ErrorCode (the shared
// layer may not import core); a type test in main keeps the two identical.

export const ERROR_CODES = [
  'NOT_SIGNED_IN',
  'THROTTLED',
  'NETWORK',
  'AWS_ERROR',
  'ACCESS_DENIED',
  'BAD_CONFIG_FILE',
  'BAD_INPUT',
  'NOT_FOUND',
  'NOT_OWNED',
  'CANCELLED',
  'TIMEOUT',
  'SIGN_IN_DENIED',
  'DISK',
  'UNSUPPORTED',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export type IpcFailure = { ok: false; code: ErrorCode; message: string; hint?: string };
export type IpcResult<T> = { ok: true; value: T } | IpcFailure;
