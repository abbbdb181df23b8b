import path from 'node:path';
import { LatchkeyError } from '../errors';

// Which browsers can take a console profile or container, found from their usual install
// places. Pure: the platform, environment and a file-exists probe are passed in, so each OS is
// tested from any machine.

export type BrowserId = 'chrome' | 'chromium' | 'brave' | 'edge' | 'vivaldi' | 'firefox';
export type BrowserFamily = 'chromium' | 'firefox';

export interface BrowserInstall {
  id: BrowserId | 'custom';
  name: string;
  path: string;
  family: BrowserFamily;
}

export interface BrowserProbes {
  platform: NodeJS.Platform;
  env: Readonly<Record<string, string | undefined>>;
  exists(file: string): boolean;
}

export const BROWSER_NAMES: Record<BrowserId, string> = {
  chrome: 'Google Chrome',
  chromium: 'Chromium',
  brave: 'Brave',
  edge: 'Microsoft Edge',
  vivaldi: 'Vivaldi',
  firefox: 'Firefox',
};

const MAC_APPS: Record<BrowserId, string> = {
  chrome: 'Google Chrome.app/Contents/MacOS/Google Chrome',
  chromium: 'Chromium.app/Contents/MacOS/Chromium',
  brave: 'Brave Browser.app/Contents/MacOS/Brave Browser',
  edge: 'Microsoft Edge.app/Contents/MacOS/Microsoft Edge',
  vivaldi: 'Vivaldi.app/Contents/MacOS/Vivaldi',
  firefox: 'Firefox.app/Contents/MacOS/firefox',
};

/** Relative to Program Files, Program Files (x86) and %LOCALAPPDATA% (per-user installs). */
const WINDOWS_EXES: Record<BrowserId, string> = {
  chrome: 'Google\\Chrome\\Application\\chrome.exe',
  chromium: 'Chromium\\Application\\chrome.exe',
  brave: 'BraveSoftware\\Brave-Browser\\Application\\brave.exe',
  edge: 'Microsoft\\Edge\\Application\\msedge.exe',
  vivaldi: 'Vivaldi\\Application\\vivaldi.exe',
  firefox: 'Mozilla Firefox\\firefox.exe',
};

const LINUX_BINARIES: Record<BrowserId, string[]> = {
  chrome: ['google-chrome', 'google-chrome-stable'],
  chromium: ['chromium', 'chromium-browser'],
  brave: ['brave-browser', 'brave'],
  edge: ['microsoft-edge', 'microsoft-edge-stable'],
  vivaldi: ['vivaldi', 'vivaldi-stable'],
  firefox: ['firefox'],
};

const IDS = Object.keys(BROWSER_NAMES) as BrowserId[];

/** Windows environment names are case-insensitive; an injected env is a plain object. */
export function envValue(env: BrowserProbes['env'], name: string): string | undefined {
  const key = Object.keys(env).find((k) => k.toLowerCase() === name.toLowerCase());
  return key ? env[key] || undefined : undefined;
}

function candidates(id: BrowserId, probes: BrowserProbes): string[] {
  const { platform, env } = probes;
  if (platform === 'darwin') {
    const home = envValue(env, 'HOME');
    return ['/Applications', ...(home ? [path.posix.join(home, 'Applications')] : [])].map((dir) => path.posix.join(dir, MAC_APPS[id]));
  }
  if (platform === 'win32') {
    const roots = ['ProgramFiles', 'ProgramFiles(x86)', 'LOCALAPPDATA'].map((n) => envValue(env, n)).filter((r): r is string => !!r);
    return roots.map((root) => path.win32.join(root, WINDOWS_EXES[id]));
  }
  const dirs = (envValue(env, 'PATH') ?? '').split(':').filter((d) => d.startsWith('/'));
  return LINUX_BINARIES[id].flatMap((bin) => dirs.map((dir) => path.posix.join(dir, bin)));
}

/** Every known browser installed here, in a fixed order (Chrome first, Firefox last). */
export function detectBrowsers(probes: BrowserProbes): BrowserInstall[] {
  const found: BrowserInstall[] = [];
  for (const id of IDS) {
    const at = candidates(id, probes).find((file) => probes.exists(file));
    if (at) found.push({ id, name: BROWSER_NAMES[id], path: at, family: id === 'firefox' ? 'firefox' : 'chromium' });
  }
  return found;
}

/**
 * The browser a --browser value (or the console-browser setting) names: a known name such as
 * "brave" among those installed, or a path — a Chromium-family browser unless it is Firefox.
 */
export function resolveBrowser(value: string, installed: readonly BrowserInstall[]): BrowserInstall {
  const wanted = value.trim();
  if (/[/\\]/.test(wanted)) {
    const base = wanted.split(/[/\\]/).pop() ?? '';
    return { id: 'custom', name: base, path: wanted, family: /firefox/i.test(base) ? 'firefox' : 'chromium' };
  }
  const key = wanted.toLowerCase();
  const id = IDS.find((i) => i === key || BROWSER_NAMES[i].toLowerCase() === key || (i === 'chrome' && key === 'google-chrome'));
  if (!id) {
    throw new LatchkeyError('BAD_INPUT', `--browser ${value} is not a browser Latchkey knows.`, {
      hint: `Name one of ${IDS.join(', ')}, or give the path of the browser's program.`,
    });
  }
  const hit = installed.find((b) => b.id === id);
  if (!hit) {
    throw new LatchkeyError('NOT_FOUND', `${BROWSER_NAMES[id]} was not found on this computer.`, {
      hint: "Give the path of the browser's program with --browser PATH.",
    });
  }
  return hit;
}

/** Where a browser keeps the person's own profiles (and its `Local State` file). */
export function ownUserDataDir(id: BrowserId, probes: Pick<BrowserProbes, 'platform' | 'env'>): string | undefined {
  const { platform, env } = probes;
  const mac: Record<BrowserId, string> = {
    chrome: 'Google/Chrome',
    chromium: 'Chromium',
    brave: 'BraveSoftware/Brave-Browser',
    edge: 'Microsoft Edge',
    vivaldi: 'Vivaldi',
    firefox: '',
  };
  const linux: Record<BrowserId, string> = {
    chrome: 'google-chrome',
    chromium: 'chromium',
    brave: 'BraveSoftware/Brave-Browser',
    edge: 'microsoft-edge',
    vivaldi: 'vivaldi',
    firefox: '',
  };
  if (id === 'firefox') return undefined;
  if (platform === 'win32') {
    const local = envValue(env, 'LOCALAPPDATA');
    return local ? path.win32.join(local, WINDOWS_EXES[id].replace(/\\Application\\[^\\]+$/, ''), 'User Data') : undefined;
  }
  const home = envValue(env, 'HOME');
  if (!home) return undefined;
  if (platform === 'darwin') return path.posix.join(home, 'Library/Application Support', mac[id]);
  return path.posix.join(envValue(env, 'XDG_CONFIG_HOME') ?? path.posix.join(home, '.config'), linux[id]);
}
