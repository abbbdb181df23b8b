import type { z } from 'zod';
import { errorToResult, type ErrorCode as CoreErrorCode } from '../../core/errors';
import { redact, redactAndShorten } from '../../core/redact';
import { invokeChannels, type InvokeChannel } from '../../shared/contract';
import type { ErrorCode as SharedErrorCode, IpcResult } from '../../shared/errors';
import type { Handlers } from '../handlers/types';

// Validate, call, return data: the one path every IPC call (and every web-harness call) takes.
// A malformed request never reaches a handler; a thrown error becomes {ok:false, code, message}
// with every secret masked.

export async function dispatch(handlers: Handlers, channel: string, request: unknown): Promise<IpcResult<unknown>> {
  if (!isChannel(channel)) return { ok: false, code: 'BAD_INPUT', message: `Unknown request "${redactAndShorten(String(channel), 64)}".` };
  const parsed = (invokeChannels[channel].request as z.ZodType).safeParse(request);
  if (!parsed.success) {
    return {
      ok: false,
      code: 'BAD_INPUT',
      message: `Invalid ${channel} request: ${describeIssues(parsed.error)}.`,
      hint: 'This is a bug in the window that sent it; please report it.',
    };
  }
  try {
    const handler = handlers[channel] as (r: unknown) => Promise<unknown>;
    const value = await handler(parsed.data);
    return { ok: true, value: value === undefined ? null : value };
  } catch (err) {
    return errorToResult(err, redact);
  }
}

export function isChannel(channel: unknown): channel is InvokeChannel {
  return typeof channel === 'string' && Object.prototype.hasOwnProperty.call(invokeChannels, channel);
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.length ? i.path.join('.') : 'request'}: ${i.message}`)
    .join('; ');
}

// The shared layer may not import core, so it lists the error codes itself; these two
// assignments fail to compile the moment the lists differ.
const _coreInShared: SharedErrorCode = '' as CoreErrorCode;
const _sharedInCore: CoreErrorCode = '' as SharedErrorCode;
void _coreInShared;
void _sharedInCore;
