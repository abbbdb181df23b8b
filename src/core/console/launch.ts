import fs from 'node:fs';
import type { CoreContext } from '../context';
import { LatchkeyError } from '../errors';
import { latchkeyHome } from '../aws/paths';
import { detectBrowsers, resolveBrowser, type BrowserInstall } from './browsers';
import { ensureRoleProfileDir, isProfileDirectory, type RoleProfileKey } from './browser-profiles';
import { containerForAccount, containerUrl, type ContainerAddon } from './containers';
import { openThroughOneTimeUrl } from './one-time-url';

// Starts a browser for the profile and container modes: a browser profile of the role's own,
// or the account's Firefox container. The browser is only ever given the one-time local URL.

export interface BrowserTarget {
  /** Who the console opens as: picks the managed profile folder and the container. */
  key: RoleProfileKey;
  accountName?: string;
  /** --browser NAME|PATH or the console-browser setting; empty picks the first one installed. */
  browser?: string;
  /** The person's own profile (--profile-directory) instead of a managed folder. */
  profileDirectory?: string;
  containerAddon?: ContainerAddon;
}

export function installedBrowsers(ctx: Pick<CoreContext, 'platform' | 'env'>): BrowserInstall[] {
  return detectBrowsers({ platform: ctx.platform, env: ctx.env, exists: (f) => fs.existsSync(f) });
}

/** The browser for a mode: the one named, else the first installed of the mode's family. */
export function browserForMode(ctx: Pick<CoreContext, 'platform' | 'env'>, mode: 'profile' | 'container', named: string | undefined): BrowserInstall {
  const installed = installedBrowsers(ctx);
  const family = mode === 'container' ? 'firefox' : 'chromium';
  const browser = named?.trim() ? resolveBrowser(named, installed) : installed.find((b) => b.family === family);
  if (!browser) {
    throw new LatchkeyError(
      'NOT_FOUND',
      mode === 'container' ? 'Firefox was not found on this computer.' : 'No Chromium-family browser was found on this computer.',
      {
        hint: "Give the path of the browser's program with --browser PATH.",
      },
    );
  }
  if (browser.family !== family) {
    throw new LatchkeyError(
      'BAD_INPUT',
      mode === 'container' ? `${browser.name} has no Firefox containers.` : `${browser.name} cannot open a browser profile per role.`,
      {
        hint: mode === 'container' ? 'Use Firefox with the container mode.' : 'Use Chrome, Chromium, Brave, Edge or Vivaldi with the profile mode.',
      },
    );
  }
  return browser;
}

/** The arguments the browser is started with; `url` is the one-time local URL. */
export function browserArgs(mode: 'profile' | 'container', target: BrowserTarget, url: string, userDataDir: string | undefined): string[] {
  if (mode === 'container') {
    const container = containerForAccount(target.key.account, target.accountName);
    return [containerUrl(target.containerAddon ?? 'granted', container, url)];
  }
  const profile = target.profileDirectory ? [`--profile-directory=${target.profileDirectory}`] : [`--user-data-dir=${userDataDir}`];
  return [...profile, '--no-first-run', '--no-default-browser-check', url];
}

/** Opens `signinUrl` in the role's browser profile or the account's container; resolves once fetched. */
export async function openInBrowserProfile(ctx: CoreContext, mode: 'profile' | 'container', signinUrl: string, target: BrowserTarget): Promise<void> {
  const browser = browserForMode(ctx, mode, target.browser);
  if (target.profileDirectory !== undefined && !isProfileDirectory(target.profileDirectory)) {
    throw new LatchkeyError('BAD_INPUT', `"${target.profileDirectory}" is not a browser profile folder name.`, {
      hint: 'Use a name such as "Default" or "Profile 1".',
    });
  }
  const userDataDir = mode === 'profile' && !target.profileDirectory ? await ensureRoleProfileDir(latchkeyHome(ctx), target.key) : undefined;
  await openThroughOneTimeUrl(signinUrl, (localUrl) => startBrowser(browser, browserArgs(mode, target, localUrl, userDataDir)));
}

/** Opens `url` (a multi-session or sign-out URL) in the named browser rather than the default one. */
export async function openInNamedBrowser(ctx: CoreContext, url: string, named: string): Promise<void> {
  const browser = resolveBrowser(named, installedBrowsers(ctx));
  await openThroughOneTimeUrl(url, (localUrl) => startBrowser(browser, [localUrl]));
}

async function startBrowser(browser: BrowserInstall, args: string[]): Promise<void> {
  const { spawn } = await import('node:child_process');
  await new Promise<void>((resolve, reject) => {
    const child = spawn(browser.path, args, { stdio: 'ignore', detached: true });
    child.once('error', (err) =>
      reject(
        new LatchkeyError('UNSUPPORTED', `Could not start ${browser.name} (${(err as NodeJS.ErrnoException).code ?? err.message}).`, {
          hint: "Check the browser's path.",
        }),
      ),
    );
    child.once('spawn', () => {
      child.unref();
      resolve();
    });
  });
}
