import type { LatchkeyApi } from '../../../../shared/api';
import { createStore } from '../create-store';
import { mfaCancelFailure, notice, settle, type Report } from '../failure-policy';

// MFA codes the core waits for (an IAM user profile, or a role chained from one), oldest
// first: the MFA dialog asks for one at a time, over whatever view is open.

export interface MfaRequest {
  requestId: string;
  profile: string;
  serial: string;
}

export interface MfaState {
  queue: MfaRequest[];
}

export function createMfa(api: LatchkeyApi, report: Report) {
  const store = createStore<MfaState>({ queue: [] });
  // Counts the questions, so a failure right after one can be told apart (a wrong code).
  let asked = 0;
  const drop = (requestId: string) => store.update((s) => ({ queue: s.queue.filter((m) => m.requestId !== requestId) }));
  return {
    store,
    asked: () => asked,
    ask(request: MfaRequest): void {
      asked++;
      store.update((s) => ({ queue: [...s.queue.filter((m) => m.requestId !== request.requestId), request] }));
    },
    async submit(requestId: string, code: string): Promise<boolean> {
      const r = await settle(api.mfa.submit({ requestId, code }));
      // Answered or gone (timed out in main): either way this question is over.
      drop(requestId);
      if (!r.ok) report(notice(r));
      return r.ok;
    },
    async cancel(requestId: string): Promise<void> {
      drop(requestId);
      const r = await settle(api.mfa.cancel({ requestId }));
      if (!r.ok) report(mfaCancelFailure(r));
    },
  };
}

export type MfaSlice = ReturnType<typeof createMfa>;
