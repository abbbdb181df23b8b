import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { AppImageUpdater } from 'electron-updater';
import { fake, provideElectronToRequire } from '../main/fake-electron';

// A local update feed and electron-updater's real AppImage updater (the one that runs on Linux)
// reading it, with only Electron faked (its net is Node's http). The feed is what the generic
// provider reads: latest-linux.yml and the AppImage it names.

export const NEW_APP = Buffer.from('#!/bin/sh\necho "Latchkey 0.2.0"\n');
export const sha512 = (data: Buffer) => createHash('sha512').update(data).digest('base64');

export interface UpdateFeed {
  url: string;
  /** Every path asked for, in order. */
  requests: string[];
  close(): Promise<void>;
}

/** latest-linux.yml naming `version`, whose AppImage has `checksum` (the real one unless told). */
export async function startUpdateFeed(version: string, checksum = sha512(NEW_APP)): Promise<UpdateFeed> {
  const requests: string[] = [];
  const file = `Latchkey-${version}.AppImage`;
  const yml = [
    `version: ${version}`,
    'files:',
    `  - url: ${file}`,
    `    sha512: ${checksum}`,
    `    size: ${NEW_APP.length}`,
    `path: ${file}`,
    `sha512: ${checksum}`,
    "releaseDate: '2026-12-01T00:00:00.000Z'",
    '',
  ].join('\n');
  const server = http.createServer((req, res) => {
    requests.push(req.url ?? '');
    if (req.url?.startsWith('/latest-linux.yml')) res.writeHead(200, { 'content-type': 'text/yaml' }).end(yml);
    else if (req.url === `/${file}`) res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': NEW_APP.length }).end(NEW_APP);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/**
 * Plays an installed AppImage living in `dir`: the running file the update would replace, the
 * cache the download goes to and Electron's userData. Returns the function that undoes it.
 */
export async function playInstalledAppImage(dir: string): Promise<{ cacheDir: string; restore(): void }> {
  const saved = { APPIMAGE: process.env.APPIMAGE, XDG_CACHE_HOME: process.env.XDG_CACHE_HOME };
  fake.paths = { userData: path.join(dir, 'userData') };
  process.env.APPIMAGE = path.join(dir, 'Latchkey-0.1.0.AppImage');
  process.env.XDG_CACHE_HOME = path.join(dir, 'cache');
  await fs.writeFile(process.env.APPIMAGE, 'old', { mode: 0o755 });
  return {
    cacheDir: process.env.XDG_CACHE_HOME,
    restore() {
      for (const [key, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    },
  };
}

/** electron-updater's AppImage updater as a packaged app would have it, reading `feedUrl`. */
export async function appImageUpdater(feedUrl: string, dir: string): Promise<AppImageUpdater> {
  provideElectronToRequire();
  const { AppImageUpdater } = await import('electron-updater');
  const updater = new AppImageUpdater();
  // The feed and the cache folder name electron-builder would write into app-update.yml.
  const config = path.join(dir, 'app-update.yml');
  await fs.writeFile(config, `provider: generic\nurl: ${feedUrl}\nupdaterCacheDirName: latchkey-updater\n`);
  updater.updateConfigPath = config;
  updater.forceDevUpdateConfig = true;
  updater.setFeedURL({ provider: 'generic', url: feedUrl });
  return updater;
}
