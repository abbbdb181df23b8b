import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { CreateTokenCommand, type SSOOIDCClient } from '@aws-sdk/client-sso-oidc';
import type { CoreContext } from '../context';
import { LatchkeyError } from '../errors';
import { redact, redactAndShorten, registerSecret } from '../redact';
import type { SsoSessionRef } from '../types';
import { mapOidcError, oidcBaseUrl, scopesOf } from './oidc';
import type { ClientRegistration } from './registration-cache';
import { BrowserUnavailable } from './sign-in-flow';
import { abortable, tokensFrom, tryOpen, type OidcTokens, type SignInPrompt } from './sign-in';

// The OAuth 2.0 authorization-code flow with PKCE (RFC 7636) and a loopback redirect
// (RFC 8252), as the AWS CLI v2 does it. The listener is bound before the browser opens, only
// on 127.0.0.1, serves nothing but /oauth/callback, and is closed whatever the outcome.

const CALLBACK_PATH = '/oauth/callback';

export interface PkceLoginOptions {
  openBrowser: boolean;
  /** A browser that fails to open ends this flow with BrowserUnavailable (the caller then
   * uses the device code) instead of leaving the URL to be opened by hand. */
  deviceIfBrowserFails?: boolean;
  onPrompt: SignInPrompt;
  /** Aborted on cancel or timeout; its reason is what the sign-in rejects with. */
  signal: AbortSignal;
}

export function base64url(bytes: Buffer): string {
  return bytes.toString('base64url');
}

/** A 64-character verifier (RFC 7636 allows 43–128) and its S256 challenge. */
export function createPkcePair(): { verifier: string; challenge: string } {
  const verifier = base64url(crypto.randomBytes(48));
  const challenge = base64url(crypto.createHash('sha256').update(verifier).digest());
  return { verifier, challenge };
}

/** The /authorize URL under `base`, the OIDC endpoint the SDK resolved (see oidcBaseUrl). */
export function authorizeUrl(base: string, p: { clientId: string; redirectUri: string; state: string; challenge: string; scopes: readonly string[] }): string {
  const q = new URLSearchParams({
    response_type: 'code',
    client_id: p.clientId,
    redirect_uri: p.redirectUri,
    state: p.state,
    code_challenge_method: 'S256',
    scopes: p.scopes.join(' '),
    code_challenge: p.challenge,
  });
  // URLSearchParams writes spaces as '+'; AWS documents %20-style encoding.
  return `${base}/authorize?${q.toString().replace(/\+/g, '%20')}`;
}

export async function pkceLogin(
  ctx: CoreContext,
  client: SSOOIDCClient,
  session: SsoSessionRef,
  registration: ClientRegistration,
  options: PkceLoginOptions,
): Promise<OidcTokens> {
  const { signal } = options;
  if (signal.aborted) throw signal.reason;
  const state = base64url(crypto.randomBytes(24));
  const { verifier, challenge } = createPkcePair();
  registerSecret(verifier);

  const base = await oidcBaseUrl(client);
  const listener = await listenForCallback(ctx, state);
  try {
    const redirectUri = `http://127.0.0.1:${listener.port}${CALLBACK_PATH}`;
    const scopes = scopesOf(session);
    const url = authorizeUrl(base, { clientId: registration.clientId, redirectUri, state, challenge, scopes });
    if (options.openBrowser) {
      // Opened before the URL is shown: if it cannot open, the URL is of no use to show.
      const failure = await tryOpen(ctx, url, signal);
      if (failure && options.deviceIfBrowserFails) throw new BrowserUnavailable(failure);
    }
    options.onPrompt({ kind: 'browser', url });
    ctx.logger.info('Waiting for the browser sign-in', { port: listener.port });

    const code = await abortable(listener.code, signal);
    registerSecret(code);
    try {
      const out = await client.send(
        new CreateTokenCommand({
          clientId: registration.clientId,
          clientSecret: registration.clientSecret,
          grantType: 'authorization_code',
          code,
          redirectUri,
          codeVerifier: verifier,
          scope: [...scopes],
        }),
        { abortSignal: signal },
      );
      return tokensFrom(out);
    } catch (err) {
      if (signal.aborted) throw signal.reason;
      throw mapOidcError(err, 'token', session);
    }
  } finally {
    await listener.close();
  }
}

interface CallbackListener {
  port: number;
  /** Settles with the authorization code, or rejects when the person denies access. */
  code: Promise<string>;
  close(): Promise<void>;
}

async function listenForCallback(ctx: CoreContext, expectedState: string): Promise<CallbackListener> {
  let resolveCode!: (code: string) => void;
  let rejectCode!: (err: Error) => void;
  const code = new Promise<string>((resolve, reject) => {
    resolveCode = resolve;
    rejectCode = reject;
  });
  code.catch(() => {}); // observed by the caller; never an unhandled rejection if it stops waiting
  let settled = false;

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method !== 'GET' || url.pathname !== CALLBACK_PATH) {
      return sendPage(res, 404, 'Not found', 'There is nothing here.');
    }
    const q = url.searchParams;
    // A request that does not carry our state did not come from the sign-in we started
    // (another tab, an old link, a hostile page): refuse it and keep waiting for the real one.
    if (q.get('state') !== expectedState) {
      ctx.logger.warn('Ignored a sign-in callback with a wrong state');
      return sendPage(
        res,
        400,
        'Sign-in link not recognised',
        'This sign-in link does not belong to the sign-in Latchkey is waiting for. Start the sign-in again from Latchkey.',
      );
    }
    if (settled) return sendPage(res, 400, 'Already done', 'This sign-in has already been handled. You can close this tab.');
    const error = q.get('error');
    const authCode = q.get('code');
    if (error) {
      settled = true;
      const denied = error === 'access_denied';
      sendPage(
        res,
        200,
        denied ? 'Sign-in denied' : 'Sign-in failed',
        denied
          ? 'You denied access, so Latchkey is not signed in. You can close this tab.'
          : `AWS reported an error (${redactAndShorten(error, 100)}). Latchkey is not signed in. You can close this tab and try again.`,
      );
      rejectCode(
        denied
          ? new LatchkeyError('SIGN_IN_DENIED', 'The sign-in was denied in the browser.', {
              hint: 'Sign in again.',
              cliHint: 'Run "latchkey login" to try again.',
            })
          : new LatchkeyError('AWS_ERROR', `The browser sign-in failed: ${redact(error)} ${redact(q.get('error_description') ?? '')}`.trim(), {
              hint: 'Sign in again.',
              cliHint: 'Run "latchkey login" to try again.',
            }),
      );
      return;
    }
    if (!authCode)
      return sendPage(res, 400, 'Sign-in incomplete', 'The sign-in response carried no authorization code. Start the sign-in again from Latchkey.');
    settled = true;
    registerSecret(authCode);
    sendPage(res, 200, 'Signed in', 'Latchkey is completing your sign-in. You can close this tab.');
    resolveCode(authCode);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: 0 }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;

  return {
    port,
    code,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Keep-alive sockets from the browser would otherwise hold the port open.
        server.closeAllConnections();
      }),
  };
}

function sendPage(res: http.ServerResponse, status: number, title: string, message: string): void {
  const body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Latchkey: ${escapeHtml(title)}</title></head><body style="font-family:system-ui,sans-serif;margin:3em"><h1>${escapeHtml(title)}</h1><p id="message">${escapeHtml(message)}</p></body></html>`;
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', connection: 'close' });
  res.end(body);
}

// The callback's query is attacker-controlled: never echo it unescaped.
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
