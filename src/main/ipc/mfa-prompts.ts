import { randomUUID } from 'node:crypto';
import { LatchkeyError } from '../../core/errors';
import type { EventPayloads } from '../../shared/contract';

// The core asks for an MFA code with a callback; the window answers later through
// mfa.submit. Each question waits under its own id, and one left unanswered ends with
// TIMEOUT instead of hanging the profile's refresh forever.

const ANSWER_WITHIN_MS = 5 * 60_000;

export class MfaPrompts {
  private readonly pending = new Map<string, { resolve(code: string): void; reject(err: Error): void; timer: ReturnType<typeof setTimeout> }>();

  constructor(private readonly emit: (event: 'mfa-needed', payload: EventPayloads['mfa-needed']) => void) {}

  /** What the core calls: shows the dialog and resolves with the code the person typed. */
  ask = (request: { profile: string; serial: string }): Promise<string> =>
    new Promise<string>((resolve, reject) => {
      const requestId = randomUUID();
      const timer = setTimeout(() => {
        this.pending.delete(requestId);
        reject(
          new LatchkeyError('TIMEOUT', `No MFA code was entered for "${request.profile}".`, { hint: 'Try again and enter the code your MFA device shows.' }),
        );
      }, ANSWER_WITHIN_MS);
      timer.unref?.();
      this.pending.set(requestId, { resolve, reject, timer });
      this.emit('mfa-needed', { requestId, profile: request.profile, serial: request.serial });
    });

  submit(requestId: string, code: string): void {
    this.settle(requestId).resolve(code);
  }

  cancel(requestId: string): void {
    this.settle(requestId).reject(new LatchkeyError('CANCELLED', 'The MFA code was not entered.'));
  }

  private settle(requestId: string) {
    const entry = this.pending.get(requestId);
    if (!entry) throw new LatchkeyError('NOT_FOUND', 'That MFA request has ended.', { hint: 'Start again from the role.' });
    this.pending.delete(requestId);
    clearTimeout(entry.timer);
    return entry;
  }
}
