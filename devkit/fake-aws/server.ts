import http from 'node:http';
import type { FakeAws } from './types';
import type { FakeState } from './state';
import { type RouteContext, readBody, sendJson } from './http-util';
import { authorize, authorizeDecision, createToken, deviceDecision, devicePage, registerClient, startDeviceAuthorization } from './oidc';
import { portal } from './portal';
import { federation } from './federation';
import { consolePage, consoleSignOut } from './console';
import { sts } from './sts';
import { control } from './control';

type Handler = (ctx: RouteContext) => Promise<void>;

// One server for every service: the paths of SSO-OIDC, the portal, console federation and
// STS do not overlap, so each SDK client can point its endpoint at the same URL.
const ROUTES: Record<string, Handler> = {
  'POST /client/register': registerClient,
  'POST /device_authorization': startDeviceAuthorization,
  'POST /token': createToken,
  'GET /authorize': authorize,
  'POST /authorize/decision': authorizeDecision,
  'GET /device': devicePage,
  'POST /device/decision': deviceDecision,
  'GET /assignment/accounts': (ctx) => portal(ctx, 'ListAccounts'),
  'GET /assignment/roles': (ctx) => portal(ctx, 'ListAccountRoles'),
  'GET /federation/credentials': (ctx) => portal(ctx, 'GetRoleCredentials'),
  'POST /logout': (ctx) => portal(ctx, 'Logout'),
  'GET /federation': federation,
  'GET /oauth': consoleSignOut,
  'POST /': sts,
  'GET /': sts,
};

export function createServer(state: FakeState, fake: () => FakeAws): http.Server {
  const server = http.createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const body = await readBody(req);
      const ctx: RouteContext = { req, res, url, body, state };
      // AWS stamps every answer with its own time; with `now` set, the fake's time (skew tests).
      res.setHeader('date', new Date(state.now()).toUTCString());
      if (url.pathname.startsWith('/_fake/')) return control(ctx, fake());
      if (req.method === 'GET' && (url.pathname === '/console' || url.pathname.startsWith('/console/'))) return consolePage(ctx);
      const handler = ROUTES[`${req.method} ${url.pathname}`];
      if (!handler)
        return sendJson(res, 404, { message: `fake-aws: no route for ${req.method} ${url.pathname}` }, { 'x-amzn-errortype': 'UnknownOperationException' });
      await handler(ctx);
    })().catch((err: unknown) => {
      // A bug in the fake must be loud in the test that hit it, not a hung request.
      console.error('fake-aws: handler failed', err);
      if (!res.headersSent) sendJson(res, 500, { message: String(err) }, { 'x-amzn-errortype': 'InternalServerException' });
      else res.destroy();
    });
  });
  // Clients keep connections alive; close() must not wait for them.
  server.keepAliveTimeout = 1000;
  return server;
}
