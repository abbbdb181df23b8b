import type { TFunction } from 'i18next';
import { ERROR_CODES, type IpcFailure } from '../../../shared/errors';

// Failures arrive as stable codes; the words (what happened, what to do) come from
// shared/i18n/error-words.ts, merged into i18next under `errors.<CODE>` (see ./index.ts), so
// the popup and main's notifications say the same thing. The core's message stays as detail.

export interface ErrorText {
  code: string;
  title: string;
  action: string;
  detail?: string;
}

const KNOWN = new Set<string>(ERROR_CODES);

export function errorText(t: TFunction, failure: Pick<IpcFailure, 'message' | 'hint'> & { code: string; mfa?: boolean | undefined }): ErrorText {
  // Right after an MFA code was asked for, the code or the device is what to check.
  const key = failure.mfa ? 'mfa' : KNOWN.has(failure.code) ? failure.code : 'UNKNOWN';
  const out: ErrorText = { code: failure.code, title: t(`errors.${key}.title`), action: t(`errors.${key}.action`) };
  const detail = [failure.message, failure.hint].filter((s) => s && s.trim() !== '').join(' ');
  if (detail) out.detail = detail;
  return out;
}
