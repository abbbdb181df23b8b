import fs from 'node:fs';
import fsp from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { build } from 'esbuild';
import { awsPaths } from '../src/core/aws/paths';
import { createContext } from '../src/core/context';
import { redact } from '../src/core/redact';
import { MemorySecretStore, type SecretStoreAvailability } from '../src/core/iam/secret-store';
import type { Latchkey } from '../src/core/sessions/latchkey';
import { listSsoSessions } from '../src/core/sessions/sso-sessions';
import { createHost, type EventSink } from '../src/main/host';
import type { Updater } from '../src/main/updates';
import { dispatch } from '../src/main/ipc/dispatch';
import { createMemorySettingsStore } from '../src/main/settings/memory-settings';
import { trayActions } from '../src/main/tray-actions';
import type { TrayAction } from '../src/main/tray-menu';
import { externalOpener } from '../src/main/url-allowlist';
import type { EventName, EventPayloads } from '../src/shared/contract';
import type { AppInfo } from '../src/shared/views';
import { startFakeAws, type FakeAws, type FakeAwsOptions } from '../devkit/fake-aws/index';
import { homeEnv } from '../devkit/home';
import { HARNESS_KEY_HEADER } from './harness-key';
import { injectBridge, keyMatches, newHarnessKey, send, type RendererServer } from './http';
import { withSecretsMasked } from './printable-url';
import { arrivalUrl } from '../devkit/one-time-url';

// The web harness: the real core and the real IPC handlers, served over loopback HTTP to an
// ordinary browser, so the renderer can be developed and tested end to end without Electron.
// It never ships (not under src/, not in electron-builder's files).
//
//   GET  /?key=KEY        the renderer's page, holding this run's key (harness-key.ts)
//   POST /rpc/<channel>   JSON request → dispatch() → JSON IpcResult (what ipcMain would return)
//   GET  /events?key=KEY  Server-Sent Events: every contract event the app would push
//   GET  /harness-bridge.js  window.latchkey over fetch + EventSource (harness/bridge-client.ts)
//   GET  /_harness/clipboard, /_harness/opened   what the app "copied" and "opened", when recording
//   GET  anything else    the renderer's files: built out/renderer, or Vite in middleware mode
//
// /rpc and /_harness/* take the key in the x-latchkey-harness-key header; without it (or
// without it in the page's URL) the answer is 403.

export const REPO = path.resolve(__dirname, '..');
const BUILT_RENDERER = path.join(REPO, 'out', 'renderer');

export interface HarnessOptions {
  /** HOME for the core (credentials, config, token cache, LATCHKEY_HOME). Default: a new temp dir. */
  home?: string;
  /** Extra environment for the core. When it sets AWS_ENDPOINT_URL_SSO_OIDC, no emulator is started. */
  env?: Record<string, string | undefined>;
  /** Port on 127.0.0.1; 0/undefined = random. */
  port?: number;
  /** Options for the emulator (devkit/fake-aws). */
  fake?: FakeAwsOptions;
  /** Active profiles refresh this long before they expire (createLatchkey option). */
  refreshMarginMs?: number;
  /** 'built' serves out/renderer (run `npm run build` first); 'vite' compiles src/renderer live. */
  renderer?: 'built' | 'vite';
  /** The OS locale app.info reports (the UI's "system" language). */
  locale?: string;
  /** Overrides what app.info reports, for display only (the screenshots show ~/.aws/credentials). */
  appInfo?: Partial<AppInfo>;
  /** The keychain's verdict: `{ok: false, reason}` plays a host where it can't be used (Linux
   * with no keyring). Default: available (kept in memory). */
  keychain?: SecretStoreAvailability;
  /** Called with every URL the app asks to open in the browser (dev:web prints them). */
  onOpenExternal?: (url: string) => void;
  /** Keep what the app opens and copies in `opened` and `clipboard` (and at /_harness/*), for a
   * test that checks them: URLs with SigninToken and Session masked, text with its secrets
   * masked. Off by default, so a harness holds no record of either. */
  record?: boolean;
  /** The app's updater (a test's, reading a local feed); none by default, as in a development build. */
  updater?: Updater;
}

