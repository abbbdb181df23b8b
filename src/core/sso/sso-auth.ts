import { LogoutCommand, SSOClient } from '@aws-sdk/client-sso';
import { endpointFor, type CoreContext } from '../context';
import { logAwsCalls } from '../aws/sdk-call-log';
import { LatchkeyError, isLatchkeyError } from '../errors';
import type { SsoSessionRef } from '../types';
import { sameStartUrl } from '../validation';
import { deviceLogin } from './device-login';
import { signInExclusively } from './login-lock';
import { createOidcClient, errorName, isNetworkError, notSignedIn, validateSession } from './oidc';
import { pkceLogin } from './pkce-login';
import { forgetRegistration, getRegistration, type ClientRegistration } from './registration-cache';
import { abortable, deadline, type LoginPrompt, type OidcTokens, type TimeoutAdvice } from './sign-in';
import { BrowserUnavailable, chooseSignInFlow, type HostProbes, type SignInFlow, type SignInFlowRequest } from './sign-in-flow';
import { deleteCachedToken, isoUtc, parseIso, readCachedToken, tokenCachePath, writeCachedToken, type CachedSsoToken } from './token-cache';
import { removeLegacyCopies, saveSessionToken } from './legacy-token';
import { isRefreshable, refreshAccessToken } from './token-refresh';

export type { LoginPrompt } from './sign-in';

/** 'auto': the browser where it can finish, else the device code (the default is 'pkce'). */
export type LoginFlow = SignInFlowRequest;

/** What signing out told AWS: the portal session ended; AWS refused the token (it had already
 * ended); the portal could not be reached; or there was no token to end. */
export type PortalSignOut = 'ended' | 'refused' | 'unreachable' | 'no-token';

export interface LoginOptions {
  flow?: LoginFlow;
  /** Default true. The URL is given to onPrompt either way. */
  openBrowser?: boolean;
  signal?: AbortSignal;
  onPrompt?: (p: LoginPrompt) => void;
  /** The whole sign-in, including waiting for another process's; default 10 minutes. */
  timeoutMs?: number;
  /** Set by callers with nobody at a terminal (credential_process): they take on the failure of
   * the sign-in they waited for instead of starting another, so a crowd of them gets one
   * outcome. Unset, a failed sign-in of another process is followed by one of our own. */
  unattended?: boolean;
  /** With flow 'pkce': a browser that fails to open switches to the device code (the app,
   * whose popup shows the code) instead of leaving the URL to be opened by hand. */
  deviceIfBrowserFails?: boolean;
  /** What another process signing in to this session shows, for a caller waiting on it. */
  onOthersPrompt?: (p: LoginPrompt) => void;
  /** The sign-in setting, followed by 'auto' unless LATCHKEY_SIGNIN_FLOW says otherwise. */
  flowSetting?: SignInFlow;
  /** Advice for a sign-in that times out, replacing the default. */
  timeoutHint?: TimeoutAdvice;
}

export interface SessionStatus {
  signedIn: boolean;
  /** Epoch ms of the access token's expiry. */
  expiresAt?: number;
  refreshable: boolean;
}

const DEFAULT_REFRESH_MARGIN_MS = 5 * 60_000;
const DEFAULT_LOGIN_TIMEOUT_MS = 10 * 60_000;

/** Sign-in, refresh and sign-out for IAM Identity Center sessions, over the AWS CLI's token cache. */
export class SsoAuth {
  private readonly refreshMarginMs: number;
  /** In-process sharing, keyed by token cache file: one refresh and one sign-in at a time. */
  private readonly refreshes = new Map<string, Promise<string>>();
  private readonly logins = new Map<string, Promise<{ token: CachedSsoToken; waitedForOther: boolean }>>();

  constructor(
    private readonly ctx: CoreContext,
    options: { refreshMarginMs?: number; probes?: HostProbes } = {},
  ) {
    this.refreshMarginMs = options.refreshMarginMs ?? DEFAULT_REFRESH_MARGIN_MS;
    this.probes = options.probes;
  }

  private readonly probes: HostProbes | undefined;

  /** A valid access token, refreshed first when it is within the margin of expiry. */
  async getAccessToken(session: SsoSessionRef): Promise<string> {
    validateSession(session);
    const token = await this.readToken(session);
    if (!token) throw notSignedIn(`You are not signed in to "${session.name}".`);
    const now = this.ctx.clock.now();
    const expiresAt = parseIso(token.expiresAt);
    if (expiresAt - now > this.refreshMarginMs) return token.accessToken;
    if (!isRefreshable(token, now)) {
      if (expiresAt > now) return token.accessToken;
      throw notSignedIn(`Your sign-in to "${session.name}" expired.`);
    }
    const key = tokenCachePath(this.ctx, session.name);
    let pending = this.refreshes.get(key);
    if (!pending) {
      pending = refreshAccessToken(this.ctx, session, token, { marginMs: this.refreshMarginMs, read: () => this.readToken(session) }).finally(() =>
        this.refreshes.delete(key),
      );
      this.refreshes.set(key, pending);
    }
    return pending;
  }

