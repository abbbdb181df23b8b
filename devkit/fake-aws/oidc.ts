import { createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { type RouteContext, jsonBody, redirect, sendJson, sendText, str, strList } from './http-util';
import { consentPage, enterCodePage, messagePage } from './pages';
import { type AuthRequest, type ClientRecord, type DeviceRecord, type FakeState, normaliseStartUrl } from './state';
import { randomToken, randomUserCode } from './random';
import { dropConnection, sendTruncatedJson, slowDown } from './faults';

// SSO-OIDC (restJson1, unsigned): errors carry their name in x-amzn-ErrorType and
// {error, error_description} in the body, which is what the SDK's deserializer reads.

const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
const PORTAL_SCOPE = 'sso:account:access';
// Timers can fire a hair early and clocks round; do not call that "too fast".
const POLL_TOLERANCE_MS = 25;

export function oidcError(res: ServerResponse, name: string, description: string, status = 400): void {
  const error = name
    .replace(/Exception$/, '')
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase();
  sendJson(res, status, { error, error_description: description }, { 'x-amzn-errortype': name });
}

function clientFrom(state: FakeState, clientId: string | undefined, clientSecret: string | undefined): ClientRecord | undefined {
  const client = clientId ? state.clients.get(clientId) : undefined;
  if (!client || client.clientSecret !== clientSecret || client.expiresAt <= state.now()) return undefined;
  return client;
}

/** A loopback redirect URI; the port is free (RFC 8252), host and path must match a registered one. */
function redirectUriAllowed(client: ClientRecord, uri: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(uri);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'http:' || parsed.hostname !== '127.0.0.1' || parsed.pathname !== '/oauth/callback') return false;
  return client.redirectUris.some((r) => {
    try {
      const reg = new URL(r);
      return reg.hostname === parsed.hostname && reg.pathname === parsed.pathname;
    } catch {
      return false;
    }
  });
}

