import { describe, expect, it } from 'vitest';
import { buildApi, type Invoke } from '../../src/shared/api';
import type { IpcResult } from '../../src/shared/errors';
import type { UpdateStatusView } from '../../src/shared/views';
import type { Route } from '../../src/renderer/src/store/failure-policy';
import { createUpdates } from '../../src/renderer/src/store/slices/updates';

// Settings' Restart to update, as the renderer's store handles main's answer: nothing more to do
// when main installs; a refusal is said in the banner and the status is read again.

function updatesWith(answers: Partial<Record<string, IpcResult<unknown>>>) {
  const asked: string[] = [];
  const reported: Route[] = [];
  const invoke: Invoke = async (channel) => {
    asked.push(channel);
    return answers[channel] ?? { ok: false, code: 'BAD_INPUT', message: `no answer for ${channel}` };
  };
  const updates = createUpdates(
    buildApi(invoke, () => () => undefined),
    (route) => void reported.push(route),
  );
  return { updates, asked, reported };
}

describe('Restart to update, in the renderer', () => {
  it('main installs: nothing shown, nothing asked again', async () => {
    const { updates, asked, reported } = updatesWith({ 'updates.restart': { ok: true, value: null } });
    updates.apply({ state: 'ready', version: '0.2.0' });
    await updates.restart();
    expect(asked).toEqual(['updates.restart']);
    expect(reported).toEqual([]);
  });

  it('main refuses (no update ready any more): the banner says why, the status is read again', async () => {
    const status: UpdateStatusView = { state: 'up-to-date' };
    const { updates, asked, reported } = updatesWith({
      'updates.restart': { ok: false, code: 'NOT_FOUND', message: 'No update is ready to install.' },
      'updates.status': { ok: true, value: status },
    });
    updates.apply({ state: 'ready', version: '0.2.0' });
    await updates.restart();
    expect(asked).toEqual(['updates.restart', 'updates.status']);
    expect(reported).toEqual([{ to: 'notice', failure: expect.objectContaining({ code: 'NOT_FOUND', message: 'No update is ready to install.' }) }]);
    expect(updates.store.get()).toEqual(status);
  });
});
