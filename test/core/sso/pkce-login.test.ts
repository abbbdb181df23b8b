import fs from 'node:fs/promises';
import net from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { browse, startFakeAws, type FakeAws } from '../../../devkit/fake-aws/index';
import { isLatchkeyError, type LatchkeyError } from '../../../src/core/errors';
import { SsoAuth, type LoginPrompt } from '../../../src/core/sso/sso-auth';
import { createPkcePair } from '../../../src/core/sso/pkce-login';
import { registerSecret } from '../../../src/core/redact';
import { holdsPartOf } from '../../helpers/errors';
import { readCachedToken, tokenCachePath } from '../../../src/core/sso/token-cache';
import { leakedSecrets, makeCtx, sessionFor, waitFor, type TestCtx } from './helpers';

let fake: FakeAws;
let t: TestCtx | undefined;

beforeEach(async () => {
  fake = await startFakeAws({ autoApprove: true });
});
afterEach(async () => {
  await fake.close();
});

function callbackPort(authorizeUrl: string): number {
  return Number(new URL(new URL(authorizeUrl).searchParams.get('redirect_uri')!).port);
}

function portIsClosed(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

/** Starts a sign-in without opening anything and hands back the authorize URL it prompted with. */
async function startManualLogin(auth: SsoAuth, options: { signal?: AbortSignal; timeoutMs?: number } = {}) {
  let url = '';
  const login = auth.login(sessionFor(fake), {
    openBrowser: false,
    onPrompt: (p: LoginPrompt) => {
      if (p.kind === 'browser') url = p.url;
    },
    ...options,
  });
  login.catch(() => {});
  await waitFor(() => url !== '');
  return { login, url };
}

describe('PKCE sign-in', () => {
  it('signs in through the browser and stores the token in the AWS CLI cache', async () => {
    t = await makeCtx(fake);
    const auth = new SsoAuth(t.ctx);
    const prompts: LoginPrompt[] = [];
    const result = await auth.login(sessionFor(fake), { onPrompt: (p) => prompts.push(p) });

    expect(result.waitedForOther).toBe(false);
    expect(result.expiresAt).toBeGreaterThan(Date.now() + 50 * 60_000);
    expect(t.opened).toHaveLength(1);
    expect(prompts).toEqual([{ kind: 'browser', url: t.opened[0] }]);

    const token = await readCachedToken(t.ctx, 'work');
    expect(token).toMatchObject({ startUrl: fake.startUrl, region: fake.region });
    expect(token?.refreshToken).toBeTruthy();
    expect(await auth.getAccessToken(sessionFor(fake))).toBe(token?.accessToken);
    expect(fake.stats()).toMatchObject({ registrations: 1, signIns: 1, tokens: { authorizationCode: 1 } });
    expect(await portIsClosed(callbackPort(t.opened[0]!))).toBe(true);
    expect(leakedSecrets(fake, t.lines)).toEqual([]);
  });

  it('browses to the authorize URL exactly as the AWS CLI does', async () => {
    t = await makeCtx(fake);
    const { login, url } = await startManualLogin(new SsoAuth(t.ctx));
    const u = new URL(url);
    expect(`${u.origin}${u.pathname}`).toBe(`${fake.url}/authorize`);
    expect([...u.searchParams.keys()]).toEqual(['response_type', 'client_id', 'redirect_uri', 'state', 'code_challenge_method', 'scopes', 'code_challenge']);
    expect(url).toContain('&scopes=sso%3Aaccount%3Aaccess&');
    expect(u.searchParams.get('response_type')).toBe('code');
    expect(u.searchParams.get('code_challenge_method')).toBe('S256');
    expect(u.searchParams.get('redirect_uri')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/oauth\/callback$/);
    expect(u.searchParams.get('state')!.length).toBeGreaterThanOrEqual(16);
    expect(u.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);

    // The listener was bound before the prompt: it answers now, and only on /oauth/callback.
    const port = callbackPort(url);
    expect((await fetch(`http://127.0.0.1:${port}/`)).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${port}/oauth/other`)).status).toBe(404);

    await browse(url, 'approve');
    await login;
    expect(await portIsClosed(port)).toBe(true);
  });

  it('makes a verifier of 43-128 characters and its S256 challenge', async () => {
    const { createHash } = await import('node:crypto');
    const { verifier, challenge } = createPkcePair();
    expect(verifier).toMatch(/^[A-Za-z0-9_-]{43,128}$/);
    expect(challenge).toBe(createHash('sha256').update(verifier).digest('base64url'));
  });

  it('rejects a callback with the wrong state and keeps waiting for the real one', async () => {
    t = await makeCtx(fake);
    const { login, url } = await startManualLogin(new SsoAuth(t.ctx));
    const port = callbackPort(url);

    const forged = await fetch(`http://127.0.0.1:${port}/oauth/callback?code=stolen-code-1234&state=not-ours`);
    expect(forged.status).toBe(400);
    expect(await forged.text()).toMatch(/does not belong/);
    const noState = await fetch(`http://127.0.0.1:${port}/oauth/callback?error=access_denied`);
    expect(noState.status).toBe(400);

    const page = await browse(url, 'approve');
    expect(page.status).toBe(200);
    expect(page.body).toMatch(/close this tab/);
    await expect(login).resolves.toMatchObject({ waitedForOther: false });
    expect(t.lines.join('\n')).toMatch(/wrong state/);
  });

  it('quotes an error from the callback on its page masked first, then cut short', async () => {
    t = await makeCtx(fake);
    const { login, url } = await startManualLogin(new SsoAuth(t.ctx));
    const secret = 'SecretThatTheCallbackEchoed-0123456789abcdef';
    registerSecret(secret);
    // The page quotes 100 characters of `error`: the cut falls inside the secret.
    const error = `server_error ${'e'.repeat(70)} ${secret}`;
    const state = new URL(url).searchParams.get('state')!;
    const page = await fetch(`http://127.0.0.1:${callbackPort(url)}/oauth/callback?state=${encodeURIComponent(state)}&error=${encodeURIComponent(error)}`);
    const html = await page.text();
    expect(html).toMatch(/AWS reported an error \(server_error e+ \[REDACT/);
    expect(holdsPartOf(html, secret)).toBe(false);
    const err = (await login.catch((e: unknown) => e)) as LatchkeyError;
    expect(isLatchkeyError(err, 'AWS_ERROR')).toBe(true);
    expect(holdsPartOf(err.message, secret)).toBe(false);
  });

  it('reports a denial as SIGN_IN_DENIED, tells the person, and closes the listener', async () => {
    fake.configure({ autoApprove: false });
    t = await makeCtx(fake);
    const { login, url } = await startManualLogin(new SsoAuth(t.ctx));

    const page = await browse(url, 'deny');
    expect(page.body).toMatch(/denied access/);
    const err = (await login.catch((e: unknown) => e)) as LatchkeyError;
    expect(isLatchkeyError(err, 'SIGN_IN_DENIED')).toBe(true);
    expect(await portIsClosed(callbackPort(url))).toBe(true);
    expect(await readCachedToken(t.ctx, 'work')).toBeUndefined();
  });

  it('approves through the consent page when the fake does not auto-approve', async () => {
    fake.configure({ autoApprove: false });
    t = await makeCtx(fake);
    await new SsoAuth(t.ctx).login(sessionFor(fake));
    expect(fake.stats().signIns).toBe(1);
  });

  it('times out with TIMEOUT and closes the listener', async () => {
    t = await makeCtx(fake);
    const { login, url } = await startManualLogin(new SsoAuth(t.ctx), { timeoutMs: 300 });
    const err = (await login.catch((e: unknown) => e)) as LatchkeyError;
    expect(err.code).toBe('TIMEOUT');
    expect(await portIsClosed(callbackPort(url))).toBe(true);
  });

  it('is cancelled by the caller with CANCELLED and closes the listener', async () => {
    t = await makeCtx(fake);
    const controller = new AbortController();
    const { login, url } = await startManualLogin(new SsoAuth(t.ctx), { signal: controller.signal });
    controller.abort();
    const err = (await login.catch((e: unknown) => e)) as LatchkeyError;
    expect(err.code).toBe('CANCELLED');
    expect(await portIsClosed(callbackPort(url))).toBe(true);
    // The lock was released: a new sign-in can start at once.
    await new SsoAuth(t.ctx).login(sessionFor(fake), { timeoutMs: 10_000 });
  });

  it('goes on when the browser cannot be opened: the prompt carries the URL', async () => {
    t = await makeCtx(fake, {
      openUrl: async () => {
        throw new Error('no display');
      },
    });
    const auth = new SsoAuth(t.ctx);
    const login = auth.login(sessionFor(fake), { onPrompt: (p) => p.kind === 'browser' && void browse(p.url, 'approve') });
    await expect(login).resolves.toMatchObject({ waitedForOther: false });
    expect(t.lines.join('\n')).toMatch(/Could not open the browser/);
  });

  it('writes the token file with mode 0600', async () => {
    t = await makeCtx(fake);
    await new SsoAuth(t.ctx).login(sessionFor(fake));
    const stat = await fs.stat(tokenCachePath(t.ctx, 'work'));
    expect(stat.mode & 0o777).toBe(0o600);
  });
});