export async function registerClient({ res, body, state }: RouteContext): Promise<void> {
  const input = jsonBody(body);
  const clientName = str(input.clientName);
  const clientType = str(input.clientType);
  if (!clientName || !clientType) return oidcError(res, 'InvalidRequestException', 'clientName and clientType are required');
  if (clientType !== 'public') return oidcError(res, 'InvalidClientMetadataException', `Invalid client type: ${clientType}`);
  const grantTypes = strList(input.grantTypes);
  const redirectUris = strList(input.redirectUris);
  const issuerUrl = str(input.issuerUrl);
  if (issuerUrl !== undefined && normaliseStartUrl(issuerUrl) !== normaliseStartUrl(state.startUrl)) {
    return oidcError(res, 'InvalidRequestException', 'Invalid issuer URL');
  }
  const pkce = grantTypes.includes('authorization_code');
  if (pkce && redirectUris.length === 0) return oidcError(res, 'InvalidRequestException', 'redirectUris are required for authorization_code');
  for (const uri of redirectUris) {
    if (!/^http:\/\/(127\.0\.0\.1|\[::1\]|localhost)(:\d+)?\//.test(uri)) return oidcError(res, 'InvalidRedirectUriException', `Invalid redirect URI: ${uri}`);
  }
  const now = state.now();
  const client: ClientRecord = {
    clientId: randomToken(16),
    clientSecret: state.secret('eyJraWQiOiJrZXktMTU2', 180),
    scopes: strList(input.scopes),
    grantTypes,
    redirectUris,
    pkce,
    expiresAt: now + state.config.clientRegistrationTtlSeconds * 1000,
  };
  state.clients.set(client.clientId, client);
  state.stats.registrations++;
  state.stats.scopeRequests.register.push([...client.scopes]);
  sendJson(res, 200, {
    clientId: client.clientId,
    clientSecret: client.clientSecret,
    clientIdIssuedAt: Math.floor(now / 1000),
    clientSecretExpiresAt: Math.floor(client.expiresAt / 1000),
  });
}

export async function startDeviceAuthorization({ res, body, state }: RouteContext): Promise<void> {
  const input = jsonBody(body);
  const client = clientFrom(state, str(input.clientId), str(input.clientSecret));
  if (!client) return oidcError(res, 'InvalidClientException', 'Invalid client provided', 401);
  const startUrl = str(input.startUrl);
  if (!startUrl || normaliseStartUrl(startUrl) !== normaliseStartUrl(state.startUrl)) {
    return oidcError(res, 'InvalidRequestException', 'Invalid start URL');
  }
  const device: DeviceRecord = {
    deviceCode: state.secret('', 64),
    userCode: randomUserCode(),
    clientId: client.clientId,
    expiresAt: state.now() + state.config.deviceCodeTtlSeconds * 1000,
    status: 'pending',
  };
  state.devices.set(device.deviceCode, device);
  state.stats.deviceAuthorizations++;
  sendJson(res, 200, {
    deviceCode: device.deviceCode,
    userCode: device.userCode,
    verificationUri: `${state.url}/device`,
    verificationUriComplete: `${state.url}/device?user_code=${encodeURIComponent(device.userCode)}`,
    expiresIn: state.config.deviceCodeTtlSeconds,
    interval: state.config.deviceInterval,
  });
}

export function findDevice(state: FakeState, userCode: string): DeviceRecord | undefined {
  const wanted = userCode.trim().toUpperCase();
  for (const d of state.devices.values()) if (d.userCode === wanted) return d;
  return undefined;
}

/** Approves or denies a pending device code; false when there is no such pending code. */
export function decideDevice(state: FakeState, userCode: string, approve: boolean): boolean {
  const device = findDevice(state, userCode);
  if (!device || device.status !== 'pending' || device.expiresAt <= state.now()) return false;
  device.status = approve ? 'approved' : 'denied';
  if (approve) state.stats.signIns++;
  return true;
}

export async function devicePage({ res, url, state }: RouteContext): Promise<void> {
  const userCode = url.searchParams.get('user_code');
  if (!userCode) return sendText(res, 200, enterCodePage(), 'text/html; charset=utf-8');
  const device = findDevice(state, userCode);
  if (!device || device.status !== 'pending' || device.expiresAt <= state.now()) {
    return sendText(res, 400, messagePage('Invalid code', 'This code is not valid or has expired.'), 'text/html; charset=utf-8');
  }
  if (state.config.autoApprove) {
    decideDevice(state, userCode, true);
    return sendText(res, 200, messagePage('Request approved', 'You can close this window.'), 'text/html; charset=utf-8');
  }
  const html = consentPage('Authorize request', `Code ${device.userCode}: allow access to your AWS accounts?`, '/device/decision', {
    user_code: device.userCode,
  });
  sendText(res, 200, html, 'text/html; charset=utf-8');
}

export async function deviceDecision({ res, body, state }: RouteContext): Promise<void> {
  const form = new URLSearchParams(body);
  const approve = form.get('decision') === 'approve';
  if (!decideDevice(state, form.get('user_code') ?? '', approve)) {
    return sendText(res, 400, messagePage('Invalid code', 'This code is not valid or has expired.'), 'text/html; charset=utf-8');
  }
  const html = approve ? messagePage('Request approved', 'You can close this window.') : messagePage('Request denied', 'Access was denied.');
  sendText(res, 200, html, 'text/html; charset=utf-8');
}

export async function authorize({ res, url, state }: RouteContext): Promise<void> {
  const q = url.searchParams;
  const bad = (message: string) => sendText(res, 400, messagePage('Invalid request', message), 'text/html; charset=utf-8');
  if (q.get('response_type') !== 'code') return bad('response_type must be code');
  const client = state.clients.get(q.get('client_id') ?? '');
  if (!client || client.expiresAt <= state.now()) return bad('Unknown client');
  if (!client.pkce) return bad('This client is not registered for the authorization_code grant');
  const redirectUri = q.get('redirect_uri') ?? '';
  if (!redirectUriAllowed(client, redirectUri)) return bad('redirect_uri must be http://127.0.0.1:PORT/oauth/callback');
  if (q.get('code_challenge_method') !== 'S256') return bad('code_challenge_method must be S256');
  const codeChallenge = q.get('code_challenge') ?? '';
  if (!/^[A-Za-z0-9_-]{43}$/.test(codeChallenge)) return bad('code_challenge must be a base64url SHA-256');
  const asked = (q.get('scopes') ?? '').split(/[ ,]+/).filter(Boolean);
  state.stats.scopeRequests.authorize.push(asked);
  if (!withinScopes(asked, client.scopes)) {
    // OAuth 2.0 (RFC 6749 4.1.2.1): the redirect carries the error.
    const target = new URL(redirectUri);
    target.searchParams.set('error', 'invalid_scope');
    target.searchParams.set('error_description', 'The requested scopes were not registered for this client');
    target.searchParams.set('state', q.get('state') ?? '');
    return redirect(res, target.toString());
  }
  const request: AuthRequest = {
    id: randomToken(16),
    clientId: client.clientId,
    redirectUri,
    state: q.get('state') ?? '',
    codeChallenge,
    // Nothing asked for: the client's registered scopes.
    scopes: asked.length ? asked : [...client.scopes],
  };
  if (state.config.autoApprove) return redirect(res, approveAuthRequest(state, request));
  state.authRequests.set(request.id, request);
  const html = consentPage('Allow access?', 'Allow this application to access your AWS accounts?', '/authorize/decision', { request: request.id });
  sendText(res, 200, html, 'text/html; charset=utf-8');
}

function approveAuthRequest(state: FakeState, request: AuthRequest): string {
  const code = state.secret('', 32);
  state.authCodes.set(code, { ...request, code, expiresAt: state.now() + 10 * 60_000, used: false });
  state.stats.signIns++;
  const target = new URL(request.redirectUri);
  target.searchParams.set('code', code);
  target.searchParams.set('state', request.state);
  return target.toString();
}

export async function authorizeDecision({ res, body, state }: RouteContext): Promise<void> {
  const form = new URLSearchParams(body);
  const request = state.authRequests.get(form.get('request') ?? '');
  if (!request) return sendText(res, 400, messagePage('Invalid request', 'This sign-in request is not valid any more.'), 'text/html; charset=utf-8');
  state.authRequests.delete(request.id);
  if (form.get('decision') === 'approve') return redirect(res, approveAuthRequest(state, request));
  const target = new URL(request.redirectUri);
  target.searchParams.set('error', 'access_denied');
  target.searchParams.set('state', request.state);
  redirect(res, target.toString());
}

export async function createToken(ctx: RouteContext): Promise<void> {
  const { res, body, state } = ctx;
  state.stats.tokenCalls++;
  // The mixed-fault mode, before anything is decided or consumed (a failed call changes nothing).
  switch (state.randomFault('token')) {
    case 500:
      return oidcError(res, 'InternalServerException', 'An internal error occurred', 500);
    case 429:
      // Not a modeled SSO-OIDC error: what AWS's front door answers when it throttles.
      return sendJson(res, 429, { message: 'Rate exceeded' }, { 'x-amzn-errortype': 'ThrottlingException' });
    case 'drop':
      return dropConnection(res);
    case 'malformed':
      return sendTruncatedJson(res, '{"accessToken": ');
    case 'slow':
      await slowDown(state.randomFaults.current);
      break;
  }
  const input = jsonBody(body);
  // CreateToken's optional `scope` narrows the grant; it can never widen it.
  const asked = Array.isArray(input.scope) ? strList(input.scope) : undefined;
  state.stats.scopeRequests.token.push(asked ?? null);
  const client = clientFrom(state, str(input.clientId), str(input.clientSecret));
  if (!client) return oidcError(res, 'InvalidClientException', 'Invalid client provided', 401);
  const grant = (granted: string[]): string[] | undefined => {
    if (!asked?.length) return granted;
    if (!withinScopes(asked, granted)) {
      oidcError(res, 'InvalidScopeException', 'The requested scopes exceed what was granted');
      return undefined;
    }
    return asked;
  };
  const grantType = str(input.grantType);
  if (grantType === DEVICE_GRANT) return deviceCodeGrant(ctx, client, str(input.deviceCode), grant);
  if (grantType === 'authorization_code') {
    if (!client.pkce) return oidcError(res, 'UnauthorizedClientException', 'Client is not registered for authorization_code');
    const code = state.authCodes.get(str(input.code) ?? '');
    if (!code || code.used || code.clientId !== client.clientId || code.expiresAt <= state.now()) {
      return oidcError(res, 'InvalidGrantException', 'Invalid authorization code provided');
    }
    if (str(input.redirectUri) !== code.redirectUri) return oidcError(res, 'InvalidGrantException', 'redirectUri does not match');
    const verifier = str(input.codeVerifier) ?? '';
    if (createHash('sha256').update(verifier).digest('base64url') !== code.codeChallenge) {
      return oidcError(res, 'InvalidGrantException', 'Invalid code verifier');
    }
    const scopes = grant(code.scopes);
    if (!scopes) return;
    code.used = true;
    state.stats.tokens.authorizationCode++;
    return sendJson(res, 200, issueTokens(state, client, randomToken(12), scopes));
  }
  if (grantType === 'refresh_token') {
    const refresh = state.refreshTokens.get(str(input.refreshToken) ?? '');
    if (!refresh || refresh.invalid || refresh.clientId !== client.clientId) {
      return oidcError(res, 'InvalidGrantException', 'Invalid refresh token provided');
    }
    const scopes = grant(refresh.scopes);
    if (!scopes) return;
    if (state.config.strictRefreshRotation) refresh.invalid = true;
    state.stats.tokens.refreshToken++;
    return sendJson(res, 200, issueTokens(state, client, refresh.sessionId, scopes));
  }
  oidcError(res, 'UnsupportedGrantTypeException', `Unsupported grant type: ${grantType ?? '(none)'}`);
}

function deviceCodeGrant(
  { res, state }: RouteContext,
  client: ClientRecord,
  deviceCode: string | undefined,
  grant: (granted: string[]) => string[] | undefined,
): void {
  const device = state.devices.get(deviceCode ?? '');
  if (!device || device.clientId !== client.clientId || device.status === 'consumed') {
    return oidcError(res, 'InvalidGrantException', 'Invalid device code provided');
  }
  const now = state.now();
  if (device.expiresAt <= now) return oidcError(res, 'ExpiredTokenException', 'Device code has expired');
  if (device.status === 'denied') return oidcError(res, 'AccessDeniedException', 'Access denied');
  if (device.status === 'pending') {
    // Only a still-pending poll is judged for speed: once approved, hand the token over.
    const tooFast = device.lastPollAt !== undefined && now - device.lastPollAt < state.config.deviceInterval * 1000 - POLL_TOLERANCE_MS;
    device.lastPollAt = now;
    if (tooFast) return oidcError(res, 'SlowDownException', 'Client is polling too fast');
    return oidcError(res, 'AuthorizationPendingException', 'Authorization is still pending');
  }
  const scopes = grant([...client.scopes]);
  if (!scopes) return;
  device.status = 'consumed';
  state.stats.tokens.deviceCode++;
  sendJson(res, 200, issueTokens(state, client, randomToken(12), scopes));
}

/** Every scope asked for was registered (a client registered with none takes none). */
function withinScopes(asked: string[], allowed: string[]): boolean {
  return asked.every((s) => allowed.includes(s));
}

/** Access token (and refresh token when the client registered with the portal scope), both
 * granted `scopes`; fake.scopesOf(accessToken) tells a test which. */
function issueTokens(state: FakeState, client: ClientRecord, sessionId: string, scopes: string[]): Record<string, unknown> {
  const accessToken = state.secret('aoa', 96);
  const expiresIn = state.config.accessTokenTtlSeconds;
  state.accessTokens.set(accessToken, {
    token: accessToken,
    clientId: client.clientId,
    sessionId,
    expiresAt: state.now() + expiresIn * 1000,
    invalid: false,
    scopes,
  });
  const out: Record<string, unknown> = { accessToken, tokenType: 'Bearer', expiresIn };
  if (client.scopes.includes(PORTAL_SCOPE)) {
    const refreshToken = state.secret('aor', 96);
    state.refreshTokens.set(refreshToken, { token: refreshToken, clientId: client.clientId, sessionId, invalid: false, scopes });
    out.refreshToken = refreshToken;
  }
  return out;
}
