import fs from 'node:fs';
import path from 'node:path';
import { latchkeyHome } from '../aws/paths';
import type { CoreContext } from '../context';
import { LatchkeyError } from '../errors';
import type { DeviceCodeReason } from './sign-in';

// Which sign-in can finish here. The browser flow redirects to 127.0.0.1 on this machine, so it
// only finishes where a browser runs on this machine; elsewhere (SSH, a container, WSL without a
// bridge to Windows, a Linux box without a display) the device code, approved on any device,
// is the one that can.

export type SignInFlow = 'pkce' | 'device';
/** 'auto': the browser flow where it can finish, else the device code; a browser that then
 * fails to open also switches to the device code. */
export type SignInFlowRequest = SignInFlow | 'auto';

/** What detection looks at beyond the environment, injectable so tests can stage each case. */
export interface HostProbes {
  exists(file: string): boolean;
  read(file: string): string | undefined;
  /** True when `command` is an executable on PATH. */
  onPath(command: string, env: Readonly<Record<string, string | undefined>>): boolean;
}

export const systemProbes: HostProbes = {
  exists: (file) => fs.existsSync(file),
  read(file) {
    try {
      return fs.readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
  },
  onPath(command, env) {
    for (const dir of (env.PATH ?? '').split(path.delimiter)) {
      if (!dir) continue;
      try {
        fs.accessSync(path.join(dir, command), fs.constants.X_OK);
        return true;
      } catch {
        // not in this one
      }
    }
    return false;
  },
};

type Env = Readonly<Record<string, string | undefined>>;

type HostBlocker = Exclude<DeviceCodeReason, 'browser-failed'>;

const BLOCKER_WORDS: Record<HostBlocker, string> = {
  ssh: 'this is an SSH session',
  container: 'this is a container',
  wsl: 'this is WSL without wslview',
  'no-display': 'there is no display (neither DISPLAY nor WAYLAND_DISPLAY is set)',
};

/**
 * Why a browser on this machine cannot finish a sign-in, or undefined when one can. A `BROWSER`
 * command is trusted whatever else is true (remote editors set it to open on the person's own
 * machine); whether it really opens is judged when it runs.
 */
export function hostBlocker(env: Env, platform: NodeJS.Platform, probes: HostProbes = systemProbes): HostBlocker | undefined {
  if (env.BROWSER?.trim()) return undefined;
  if (env.SSH_CONNECTION || env.SSH_TTY) return 'ssh';
  if (platform !== 'linux') return undefined;
  if (isContainer(probes)) return 'container';
  if (isWsl(env, probes)) return probes.onPath('wslview', env) ? undefined : 'wsl';
  if (!env.DISPLAY && !env.WAYLAND_DISPLAY) return 'no-display';
  return undefined;
}

/** hostBlocker in words, for the command's one line. */
export function browserBlocker(env: Env, platform: NodeJS.Platform, probes: HostProbes = systemProbes): string | undefined {
  const blocker = hostBlocker(env, platform, probes);
  return blocker && BLOCKER_WORDS[blocker];
}

function isContainer(probes: HostProbes): boolean {
  if (probes.exists('/.dockerenv') || probes.exists('/run/.containerenv')) return true;
  return /\b(docker|kubepods|containerd|lxc|libpod)\b/.test(probes.read('/proc/1/cgroup') ?? '');
}

function isWsl(env: Env, probes: HostProbes): boolean {
  return Boolean(env.WSL_DISTRO_NAME) || /microsoft/i.test(probes.read('/proc/version') ?? '');
}

/** LATCHKEY_SIGNIN_FLOW: `pkce`, or `device`/`device-code`; unset or empty is no preference. */
export function flowFromEnv(env: Env): SignInFlow | undefined {
  const value = env.LATCHKEY_SIGNIN_FLOW?.trim().toLowerCase();
  if (!value) return undefined;
  if (value === 'pkce' || value === 'browser') return 'pkce';
  if (value === 'device' || value === 'device-code') return 'device';
  throw new LatchkeyError('BAD_INPUT', `LATCHKEY_SIGNIN_FLOW is "${env.LATCHKEY_SIGNIN_FLOW}", which is not a sign-in flow.`, {
    hint: 'Set it to "pkce" (browser) or "device-code", or unset it.',
  });
}

export interface FlowChoice {
  flow: SignInFlow;
  /** Only for the browser flow chosen by 'auto': a browser that fails to open switches to the device code. */
  deviceIfBrowserFails: boolean;
  /** Why the device code was chosen without being asked for (said to the person in one line). */
  reason?: string;
  reasonCode?: DeviceCodeReason;
}

/**
 * The flow to run: one asked for by the caller (`--device-code`) wins, then
 * LATCHKEY_SIGNIN_FLOW, then the sign-in setting, then what this machine can finish.
 */
export function chooseSignInFlow(
  request: SignInFlowRequest,
  env: Env,
  platform: NodeJS.Platform,
  probes: HostProbes = systemProbes,
  setting?: SignInFlow,
): FlowChoice {
  if (request !== 'auto') return { flow: request, deviceIfBrowserFails: false };
  const forced = flowFromEnv(env) ?? setting;
  if (forced) return { flow: forced, deviceIfBrowserFails: false };
  const blocker = hostBlocker(env, platform, probes);
  if (blocker) {
    return { flow: 'device', deviceIfBrowserFails: false, reason: `${BLOCKER_WORDS[blocker]}, so no browser here can finish the sign-in`, reasonCode: blocker };
  }
  return { flow: 'pkce', deviceIfBrowserFails: true };
}

export const SETTINGS_FILE_NAME = 'settings.json';

/** The app's "sign in with" setting (`signInFlow` in LATCHKEY_HOME/settings.json), which the
 * command follows too; undefined for 'auto', no file, or anything unreadable. */
export async function readSignInFlowSetting(ctx: Pick<CoreContext, 'env' | 'homedir' | 'platform'>): Promise<SignInFlow | undefined> {
  try {
    const stored = JSON.parse(await fs.promises.readFile(path.join(latchkeyHome(ctx), SETTINGS_FILE_NAME), 'utf8')) as { signInFlow?: unknown };
    return stored.signInFlow === 'pkce' || stored.signInFlow === 'device' ? stored.signInFlow : undefined;
  } catch {
    return undefined;
  }
}

const DEFAULT_UNATTENDED_TIMEOUT_S = 120;

/** How long a sign-in started by a command with no terminal may wait: LATCHKEY_SIGNIN_TIMEOUT seconds. */
export function unattendedSignInTimeoutMs(env: Env): number {
  const raw = env.LATCHKEY_SIGNIN_TIMEOUT?.trim();
  if (!raw) return DEFAULT_UNATTENDED_TIMEOUT_S * 1000;
  const seconds = Number(raw);
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 86_400) {
    throw new LatchkeyError('BAD_INPUT', `LATCHKEY_SIGNIN_TIMEOUT is "${raw}", which is not a number of seconds.`, {
      hint: `Set it to a number of seconds such as ${DEFAULT_UNATTENDED_TIMEOUT_S}, or unset it.`,
    });
  }
  return Math.round(seconds * 1000);
}

/** The sign-in could not open a browser; the device code is tried instead. */
export class BrowserUnavailable extends Error {
  constructor(readonly why: string) {
    super(`The browser could not be opened: ${why}`);
    this.name = 'BrowserUnavailable';
  }
}