export interface Harness {
  /** The origin, http://127.0.0.1:PORT. */
  url: string;
  /** The page to open: the origin with this run's key (`/?key=…`). */
  pageUrl: string;
  /** This run's key, which /rpc, /events and /_harness/* require. */
  key: string;
  /** fetch() of a path on the harness with the key in its header, as the page's bridge sends it. */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  port: number;
  home: string;
  env: Record<string, string>;
  /** The emulator, when the harness started one. */
  fake: FakeAws | undefined;
  latchkey: Latchkey;
  /** URLs the app opened in "the browser", oldest first, SigninToken masked (with `record`). */
  opened: string[];
  /** Text the app put on "the clipboard", oldest first, secrets masked (with `record`). */
  clipboard: string[];
  /** Pushes an event to every connected page, as the app's main process would. */
  emit<E extends EventName>(event: E, payload: EventPayloads[E]): void;
  /** A click on one of the tray menu's items (the page stands for the popup it opens). */
  trayAction(action: TrayAction): void;
  close(): Promise<void>;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  // Fail before starting anything that would need stopping.
  const key = newHarnessKey();
  const built = options.renderer === 'vite' ? undefined : builtRenderer(key);
  const ownHome = options.home === undefined;
  const home = options.home ?? (await fsp.mkdtemp(path.join(os.tmpdir(), 'latchkey-harness-')));
  const given = Object.fromEntries(Object.entries(options.env ?? {}).filter((e): e is [string, string] => e[1] !== undefined));
  const fake = given.AWS_ENDPOINT_URL_SSO_OIDC ? undefined : await startFakeAws(options.fake);
  const env: Record<string, string> = { ...homeEnv(home), ...given, ...(fake?.env ?? {}) };

  const opened: string[] = [];
  const clipboard: string[] = [];
  const sse = new Set<http.ServerResponse>();
  const emit: EventSink = (event, payload) => {
    const frame = `data: ${JSON.stringify({ event, payload })}\n\n`;
    for (const res of sse) res.write(frame);
  };

  // The app's allow-list, as the tray app applies it (loopback allowed: the emulator is local).
  const ctx = createContext({
    env,
    homedir: home,
    openUrl: externalOpener({
      startUrls: async () => (await listSsoSessions(ctx).catch(() => [])).map((s) => s.startUrl),
      allowLoopback: true,
      open: async (checked) => {
        const arrived = await arrivalUrl(checked);
        if (options.record) opened.push(withSecretsMasked(arrived));
        options.onOpenExternal?.(arrived);
      },
    }),
  });
  const version = (JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string }).version;
  const paths = awsPaths(ctx);
  const appInfo: AppInfo = {
    version,
    platform: process.platform,
    credentialsFile: paths.credentialsFile,
    configFile: paths.configFile,
    locale: options.locale ?? 'en-US',
    ...options.appInfo,
  };
  // What the tray app runs, with IAM users' keys kept in memory instead of the OS keychain.
  const settings = createMemorySettingsStore();
  const host = createHost({
    ctx,
    settings,
    secretStore: new MemorySecretStore(options.keychain),
    ...(options.refreshMarginMs === undefined ? {} : { refreshMarginMs: options.refreshMarginMs }),
    openExternal: (url) => ctx.openUrl(url),
    writeClipboard: (text) => {
      if (options.record) clipboard.push(redact(text));
    },
    hidePopup: () => undefined,
    appInfo: () => appInfo,
    ...(options.updater ? { updater: options.updater } : {}),
  });
  host.onEvent(emit);
  host.start();

  const bridgeJs = await bundleBridge();
  let port = 0;
  const server = http.createServer((req, res) => {
    void route(req, res).catch((err: unknown) => {
      // Handler errors are already data (dispatch); this is the harness itself failing.
      if (!res.headersSent) send(res, 500, 'text/plain', `harness error: ${(err as Error)?.message ?? String(err)}`);
      else res.end();
    });
  });
  const renderer: RendererServer = built ?? (await (await import('./vite-renderer')).createViteRenderer(server, key));

  async function route(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    // Loopback only, and only under our own host name: another web page (or a DNS-rebinding
    // one) must never reach an endpoint that writes credentials or reads the "clipboard".
    if (!isLoopbackRequest(req, port)) return send(res, 403, 'text/plain', 'forbidden');
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    if (needsKey(url.pathname) && !keyMatches(givenKey(req, url), key)) {
      return send(res, 403, 'text/plain', 'forbidden: open the address the harness printed (it carries this run’s key)');
    }

    if (url.pathname.startsWith('/rpc/')) {
      if (req.method !== 'POST') return send(res, 405, 'text/plain', 'POST only');
      if (!sameOriginWrite(req, port)) return send(res, 403, 'text/plain', 'forbidden origin');
      const body = await readBody(req, 1 << 20);
      let request: unknown;
      try {
        request = body === '' ? undefined : JSON.parse(body);
      } catch {
        return sendJson(res, { ok: false, code: 'BAD_INPUT', message: 'The request body is not JSON.' });
      }
      return sendJson(res, await dispatch(host.handlers, decodeURIComponent(url.pathname.slice('/rpc/'.length)), request));
    }
    if (url.pathname === '/events') {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
      res.write(': connected\n\n');
      sse.add(res);
      req.once('close', () => sse.delete(res));
      return;
    }
    if (url.pathname === '/harness-bridge.js') return send(res, 200, 'text/javascript; charset=utf-8', bridgeJs);
    if (url.pathname.startsWith('/_harness/') && !options.record) return send(res, 404, 'text/plain', 'not recording: start the harness with record: true');
    if (url.pathname === '/_harness/clipboard') return sendJson(res, { texts: clipboard });
    if (url.pathname === '/_harness/opened') return sendJson(res, { urls: opened });
    return renderer.handle(req, res, url);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;

  const origin = `http://127.0.0.1:${port}`;
  return {
    url: origin,
    pageUrl: `${origin}/?key=${key}`,
    key,
    fetch: (path, init = {}) =>
      fetch(`${origin}${path}`, { ...init, headers: { ...(init.headers as Record<string, string> | undefined), [HARNESS_KEY_HEADER]: key } }),
    port,
    home,
    env,
    fake,
    latchkey: host.latchkey,
    opened,
    clipboard,
    emit,
    trayAction: trayActions({
      run: (channel, request) => dispatch(host.handlers, channel, request),
      signIn: (session) => void dispatch(host.handlers, 'sessions.login', { session, flow: 'auto' }),
      showPopup: () => undefined,
      restartToUpdate: () => host.updates.restart(),
      quit: () => undefined,
      consoleMode: () => settings.get().consoleMode,
      askConsoleMode: (target) => emit('console-mode-needed', { target }),
    }),
    async close() {
      host.stop();
      for (const res of sse) res.end();
      sse.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await renderer.close();
      await fake?.close();
      if (ownHome) await fsp.rm(home, { recursive: true, force: true });
    },
  };
}

