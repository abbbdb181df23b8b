import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { browse, type FakeAws } from '../../../../devkit/fake-aws/index';
import { SsoAuth } from '../../../../src/core/sso/sso-auth';
import { readCachedToken } from '../../../../src/core/sso/token-cache';
import { leakedSecrets, makeCtx, sessionFor, startFakeForTest, waitFor, type TestCtx } from '../helpers';

let fake: FakeAws | undefined;
let t: TestCtx | undefined;

const ROOT = path.resolve(__dirname, '../../../..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
const CHILD = path.join(__dirname, '..', 'fixtures', 'login-child.ts');

interface Child {
  stdout: string;
  done: Promise<{ code: number | null; result: { ok: boolean; waitedForOther?: boolean; message?: string; log: string[] } }>;
}

function spawnChild(f: FakeAws, home: string, env: Record<string, string>): Child {
  const proc = spawn(TSX, [CHILD], {
    cwd: ROOT,
    env: { ...process.env, ...f.env, HOME_DIR: home, START_URL: f.startUrl, REGION: f.region, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const child: Child = { stdout: '', done: undefined as unknown as Child['done'] };
  let stderr = '';
  proc.stdout.on('data', (d: Buffer) => (child.stdout += d.toString()));
  proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.done = new Promise((resolve, reject) => {
    proc.on('error', reject);
    proc.on('close', (code) => {
      const last = child.stdout.trim().split('\n').pop() ?? '';
      try {
        resolve({ code, result: JSON.parse(last) });
      } catch {
        reject(new Error(`child printed no result (exit ${code}): ${child.stdout}\n${stderr}`));
      }
    });
  });
  return child;
}

const openedUrls = (children: Child[]) => children.flatMap((c) => [...c.stdout.matchAll(/^OPEN (\S+)$/gm)].map((m) => m[1]!));

describe('one sign-in at a time', () => {
  it('10 concurrent ensureSignedIn calls in one process make one sign-in', async () => {
    fake = await startFakeForTest({ autoApprove: true });
    t = await makeCtx(fake);
    const auth = new SsoAuth(t.ctx);
    const tokens = await Promise.all(Array.from({ length: 10 }, () => auth.ensureSignedIn(sessionFor(fake!))));
    expect(new Set(tokens).size).toBe(1);
    expect(t.opened).toHaveLength(1);
    expect(fake.stats()).toMatchObject({ registrations: 1, signIns: 1 });
    expect(tokens[0]).toBe((await readCachedToken(t.ctx, 'work'))?.accessToken);
  });

  it('concurrent logins in one process share the sign-in; the others report waitedForOther', async () => {
    fake = await startFakeForTest({ autoApprove: true });
    t = await makeCtx(fake);
    const auth = new SsoAuth(t.ctx);
    const results = await Promise.all(Array.from({ length: 3 }, () => auth.login(sessionFor(fake!))));
    expect(results.map((r) => r.waitedForOther).sort()).toEqual([false, true, true]);
    expect(fake.stats().signIns).toBe(1);
  });

  it('two SsoAuth instances (two windows on one file system) make one sign-in', async () => {
    fake = await startFakeForTest();
    t = await makeCtx(fake, { openUrl: async (url) => void t!.opened.push(url) });
    const a = new SsoAuth(t.ctx).login(sessionFor(fake));
    const b = new SsoAuth(t.ctx).login(sessionFor(fake));
    await waitFor(() => t!.opened.length === 1);
    await new Promise((r) => setTimeout(r, 300)); // the second is waiting on the lock, not signing in
    expect(t.opened).toHaveLength(1);
    await browse(t.opened[0]!, 'approve');
    const results = await Promise.all([a, b]);
    expect(results.map((r) => r.waitedForOther).sort()).toEqual([false, true]);
    expect(fake.stats()).toMatchObject({ registrations: 1, signIns: 1 });
  });

  it('several processes racing to sign in make exactly one sign-in (PKCE)', async () => {
    fake = await startFakeForTest();
    t = await makeCtx(fake);
    const children = Array.from({ length: 4 }, () => spawnChild(fake!, t!.home, { MODE: 'login', FLOW: 'pkce' }));
    await waitFor(() => children.every((c) => c.stdout.includes('STARTING')) && openedUrls(children).length >= 1, 25_000);
    await new Promise((r) => setTimeout(r, 500)); // let every process reach the lock
    expect(openedUrls(children)).toHaveLength(1);
    await browse(openedUrls(children)[0]!, 'approve');

    const outcomes = await Promise.all(children.map((c) => c.done));
    expect(outcomes.map((o) => o.result.ok)).toEqual([true, true, true, true]);
    expect(outcomes.map((o) => o.result.waitedForOther).sort()).toEqual([false, true, true, true]);
    expect(openedUrls(children)).toHaveLength(1);
    expect(fake.stats()).toMatchObject({ registrations: 1, signIns: 1, tokens: { authorizationCode: 1 } });
    expect(
      leakedSecrets(
        fake,
        outcomes.flatMap((o) => o.result.log),
      ),
    ).toEqual([]);
  }, 60_000);

  it('credential_process-style children (ensureSignedIn, device code) make exactly one sign-in', async () => {
    fake = await startFakeForTest({ deviceInterval: 0.2 });
    t = await makeCtx(fake);
    const children = Array.from({ length: 3 }, () => spawnChild(fake!, t!.home, { MODE: 'ensure', FLOW: 'device' }));
    await waitFor(() => children.every((c) => c.stdout.includes('STARTING')) && fake!.pendingUserCodes().length === 1, 25_000);
    await new Promise((r) => setTimeout(r, 500));
    expect(fake.pendingUserCodes()).toHaveLength(1);
    fake.approveDevice(fake.pendingUserCodes()[0]!);

    const outcomes = await Promise.all(children.map((c) => c.done));
    expect(outcomes.map((o) => o.result.ok)).toEqual([true, true, true]);
    expect(fake.stats()).toMatchObject({ registrations: 1, deviceAuthorizations: 1, signIns: 1 });
  }, 60_000);

  it('a waiter takes over when the signer gives up without a token', async () => {
    fake = await startFakeForTest();
    t = await makeCtx(fake, { openUrl: async (url) => void t!.opened.push(url) });
    const first = new SsoAuth(t.ctx).login(sessionFor(fake), { timeoutMs: 400 });
    first.catch(() => {});
    await waitFor(() => t!.opened.length === 1);
    const second = new SsoAuth(t.ctx).login(sessionFor(fake), { timeoutMs: 20_000 });
    await expect(first).rejects.toMatchObject({ code: 'TIMEOUT' });
    await waitFor(() => t!.opened.length === 2);
    await browse(t.opened[1]!, 'approve');
    await expect(second).resolves.toMatchObject({ waitedForOther: false });
    expect(fake.stats().signIns).toBe(1);
  });
});

describe('joining a sign-in in progress', () => {
  it('a joiner that gives up does not end the shared sign-in', async () => {
    fake = await startFakeForTest();
    t = await makeCtx(fake, { openUrl: async (url) => void t!.opened.push(url) });
    const auth = new SsoAuth(t.ctx);
    const owner = auth.login(sessionFor(fake));
    await waitFor(() => t!.opened.length === 1);
    const controller = new AbortController();
    const joiner = auth.login(sessionFor(fake), { signal: controller.signal });
    controller.abort();
    await expect(joiner).rejects.toMatchObject({ code: 'CANCELLED' });
    await browse(t.opened[0]!, 'approve');
    await expect(owner).resolves.toMatchObject({ waitedForOther: false });
  });
});
