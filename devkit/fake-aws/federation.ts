import { consoleSignIn } from './console';
import { type RouteContext, redirect, sendJson, sendText } from './http-util';

// Console federation (signin.aws.amazon.com/federation). It only honours credentials this
// fake issued, and enforces the rules that trip real tools: no SessionDuration for chained
// roles or GetFederationToken credentials, no console at all for GetSessionToken credentials.

const SIGNIN_TOKEN_TTL_MS = 15 * 60_000;

export async function federation(ctx: RouteContext): Promise<void> {
  const action = ctx.url.searchParams.get('Action');
  if (action === 'getSigninToken') return getSigninToken(ctx);
  if (action === 'login') return login(ctx);
  sendText(ctx.res, 400, `Unsupported Action: ${action ?? '(none)'}`);
}

function getSigninToken({ res, url, state }: RouteContext): void {
  const q = url.searchParams;
  let session: { sessionId?: unknown; sessionKey?: unknown; sessionToken?: unknown };
  try {
    session = JSON.parse(q.get('Session') ?? '') as typeof session;
  } catch {
    return sendText(res, 400, 'Session must be JSON {sessionId, sessionKey, sessionToken}');
  }
  const creds = typeof session.sessionId === 'string' ? state.credentials.get(session.sessionId) : undefined;
  if (!creds || creds.secretAccessKey !== session.sessionKey || !creds.sessionToken || creds.sessionToken !== session.sessionToken) {
    return sendText(res, 400, 'The credentials are not valid temporary security credentials');
  }
  if (creds.expiration !== undefined && creds.expiration <= state.now()) return sendText(res, 400, 'The credentials have expired');
  if (creds.kind === 'session-token') return sendText(res, 400, 'Credentials from GetSessionToken cannot be used to sign in to the console');
  const duration = q.get('SessionDuration');
  if (duration !== null) {
    if (creds.chained || creds.kind === 'federation-token') {
      return sendText(res, 400, 'SessionDuration is not allowed for role-chaining or GetFederationToken credentials');
    }
    const seconds = Number(duration);
    if (!Number.isInteger(seconds) || seconds < 900 || seconds > 43200) return sendText(res, 400, 'SessionDuration must be 900..43200');
  }
  const token = state.secret('', 300);
  state.signinTokens.set(token, { token, createdAt: state.now(), accountId: creds.accountId, arn: creds.arn });
  state.stats.federation.signinTokens++;
  sendJson(res, 200, { SigninToken: token });
}

function login(ctx: RouteContext): void {
  const { res, url, state } = ctx;
  const q = url.searchParams;
  const record = state.signinTokens.get(q.get('SigninToken') ?? '');
  if (!record || state.now() - record.createdAt >= SIGNIN_TOKEN_TTL_MS) return sendText(res, 400, 'The sign-in token is invalid or has expired');
  const destination = q.get('Destination') ?? '';
  try {
    new URL(destination);
  } catch {
    return sendText(res, 400, 'Destination must be an absolute URL');
  }
  if (!consoleSignIn(ctx, { accountId: record.accountId, arn: record.arn })) return;
  state.stats.federation.logins.push(destination);
  redirect(res, destination);
}