  async status(session: SsoSessionRef): Promise<SessionStatus> {
    const token = await this.readToken(session);
    if (!token) return { signedIn: false, refreshable: false };
    const now = this.ctx.clock.now();
    const expiresAt = parseIso(token.expiresAt);
    const refreshable = isRefreshable(token, now);
    return { signedIn: expiresAt > now || refreshable, expiresAt, refreshable };
  }

  /** Signs in; if another process or call is already signing in to this session, waits for its token. */
  async login(session: SsoSessionRef, options: LoginOptions = {}): Promise<{ expiresAt: number; waitedForOther: boolean }> {
    validateSession(session);
    const before = await this.readToken(session);
    const { token, waitedForOther } = await this.loginShared(session, before?.accessToken, options);
    return { expiresAt: parseIso(token.expiresAt), waitedForOther };
  }

  /** getAccessToken, and when that says NOT_SIGNED_IN, a sign-in (for callers with no terminal). */
  async ensureSignedIn(session: SsoSessionRef, options: LoginOptions = {}): Promise<string> {
    validateSession(session);
    const before = await this.readToken(session);
    try {
      return await this.getAccessToken(session);
    } catch (err) {
      if (!isLatchkeyError(err, 'NOT_SIGNED_IN')) throw err;
    }
    const { token } = await this.loginShared(session, before?.accessToken, options);
    return token.accessToken;
  }

  /**
   * Tells SsoAuth that AWS rejected this access token (e.g. the portal answered 401) although it
   * has not reached its expiry: it is marked expired in the cache, so the next getAccessToken
   * refreshes it or says NOT_SIGNED_IN instead of handing it out again. A token that has been
   * replaced in the meantime is left alone.
   */
  async invalidateAccessToken(session: SsoSessionRef, rejectedAccessToken: string): Promise<void> {
    const token = await this.readToken(session);
    if (!token || token.accessToken !== rejectedAccessToken) return;
    const now = this.ctx.clock.now();
    if (parseIso(token.expiresAt) <= now) return;
    // The session's own file only: a legacy copy may since hold a token another sign-in wrote.
    await writeCachedToken(this.ctx, session.name, { ...token, expiresAt: isoUtc(now - 1000) });
    this.ctx.logger.info('AWS rejected the access token; marked it expired', { session: session.name });
  }

  /**
   * Ends the portal session and removes the cached token, as `aws sso logout` does
   * (awscli/customizations/sso/logout.py): Logout with the access token, an answer of AWS
   * refusing it (already expired or revoked) is fine, then the token file goes. A copy of the
   * same sign-in kept for legacy profiles (sha1 of the start URL) goes too. Unlike the AWS CLI,
   * a portal out of reach does not keep the token: the person asked to be signed out here, and
   * the caller says the portal was not told. A file that cannot be removed is a DISK error.
   */
  async logout(session: SsoSessionRef): Promise<{ portal: PortalSignOut; legacyCopiesRemoved: string[] }> {
    const token = await readCachedToken(this.ctx, session.name);
    let portal: PortalSignOut = 'no-token';
    if (token) {
      const endpoint = endpointFor(this.ctx, 'SSO');
      const client = new SSOClient({
        region: token.region || session.region,
        ...(endpoint ? { endpoint } : {}),
        maxAttempts: 1,
        requestHandler: { connectionTimeout: 5_000, requestTimeout: 10_000 },
      });
      logAwsCalls(client, this.ctx.logger);
      try {
        await client.send(new LogoutCommand({ accessToken: token.accessToken }));
        portal = 'ended';
      } catch (err) {
        portal = isNetworkError(err) ? 'unreachable' : 'refused';
        this.ctx.logger.warn('Portal sign-out failed; removing the local token anyway', { session: session.name, error: errorName(err) });
      } finally {
        client.destroy();
      }
    }
    const legacyCopiesRemoved = token ? await removeLegacyCopies(this.ctx, session, token.accessToken) : [];
    await deleteCachedToken(this.ctx, session.name);
    this.ctx.logger.info('Signed out', { session: session.name, portal });
    return { portal, legacyCopiesRemoved };
  }

  /** The cached token if it belongs to this session's start URL (a re-pointed session starts over). */
  private async readToken(session: SsoSessionRef): Promise<CachedSsoToken | undefined> {
    const token = await readCachedToken(this.ctx, session.name);
    if (token && token.startUrl && !sameStartUrl(token.startUrl, session.startUrl)) {
      this.ctx.logger.info('Ignoring a cached token for another start URL', { session: session.name });
      return undefined;
    }
    return token;
  }