/** The bridge, bundled for the browser once per harness start (a few ms with esbuild). */
async function bundleBridge(): Promise<string> {
  const result = await build({
    entryPoints: [path.join(__dirname, 'bridge-client.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    minify: true,
    logLevel: 'warning',
  });
  return result.outputFiles[0]!.text;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

/** out/renderer as the app loads it (the same files electron-builder packages). */
function builtRenderer(key: string): RendererServer {
  const indexFile = path.join(BUILT_RENDERER, 'index.html');
  if (!fs.existsSync(indexFile)) {
    throw new Error(`${path.relative(REPO, indexFile)} is missing: run \`npm run build\` first (or start the harness with renderer: 'vite').`);
  }
  return {
    async handle(_req, res, url) {
      const rel = decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname);
      const file = path.resolve(BUILT_RENDERER, `.${rel}`);
      if (!file.startsWith(BUILT_RENDERER + path.sep)) return send(res, 404, 'text/plain', 'not found');
      let data: Buffer;
      try {
        data = await fsp.readFile(file);
      } catch {
        return send(res, 404, 'text/plain', 'not found');
      }
      const type = CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream';
      if (file === indexFile) return send(res, 200, type, injectBridge(data.toString('utf8'), key));
      send(res, 200, type, data);
    },
    async close() {},
  };
}

/** The page and /events take the key in the query (a browser opens the one, EventSource the
 * other: neither can set a header); /rpc and /_harness/* in the header. The renderer's other
 * files are the app's code, the same for everyone. */
const KEY_IN_QUERY = new Set(['/', '/index.html', '/events']);

function needsKey(pathname: string): boolean {
  return KEY_IN_QUERY.has(pathname) || pathname.startsWith('/rpc/') || pathname.startsWith('/_harness/');
}

function givenKey(req: http.IncomingMessage, url: URL): string | string[] | null | undefined {
  return KEY_IN_QUERY.has(url.pathname) ? url.searchParams.get('key') : req.headers[HARNESS_KEY_HEADER];
}

const LOOPBACK_ADDRESSES = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

function isLoopbackRequest(req: http.IncomingMessage, port: number): boolean {
  if (!LOOPBACK_ADDRESSES.has(req.socket.remoteAddress ?? '')) return false;
  const host = req.headers.host;
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
}

/** A write must come from our own page (or from a non-browser client that sends no Origin),
 * as JSON (a cross-site form cannot send that without a CORS preflight we never answer). */
function sameOriginWrite(req: http.IncomingMessage, port: number): boolean {
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== `http://127.0.0.1:${port}` && origin !== `http://localhost:${port}`) return false;
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return false;
  return (req.headers['content-type'] ?? '').split(';')[0]!.trim() === 'application/json';
}

function readBody(req: http.IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new Error('request body too large'));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.once('error', reject);
  });
}

function sendJson(res: http.ServerResponse, value: unknown): void {
  send(res, 200, 'application/json', JSON.stringify(value));
}
