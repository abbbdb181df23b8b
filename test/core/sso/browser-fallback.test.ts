import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeAws, type FakeAws } from '../../../devkit/fake-aws/index';
import { SsoAuth, type LoginPrompt } from '../../../src/core/sso/sso-auth';
import { makeCtx, sessionFor, type TestCtx } from './helpers';

// The app asks for the browser sign-in; where the browser cannot be opened its popup gets a
// device code to show instead, since a URL to open by hand is of no use there.

let fake: FakeAws;
let t: TestCtx | undefined;

beforeEach(async () => {
  fake = await startFakeAws({ deviceInterval: 0.2 });
});
afterEach(async () => {
  t = undefined;
  await fake.close();
});

const failingOpener = async () => {
  throw new Error('xdg-open exited with code 3');
};

describe('a browser sign-in whose browser cannot be opened', () => {
  it('switches to a device code, saying why, when the caller allows it', async () => {
    t = await makeCtx(fake, { openUrl: failingOpener });
    const prompts: LoginPrompt[] = [];
    const result = await new SsoAuth(t.ctx).login(sessionFor(fake), {
      flow: 'pkce',
      deviceIfBrowserFails: true,
      onPrompt: (p) => {
        prompts.push(p);
        if (p.kind === 'device') fake.approveDevice(p.userCode);
      },
    });
    expect(result.waitedForOther).toBe(false);
    expect(prompts.map((p) => p.kind)).toEqual(['device']);
    expect(prompts[0]).toMatchObject({ reason: 'the browser could not be opened (xdg-open exited with code 3)', reasonCode: 'browser-failed' });
    expect(fake.stats().deviceAuthorizations).toBe(1);
  });

  it('keeps to the browser flow with the URL in the prompt when the caller does not', async () => {
    t = await makeCtx(fake, { openUrl: failingOpener });
    const prompts: LoginPrompt[] = [];
    const controller = new AbortController();
    const login = new SsoAuth(t.ctx).login(sessionFor(fake), { flow: 'pkce', signal: controller.signal, onPrompt: (p) => void prompts.push(p) });
    await expect.poll(() => prompts.length).toBe(1);
    controller.abort();
    await expect(login).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(prompts[0]!.kind).toBe('browser');
    expect(fake.stats().deviceAuthorizations).toBe(0);
  });
});