  /** One sign-in per session in this process; later callers join it (waitedForOther). */
  private async loginShared(session: SsoSessionRef, staleAccessToken: string | undefined, options: LoginOptions) {
    const key = tokenCachePath(this.ctx, session.name);
    const running = this.logins.get(key);
    if (running) {
      // The joiner's own cancel and timeout end only its wait, not the shared sign-in.
      const { signal, dispose } = deadline(this.ctx, options.timeoutMs ?? DEFAULT_LOGIN_TIMEOUT_MS, options.signal, options.timeoutHint);
      try {
        return { token: (await abortable(running, signal)).token, waitedForOther: true };
      } finally {
        dispose();
      }
    }
    const started = this.runLogin(session, staleAccessToken, options).finally(() => this.logins.delete(key));
    this.logins.set(key, started);
    return started;
  }

  private async runLogin(session: SsoSessionRef, staleAccessToken: string | undefined, options: LoginOptions) {
    const { signal, dispose } = deadline(this.ctx, options.timeoutMs ?? DEFAULT_LOGIN_TIMEOUT_MS, options.signal, options.timeoutHint);
    const isFresh = (t: CachedSsoToken | undefined): t is CachedSsoToken =>
      t !== undefined &&
      t.accessToken !== staleAccessToken &&
      (!t.startUrl || sameStartUrl(t.startUrl, session.startUrl)) &&
      parseIso(t.expiresAt) > this.ctx.clock.now();
    try {
      const exclusive = {
        signal,
        isFresh,
        shareFailure: options.unattended ?? false,
        ...(options.onOthersPrompt ? { onOthersPrompt: options.onOthersPrompt } : {}),
      };
      return await signInExclusively(this.ctx, session.name, exclusive, (publish) => this.interactiveSignIn(session, options, signal, publish));
    } finally {
      dispose();
    }
  }

  private async interactiveSignIn(
    session: SsoSessionRef,
    options: LoginOptions,
    signal: AbortSignal,
    publish: (p: LoginPrompt) => void,
  ): Promise<CachedSsoToken> {
    const chosen = chooseSignInFlow(options.flow ?? 'pkce', this.ctx.env, this.ctx.platform, this.probes, options.flowSetting);
    const choice = options.deviceIfBrowserFails && chosen.flow === 'pkce' ? { ...chosen, deviceIfBrowserFails: true } : chosen;
    let flow = choice.flow;
    let reason = choice.reason;
    let reasonCode = choice.reasonCode;
    let openBrowser = options.openBrowser ?? true;
    const onPrompt = (p: LoginPrompt) => {
      publish(p);
      try {
        options.onPrompt?.(p);
      } catch (err) {
        this.ctx.logger.warn('The sign-in prompt handler failed', { error: (err as Error)?.message });
      }
    };
    const client = createOidcClient(this.ctx, session.region);
    try {
      let registeredAgain = false;
      for (;;) {
        this.ctx.logger.info('Signing in', { session: session.name, flow, ...(reason ? { reason } : {}) });
        const registration: ClientRegistration = await getRegistration(this.ctx, client, session, flow, signal);
        try {
          const tokens =
            flow === 'pkce'
              ? await pkceLogin(this.ctx, client, session, registration, { openBrowser, deviceIfBrowserFails: choice.deviceIfBrowserFails, onPrompt, signal })
              : await deviceLogin(this.ctx, client, session, registration, {
                  openBrowser,
                  onPrompt,
                  signal,
                  ...(reason ? { reason } : {}),
                  ...(reasonCode ? { reasonCode } : {}),
                });
          return await this.saveSignIn(session, registration, tokens, flow);
        } catch (err) {
          if (err instanceof BrowserUnavailable) {
            // The browser flow cannot finish without a browser: the code can, on any device.
            flow = 'device';
            openBrowser = false;
            reason = `the browser could not be opened (${err.why})`;
            reasonCode = 'browser-failed';
            continue;
          }
          // AWS no longer knows the cached client (revoked, or expired early): register again, once.
          if (!registeredAgain && rootName(err) === 'InvalidClientException') {
            this.ctx.logger.warn('The cached client registration was rejected; registering again', { session: session.name });
            registeredAgain = true;
            await forgetRegistration(this.ctx, session, flow);
            continue;
          }
          throw err;
        }
      }
    } catch (err) {
      if (signal.aborted) throw signal.reason;
      throw err;
    } finally {
      client.destroy();
    }
  }

  private async saveSignIn(session: SsoSessionRef, registration: ClientRegistration, tokens: OidcTokens, flow: string): Promise<CachedSsoToken> {
    const token: CachedSsoToken = {
      startUrl: session.startUrl,
      region: session.region,
      accessToken: tokens.accessToken,
      expiresAt: isoUtc(this.ctx.clock.now() + tokens.expiresIn * 1000),
      clientId: registration.clientId,
      clientSecret: registration.clientSecret,
      registrationExpiresAt: isoUtc(registration.expiresAt),
      ...(tokens.refreshToken ? { refreshToken: tokens.refreshToken } : {}),
    };
    await saveSessionToken(this.ctx, session, token);
    this.ctx.logger.info('Signed in', { session: session.name, flow, expiresAt: token.expiresAt });
    return token;
  }
}

function rootName(err: unknown): string {
  const name = errorName(err);
  if (err instanceof LatchkeyError && err.cause) return errorName(err.cause) || name;
  return name;
}
