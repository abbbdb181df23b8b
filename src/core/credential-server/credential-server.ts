import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import { isIPv4, type AddressInfo } from 'node:net';
import { LatchkeyError } from '../errors';
import type { Logger } from '../log';
import { registerSecret } from '../redact';
import type { RoleCredentials } from '../types';
import { isoUtc } from '../sso/token-cache';
import { TokenBucket } from './token-bucket';

// A container-credentials endpoint (what ECS gives a task): every AWS SDK reads
// AWS_CONTAINER_CREDENTIALS_FULL_URI and sends AWS_CONTAINER_AUTHORIZATION_TOKEN as the
// Authorization header. Only a program given both gets anything: the path and the token are
// random, the token is compared in constant time, and whatever a web page could send is
// refused (a foreign Host is DNS rebinding, any Origin is a browser).

export interface ServedRole {
  /** Names the role in log lines. */
  label: string;
  current(): Promise<RoleCredentials>;
}

export interface Endpoint {
  url: string;
  /** The Authorization header value; never logged. */
  token: string;
}

export interface CredentialServerOptions {
  /** 0 (default) for a random free port. */
  port?: number;
  /** The address to listen on: loopback unless a person chose otherwise (containers reach
   * the machine on another one; 0.0.0.0 listens on every interface). */
  bind?: string;
  logger?: Logger;
  /** Requests a second on average, and the burst (defaults 20 and 40). */
  rate?: { perSecond: number; burst: number };
  now?: () => number;
}

export interface CredentialServer {
  port: number;
  /** Serves `role` at a new random path with a new random token. */
  add(role: ServedRole): Endpoint;
  /** Stops serving an endpoint `add` returned: its path answers 404 from now on. */
  remove(endpoint: Endpoint): void;
  close(): Promise<void>;
}

const MAX_HEADER_BYTES = 8 * 1024;
const LOOPBACK = '127.0.0.1';
const ANY_ADDRESS = '0.0.0.0';

export async function startCredentialServer(options: CredentialServerOptions = {}): Promise<CredentialServer> {
  const routes = new Map<string, { role: ServedRole; digest: Buffer }>();
  const now = options.now ?? Date.now;
  const bucket = new TokenBucket(options.rate?.perSecond ?? 20, options.rate?.burst ?? 40, now);
  const log = options.logger;
  const bind = options.bind ?? LOOPBACK;
  let port = 0;

  const server = http.createServer({ maxHeaderSize: MAX_HEADER_BYTES, requestTimeout: 10_000, headersTimeout: 5_000 }, (req, res) => {
    const refuse = (status: number, code: string, message: string) => {
      log?.warn('credential server: request refused', { status, code });
      send(res, status, { code, message });
    };
    if (!bucket.take()) return refuse(429, 'TooManyRequests', 'Too many requests; try again in a moment.');
    if (!isOwnHost(req.headers.host, port, bind)) return refuse(403, 'ForeignHost', 'This endpoint answers only requests addressed to itself.');
    if (req.headers.origin !== undefined || req.headers['sec-fetch-site'] !== undefined) {
      return refuse(403, 'BrowserRequest', 'This endpoint does not answer web pages.');
    }
    if (req.method !== 'GET') return refuse(405, 'MethodNotAllowed', 'Only GET is answered.');
    if (hasBody(req)) return refuse(413, 'BodyNotAllowed', 'A credentials request has no body.');
    const route = routes.get(pathOnly(req.url));
    if (!route) return refuse(404, 'NotFound', 'No credentials are served at this path.');
    const given = req.headers.authorization;
    if (typeof given !== 'string' || !timingSafeEqual(digest(given), route.digest)) {
      return refuse(401, 'Unauthorized', 'The Authorization header does not hold this endpoint’s token.');
    }
    route.role.current().then(
      (creds) => {
        log?.debug('credential server: credentials served', { role: route.role.label, expiration: isoUtc(creds.expiration) });
        send(res, 200, {
          AccessKeyId: creds.accessKeyId,
          SecretAccessKey: creds.secretAccessKey,
          Token: creds.sessionToken,
          Expiration: isoUtc(creds.expiration),
        });
      },
      (err: unknown) => {
        const message = err instanceof Error ? err.message : String(err);
        log?.warn('credential server: no credentials to serve', { role: route.role.label, error: message });
        send(res, 503, { code: err instanceof LatchkeyError ? err.code : 'Unavailable', message });
      },
    );
  });
  server.maxHeadersCount = 50;
  server.maxConnections = 64;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, bind, () => {
      server.off('error', reject);
      resolve();
    });
  }).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'EADDRINUSE')
      throw new LatchkeyError('BAD_INPUT', `Port ${options.port} on ${bind} is already in use.`, {
        hint: 'Choose another --port, or leave it out for a free one.',
      });
    if (err.code === 'EADDRNOTAVAIL')
      throw new LatchkeyError('BAD_INPUT', `This machine has no address ${bind} to listen on.`, {
        hint: 'Choose one of its own addresses, or 0.0.0.0 for all.',
      });
    throw err;
  });
  port = (server.address() as AddressInfo).port;

  return {
    port,
    add(role) {
      const path = `/latchkey/${randomBytes(16).toString('hex')}`;
      const token = randomBytes(32).toString('base64url');
      registerSecret(token);
      routes.set(path, { role, digest: digest(token) });
      return { url: `http://${bind === ANY_ADDRESS ? LOOPBACK : bind}:${port}${path}`, token };
    },
    remove(endpoint) {
      routes.delete(new URL(endpoint.url).pathname);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A Host header naming this server: loopback by name or number, or, once a person chose to
 * listen beyond loopback, any IP address (a container addresses the machine by one). A DNS
 * name other than localhost is refused: that is what a rebinding page sends. */
function isOwnHost(host: string | undefined, port: number, bind: string): boolean {
  if (host === `${LOOPBACK}:${port}` || host === `localhost:${port}`) return true;
  if (bind === LOOPBACK || host === undefined) return false;
  const name = host.endsWith(`:${port}`) ? host.slice(0, -`:${port}`.length) : undefined;
  if (name === undefined) return false;
  if (bind !== ANY_ADDRESS) return name === bind;
  return isIPv4(name) || name === 'host.docker.internal';
}

/** Equal-length inputs for timingSafeEqual whatever was sent. */
function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

function hasBody(req: http.IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

function pathOnly(url: string | undefined): string {
  return (url ?? '').split('?')[0]!.slice(0, 200);
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(text);
}
