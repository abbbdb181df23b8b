import { randomBytes, timingSafeEqual } from 'node:crypto';
import type http from 'node:http';
import { HARNESS_KEY_META } from './harness-key';

// Small pieces the harness's servers share, and its key (see harness-key.ts).

export function newHarnessKey(): string {
  return randomBytes(32).toString('base64url');
}

export function keyMatches(given: string | string[] | null | undefined, key: string): boolean {
  if (typeof given !== 'string' || given.length !== key.length) return false;
  return timingSafeEqual(Buffer.from(given), Buffer.from(key));
}

export interface RendererServer {
  handle(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void>;
  close(): Promise<void>;
}

/** Puts the bridge before the app's first script, so window.latchkey exists when it boots, and
 * after the CSP <meta>, so the page's policy governs it too; the key in a <meta> it reads (no
 * inline script: the CSP forbids it). */
export function injectBridge(html: string, key: string): string {
  const tag = `<meta name="${HARNESS_KEY_META}" content="${key}">\n    <script src="/harness-bridge.js"></script>`;
  const at = html.indexOf('<script', Math.max(0, html.search(/<meta[^>]+Content-Security-Policy/i)));
  return at === -1 ? html.replace('</head>', `${tag}\n</head>`) : `${html.slice(0, at)}${tag}\n    ${html.slice(at)}`;
}

export function send(res: http.ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  res.end(body);
}
