import fs from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { browse, type FakeAws } from '../../../../devkit/fake-aws/index';
import { ManualClock } from '../../../../src/core/clock';
import { errorToResult } from '../../../../src/core/errors';
import { SsoAuth } from '../../../../src/core/sso/sso-auth';
import { registrationCachePath } from '../../../../src/core/sso/registration-cache';
import { leakedSecrets, makeCtx, sessionFor, startFakeForTest, type TestCtx } from '../helpers';

let fake: FakeAws | undefined;
let t: TestCtx | undefined;

describe('secrets stay out of logs and errors', () => {
  it('no secret the fake issued reaches the logger or an error, across every flow', async () => {
    const clock = new ManualClock(Date.now());
    fake = await startFakeForTest({ autoApprove: true, deviceInterval: 0.2, now: () => clock.now() });
    t = await makeCtx(fake, { clock });
    const auth = new SsoAuth(t.ctx);
    const errors: string[] = [];
    const record = (err: unknown) => {
      const r = errorToResult(err);
      errors.push(JSON.stringify(r), String((err as Error).stack));
    };

    await auth.login(sessionFor(fake)); // PKCE
    await auth.login(sessionFor(fake), { flow: 'device', openBrowser: false, onPrompt: (p) => p.kind === 'device' && fake!.approveDevice(p.userCode) });
    await clock.advance(3600_000 - 60_000);
    await auth.getAccessToken(sessionFor(fake)); // refresh
    // A replayed (already used) authorization code and a forged callback.
    fake.configure({ autoApprove: false });
    let url = '';
    const pending = auth.login(sessionFor(fake), { openBrowser: false, onPrompt: (p) => p.kind === 'browser' && (url = p.url) });
    pending.catch(record);
    while (!url) await new Promise((r) => setTimeout(r, 10));
    const port = new URL(new URL(url).searchParams.get('redirect_uri')!).port;
    await fetch(`http://127.0.0.1:${port}/oauth/callback?code=${encodeURIComponent(fake.issuedSecrets()[0]!)}&state=wrong`);
    await browse(url, 'deny');
    await pending.catch(() => {});
    // Failed refresh.
    fake.revokeAllTokens();
    await clock.advance(3600_000 * 2);
    await auth.getAccessToken(sessionFor(fake)).catch(record);

    expect(errors.length).toBeGreaterThan(0);
    expect(t.lines.length).toBeGreaterThan(5);
    expect(fake.issuedSecrets().length).toBeGreaterThan(5);
    expect(leakedSecrets(fake, [...t.lines, ...errors])).toEqual([]);
  });

  it('caches the client registration with mode 0600 under a botocore-style sha1 name', async () => {
    fake = await startFakeForTest({ autoApprove: true });
    t = await makeCtx(fake);
    await new SsoAuth(t.ctx).login(sessionFor(fake));
    const file = registrationCachePath(t.ctx, sessionFor(fake), 'pkce');
    expect(file).toMatch(/[/\\][0-9a-f]{40}\.json$/);
    expect((await fs.stat(file)).mode & 0o777).toBe(0o600);
    const raw = JSON.parse(await fs.readFile(file, 'utf8')) as Record<string, unknown>;
    expect(raw).toMatchObject({ scopes: ['sso:account:access'] });
    expect(raw.expiresAt).toMatch(/Z$/);
  });
});
