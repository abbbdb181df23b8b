import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { escapeHtml, redirect, sendText, type RouteContext } from './http-util';
import type { FakeState } from './state';

// The console's session in a browser, as AWS keeps it: a cookie per browser profile. Without
// multi-session support (its opt-in is per browser) one account at a time, and signing in as
// another account shows "You must first log out…"; with it, up to five identities, and the
// classic sign-out at /oauth answers 400. The emulated console page lives at /console/… on
// this server (tests map the console hosts here).

const COOKIE = 'fake-console-browser';
export const MAX_CONSOLE_SESSIONS = 5;
export const MUST_LOG_OUT_TEXT = 'You must first log out before logging into a different AWS account.';

export interface ConsoleIdentity {
  accountId: string;
  arn: string;
}

export interface ConsoleBrowser {
  multiSession: boolean;
  /** Most recent last. */
  identities: ConsoleIdentity[];
}

function browserOf(req: IncomingMessage, res: ServerResponse, state: FakeState): ConsoleBrowser {
  const id = /(?:^|;\s*)fake-console-browser=([A-Za-z0-9_-]+)/.exec(req.headers.cookie ?? '')?.[1];
  const known = id ? state.consoleBrowsers.get(id) : undefined;
  if (id && known) return known;
  const fresh = randomBytes(12).toString('hex');
  const browser: ConsoleBrowser = { multiSession: false, identities: [] };
  state.consoleBrowsers.set(fresh, browser);
  res.setHeader('set-cookie', `${COOKIE}=${fresh}; Path=/; HttpOnly; SameSite=Lax`);
  return browser;
}

function page(res: ServerResponse, status: number, title: string, body: string): void {
  sendText(res, status, `<!doctype html><title>${escapeHtml(title)}</title><h1>${escapeHtml(title)}</h1>${body}`, 'text/html; charset=utf-8');
}

/** Signs the browser in as `who` after a valid Action=login; false when AWS would refuse. */
export function consoleSignIn({ req, res, state }: RouteContext, who: ConsoleIdentity): boolean {
  const browser = browserOf(req, res, state);
  const others = browser.identities.filter((i) => i.accountId !== who.accountId);
  if (!browser.multiSession && others.length > 0) {
    page(res, 200, 'Amazon Web Services Sign-In', `<p id="must-log-out">${escapeHtml(MUST_LOG_OUT_TEXT)}</p>`);
    return false;
  }
  if (browser.multiSession && others.length >= MAX_CONSOLE_SESSIONS) {
    page(
      res,
      200,
      'Amazon Web Services Sign-In',
      `<p id="too-many">You have reached the maximum of ${MAX_CONSOLE_SESSIONS} sessions. Sign out of one first.</p>`,
    );
    return false;
  }
  browser.identities = [...(browser.multiSession ? others : []), who];
  return true;
}

/** GET /oauth?Action=logout&redirect_uri=…: signs out, then hands over (400 with multi-session on). */
export async function consoleSignOut({ req, res, url, state }: RouteContext): Promise<void> {
  if (url.searchParams.get('Action') !== 'logout') return sendText(res, 400, 'Unsupported Action');
  const browser = browserOf(req, res, state);
  if (browser.multiSession) return sendText(res, 400, 'Bad Request');
  browser.identities = [];
  state.stats.federation.logouts++;
  const next = url.searchParams.get('redirect_uri');
  if (!next || !URL.canParse(next)) return page(res, 200, 'You have signed out', '<p>Signed out of the AWS console.</p>');
  redirect(res, next);
}

/** GET /console/…: the emulated console. /console/multi-session turns multi-session on here. */
export async function consolePage({ req, res, url, state }: RouteContext): Promise<void> {
  const browser = browserOf(req, res, state);
  if (url.pathname === '/console/multi-session') {
    browser.multiSession = true;
    return page(res, 200, 'Multi-session support is on', '<p>You can now sign in to up to five identities in this browser.</p>');
  }
  const current = browser.identities.at(-1);
  if (!current) return page(res, 200, 'Amazon Web Services Sign-In', '<p id="signed-out">You are not signed in.</p>');
  const list = browser.identities.map((i) => `<li>${escapeHtml(i.arn)}</li>`).join('');
  page(
    res,
    200,
    'AWS Management Console',
    `<p id="signed-in-as">Signed in to account ${escapeHtml(current.accountId)} as ${escapeHtml(current.arn)}</p><ul id="sessions">${list}</ul>`,
  );
}
