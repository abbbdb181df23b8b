import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { LatchkeyError } from '../errors';

// A browser is started with its URL in its arguments, which any local user can read from the
// process list; a console sign-in URL is a bearer credential. So the browser is given a local
// URL instead: 127.0.0.1, a random path, answered once with a redirect to the real URL.

export const ONE_TIME_URL_TTL_MS = 60_000;

export interface OneTimeUrl {
  /** http://127.0.0.1:PORT/RANDOM — safe to show in a process list. */
  url: string;
  /** True once the browser fetched it (and was redirected); false when the time ran out. */
  fetched: Promise<boolean>;
  /** Stops serving before the time runs out (the URL then answers nothing). */
  close(): void;
}

const live = new Set<string>();

/** True for a one-time URL this process serves right now (the app's URL gate lets these through). */
export function isLiveOneTimeUrl(url: string): boolean {
  return live.has(url);
}

export async function serveOnce(target: string, options: { ttlMs?: number } = {}): Promise<OneTimeUrl> {
  const path = `/${randomBytes(24).toString('base64url')}`;
  let settle!: (fetched: boolean) => void;
  const fetched = new Promise<boolean>((resolve) => (settle = resolve));
  let served = false;
  const server = http.createServer((req, res) => {
    const wanted = !served && req.method === 'GET' && req.url === path;
    if (!wanted) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
      res.end('Not found\n');
      return;
    }
    served = true;
    res.writeHead(302, { location: target, 'cache-control': 'no-store', 'referrer-policy': 'no-referrer', 'content-length': 0 });
    res.end(() => finish(true));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`;
  live.add(url);
  const timer = setTimeout(() => finish(false), options.ttlMs ?? ONE_TIME_URL_TTL_MS);
  timer.unref();
  function finish(wasFetched: boolean): void {
    clearTimeout(timer);
    live.delete(url);
    server.close();
    server.closeAllConnections();
    settle(wasFetched);
  }
  return { url, fetched, close: () => finish(false) };
}

/**
 * Opens `url` through a one-time local URL and waits until the browser fetched it: the opener
 * only ever sees the local URL. TIMEOUT when no browser came for it in time.
 */
export async function openThroughOneTimeUrl(url: string, open: (localUrl: string) => Promise<void>, options: { ttlMs?: number } = {}): Promise<void> {
  const once = await serveOnce(url, options);
  try {
    await open(once.url);
  } catch (err) {
    once.close();
    throw err;
  }
  if (!(await once.fetched)) {
    const seconds = Math.round((options.ttlMs ?? ONE_TIME_URL_TTL_MS) / 1000);
    throw new LatchkeyError('TIMEOUT', `The browser did not open the console within ${seconds} seconds.`, {
      hint: 'Check that a browser window opened; or print the URL and open it yourself.',
    });
  }
}
