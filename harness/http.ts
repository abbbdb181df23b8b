import type http from 'node:http';

// Small pieces the harness's renderer servers share.

export interface RendererServer {
  handle(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void>;
  close(): Promise<void>;
}

/** Puts the bridge before the app's first script, so window.latchkey exists when it boots, and
 * after the CSP <meta>, so the page's policy governs it too. */
export function injectBridge(html: string): string {
  const tag = '<script src="/harness-bridge.js"></script>';
  const at = html.indexOf('<script', Math.max(0, html.search(/<meta[^>]+Content-Security-Policy/i)));
  return at === -1 ? html.replace('</head>', `${tag}\n</head>`) : `${html.slice(0, at)}${tag}\n    ${html.slice(at)}`;
}

export function send(res: http.ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  res.end(body);
}

