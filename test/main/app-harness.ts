import fs from 'node:fs/promises';
import path from 'node:path';
import { ManualClock } from '../../src/core/clock';
import { createLogger } from '../../src/core/log';
import { startApp, type RunningApp } from '../../src/main/app-lifecycle';
import { createMemorySettingsStore } from '../../src/main/settings/memory-settings';
import type { Updater } from '../../src/main/updates';
import type { InvokeChannel, RequestOf } from '../../src/shared/contract';
import type { IpcResult } from '../../src/shared/errors';
import type { Settings } from '../../src/shared/views';
import { browse, type FakeAws } from '../../devkit/fake-aws';
import { FakeBrowserWindow, FakeTray, fake, type FakeMenuItem } from './fake-electron';
import { tempHome } from '../../devkit/home';

// The whole main process (startApp) on the fake Electron module, with the real core
// against the emulator in a temporary HOME. Test files must vi.mock('electron') themselves.

export const OUT_DIR = path.resolve('/app/out/main');
export const ASSETS_DIR = path.resolve('/app/assets');

export interface AppUnderTest {
  app: RunningApp;
  clock: ManualClock;
  home: string;
  logLines: string[];
  popup: FakeBrowserWindow;
  tray: FakeTray;
  /** Calls a channel the way the popup's main frame does (or as `event` says). */
  invoke<C extends InvokeChannel>(channel: C, request?: RequestOf<C> | unknown, event?: unknown): Promise<IpcResult<unknown>>;
  trustedEvent(): { sender: unknown; senderFrame: unknown };
  /** Every payload the popup received. */
  sent(): { channel: string; payload: unknown }[];
  close(): Promise<void>;
}

export async function startAppUnderTest(
  aws: FakeAws | undefined,
  options: { env?: Record<string, string>; settings?: Partial<Settings>; clock?: ManualClock; updater?: Updater } = {},
): Promise<AppUnderTest> {
  fake.reset();
  const home = (await tempHome('main')).home;
  const clock = options.clock ?? new ManualClock(Date.now());
  const logLines: string[] = [];
  // The emulator's sign-in page, approved as a person would in the browser.
  fake.onOpenExternal = async (url) => {
    if (aws && url.includes('/authorize')) await browse(url, 'approve');
  };
  const env = options.env ?? {
    ...(aws?.env ?? {}),
    LATCHKEY_HOME: path.join(home, '.latchkey'),
    AWS_CONFIG_FILE: path.join(home, '.aws', 'config'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(home, '.aws', 'credentials'),
  };
  const app = await startApp({
    env,
    homedir: home,
    clock,
    logger: createLogger((line) => logLines.push(line), 'debug'),
    createSettings: () => createMemorySettingsStore(options.settings ?? {}),
    outDir: OUT_DIR,
    assetsDir: ASSETS_DIR,
    quitGraceMs: 2_000,
    ...(options.updater ? { createUpdater: () => options.updater } : {}),
  });
  if (!app) throw new Error('startApp did not start');
  const popup = FakeBrowserWindow.instances[0]!;
  const tray = FakeTray.instances[0]!;
  // Let the window finish loading (loadFile is async in the fake, as in Electron).
  await new Promise((r) => setImmediate(r));
  const trustedEvent = () => ({ sender: popup.webContents, senderFrame: popup.webContents.mainFrame });
  return {
    app,
    clock,
    home,
    logLines,
    popup,
    tray,
    trustedEvent,
    async invoke(channel, request, event) {
      const handler = fake.ipcMain.handlers.get(channel);
      if (!handler) throw new Error(`no handler for ${channel}`);
      return (await handler(event ?? trustedEvent(), request)) as IpcResult<unknown>;
    },
    sent: () => popup.webContents.sent,
    async close() {
      await app.shutdown();
      await fs.rm(home, { recursive: true, force: true });
    },
  };
}

/** Adds the emulator's organisation as session "corp" and signs in through the IPC channels. */
export async function signInThroughIpc(t: AppUnderTest, aws: FakeAws): Promise<void> {
  const added = await t.invoke('sessions.add', { startUrl: aws.startUrl, region: aws.region, name: 'corp' });
  if (!added.ok) throw new Error(`sessions.add: ${added.message}`);
  const login = await t.invoke('sessions.login', { session: 'corp', flow: 'pkce' });
  if (!login.ok) throw new Error(`sessions.login: ${login.message}`);
}

/** The first menu item with this label, searched through the submenus. */
export function findMenuItem(items: FakeMenuItem[] | undefined, label: string): FakeMenuItem | undefined {
  for (const item of items ?? []) {
    if (item.label === label) return item;
    const inner = findMenuItem(item.submenu, label);
    if (inner) return inner;
  }
  return undefined;
}
