import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import type { Logger } from '../../core/log';
import { redactAndShorten } from '../../core/redact';
import { invokeChannels, type InvokeChannel } from '../../shared/contract';
import type { IpcResult } from '../../shared/errors';
import type { Handlers } from '../handlers/types';
import { dispatch } from './dispatch';
import type { InFlight } from './in-flight';

// One ipcMain.handle per contract channel: check who is asking, then the shared dispatch
// (schema validation, the handler, errors as redacted data).

export interface RegisterOptions {
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>;
  handlers: Handlers;
  /** The sender guard (isTrustedSender bound to our windows and renderer URL). */
  isTrusted(event: IpcMainInvokeEvent): boolean;
  logger: Logger;
  inFlight?: InFlight;
}

export const ACCESS_DENIED: IpcResult<never> = {
  ok: false,
  code: 'ACCESS_DENIED',
  message: 'This window may not use Latchkey.',
  hint: 'Only the Latchkey popup can make requests.',
};

/** Registers every channel; returns the function that removes them again. */
export function registerIpcHandlers(options: RegisterOptions): () => void {
  const channels = Object.keys(invokeChannels) as InvokeChannel[];
  for (const channel of channels) {
    options.ipcMain.handle(channel, async (event, request: unknown) => {
      if (!options.isTrusted(event)) {
        // Who asked and for what, never what they sent.
        options.logger.warn('refused an IPC call from an untrusted sender', { channel, frame: describeFrame(event) });
        return ACCESS_DENIED;
      }
      const work = dispatch(options.handlers, channel, request);
      return options.inFlight ? options.inFlight.track(work) : work;
    });
  }
  return () => {
    for (const channel of channels) options.ipcMain.removeHandler(channel);
  };
}

function describeFrame(event: IpcMainInvokeEvent): string {
  try {
    const url = event.senderFrame?.url;
    if (!url) return 'no frame';
    const u = new URL(url);
    // The origin and path only: a query string could carry anything.
    return redactAndShorten(`${u.protocol}//${u.host}${u.pathname}`, 200);
  } catch {
    return 'unparseable frame URL';
  }
}
