import fsp from 'node:fs/promises';
import type http from 'node:http';
import path from 'node:path';
import react from '@vitejs/plugin-react';
import { createServer } from 'vite';
import { injectBridge, send, type RendererServer } from './http';

// `npm run dev:web`: the renderer compiled live by Vite (middleware mode, hot reload over the
// harness's own HTTP server) instead of the built out/renderer the tests use.

const ROOT = path.resolve(__dirname, '..', 'src', 'renderer');

export async function createViteRenderer(httpServer: http.Server, key: string): Promise<RendererServer> {
  const vite = await createServer({
    root: ROOT,
    configFile: false,
    appType: 'custom',
    logLevel: 'warn',
    plugins: [react()],
    server: { middlewareMode: true, hmr: { server: httpServer } },
  });
  return {
    async handle(req, res, url) {
      if (url.pathname === '/' || url.pathname === '/index.html') {
        const html = await vite.transformIndexHtml(url.pathname, await fsp.readFile(path.join(ROOT, 'index.html'), 'utf8'));
        // Development only: React Fast Refresh needs an inline preamble script and Vite injects
        // CSS as <style> elements. The built renderer (tests, the app) keeps the strict policy.
        const devHtml = html.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'").replace("style-src 'self'", "style-src 'self' 'unsafe-inline'");
        return send(res, 200, 'text/html; charset=utf-8', injectBridge(devHtml, key));
      }
      await new Promise<void>((resolve) => {
        vite.middlewares(req, res, () => {
          send(res, 404, 'text/plain', 'not found');
          resolve();
        });
        res.once('finish', () => resolve());
      });
    },
    close: () => vite.close(),
  };
}
