import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  browserBlocker,
  hostBlocker,
  chooseSignInFlow,
  flowFromEnv,
  readSignInFlowSetting,
  unattendedSignInTimeoutMs,
  type HostProbes,
} from '../../../src/core/sso/sign-in-flow';

/** A machine described by its files and PATH, instead of the one running the tests. */
function host(files: Record<string, string> = {}, commands: string[] = []): HostProbes {
  return {
    exists: (file) => file in files,
    read: (file) => files[file],
    onPath: (command) => commands.includes(command),
  };
}

const desktop = { DISPLAY: ':0' };

describe('where a browser on this machine cannot finish the sign-in', () => {
  it('a Linux desktop with DISPLAY or WAYLAND_DISPLAY can', () => {
    expect(browserBlocker({ DISPLAY: ':0' }, 'linux', host())).toBeUndefined();
    expect(browserBlocker({ WAYLAND_DISPLAY: 'wayland-0' }, 'linux', host())).toBeUndefined();
  });

  it('Linux with neither DISPLAY nor WAYLAND_DISPLAY cannot', () => {
    expect(browserBlocker({}, 'linux', host())).toMatch(/no display/);
    expect(browserBlocker({ DISPLAY: '', WAYLAND_DISPLAY: '' }, 'linux', host())).toMatch(/no display/);
  });

  it('an SSH session cannot, by SSH_CONNECTION or SSH_TTY, on every platform, even with a display', () => {
    expect(browserBlocker({ ...desktop, SSH_CONNECTION: '10.0.0.2 52144 10.0.0.1 22' }, 'linux', host())).toMatch(/SSH session/);
    expect(browserBlocker({ ...desktop, SSH_TTY: '/dev/pts/3' }, 'linux', host())).toMatch(/SSH session/);
    expect(browserBlocker({ SSH_CONNECTION: '10.0.0.2 52144 10.0.0.1 22' }, 'darwin', host())).toMatch(/SSH session/);
    expect(browserBlocker({ SSH_CONNECTION: '10.0.0.2 52144 10.0.0.1 22' }, 'win32', host())).toMatch(/SSH session/);
  });

  it('a BROWSER command is trusted over SSH, in a container and without a display (it is judged when it runs)', () => {
    expect(browserBlocker({ SSH_TTY: '/dev/pts/3', BROWSER: '/usr/local/bin/open-on-laptop' }, 'linux', host({ '/.dockerenv': '' }))).toBeUndefined();
    expect(browserBlocker({ BROWSER: '   ' }, 'linux', host())).toMatch(/no display/);
  });

  it('a container cannot: /.dockerenv, /run/.containerenv or a container cgroup', () => {
    expect(browserBlocker(desktop, 'linux', host({ '/.dockerenv': '' }))).toMatch(/container/);
    expect(browserBlocker(desktop, 'linux', host({ '/run/.containerenv': '' }))).toMatch(/container/);
    expect(browserBlocker(desktop, 'linux', host({ '/proc/1/cgroup': '0::/kubepods/besteffort/pod1234/abcd\n' }))).toMatch(/container/);
    expect(browserBlocker(desktop, 'linux', host({ '/proc/1/cgroup': '0::/init.scope\n' }))).toBeUndefined();
  });

  it('WSL cannot without wslview, and can with it, with or without a display', () => {
    const wslKernel = { '/proc/version': 'Linux version 5.15.153.1-microsoft-standard-WSL2 (gcc)' };
    expect(browserBlocker({}, 'linux', host(wslKernel))).toMatch(/WSL without wslview/);
    expect(browserBlocker({ WSL_DISTRO_NAME: 'Ubuntu' }, 'linux', host())).toMatch(/WSL without wslview/);
    expect(browserBlocker({}, 'linux', host(wslKernel, ['wslview']))).toBeUndefined();
    expect(browserBlocker({ WSL_DISTRO_NAME: 'Ubuntu', DISPLAY: ':0' }, 'linux', host({}, ['wslview']))).toBeUndefined();
  });

  it('macOS and Windows can, without a DISPLAY', () => {
    expect(browserBlocker({}, 'darwin', host())).toBeUndefined();
    expect(browserBlocker({}, 'win32', host())).toBeUndefined();
  });
});

describe('choosing the sign-in flow', () => {
  it('auto: the device code where no browser can finish, saying why', () => {
    expect(chooseSignInFlow('auto', { SSH_CONNECTION: '1 2 3 4' }, 'darwin', host())).toEqual({
      flow: 'device',
      deviceIfBrowserFails: false,
      reason: 'this is an SSH session, so no browser here can finish the sign-in',
      reasonCode: 'ssh',
    });
  });

  it("each reason also comes as a code the app says in the person's language", () => {
    const codes = [
      chooseSignInFlow('auto', { SSH_TTY: '/dev/pts/1' }, 'linux', host()),
      chooseSignInFlow('auto', desktop, 'linux', host({ '/.dockerenv': '' })),
      chooseSignInFlow('auto', { WSL_DISTRO_NAME: 'Ubuntu' }, 'linux', host()),
      chooseSignInFlow('auto', {}, 'linux', host()),
    ].map((c) => [c.flow, c.reasonCode]);
    expect(codes).toEqual([
      ['device', 'ssh'],
      ['device', 'container'],
      ['device', 'wsl'],
      ['device', 'no-display'],
    ]);
    expect(hostBlocker(desktop, 'linux', host())).toBeUndefined();
  });

  it('auto: the browser where one can finish, switching to the device code if it fails to open', () => {
    expect(chooseSignInFlow('auto', desktop, 'linux', host())).toEqual({ flow: 'pkce', deviceIfBrowserFails: true });
  });

  it('LATCHKEY_SIGNIN_FLOW forces either flow over detection', () => {
    expect(chooseSignInFlow('auto', { SSH_TTY: '/dev/pts/1', LATCHKEY_SIGNIN_FLOW: 'pkce' }, 'linux', host())).toEqual({
      flow: 'pkce',
      deviceIfBrowserFails: false,
    });
    expect(chooseSignInFlow('auto', { ...desktop, LATCHKEY_SIGNIN_FLOW: 'device-code' }, 'linux', host())).toEqual({
      flow: 'device',
      deviceIfBrowserFails: false,
    });
    expect(flowFromEnv({ LATCHKEY_SIGNIN_FLOW: 'Device' })).toBe('device');
    expect(flowFromEnv({ LATCHKEY_SIGNIN_FLOW: '' })).toBeUndefined();
  });

  it('--device-code (or a setting) wins over LATCHKEY_SIGNIN_FLOW', () => {
    expect(chooseSignInFlow('device', { ...desktop, LATCHKEY_SIGNIN_FLOW: 'pkce' }, 'linux', host())).toEqual({ flow: 'device', deviceIfBrowserFails: false });
  });

  it('an unknown LATCHKEY_SIGNIN_FLOW is bad input that names the values it takes', () => {
    expect(() => flowFromEnv({ LATCHKEY_SIGNIN_FLOW: 'magic' })).toThrow(
      expect.objectContaining({ code: 'BAD_INPUT', hint: expect.stringMatching(/pkce.*device-code/) }),
    );
  });
});

describe('LATCHKEY_SIGNIN_TIMEOUT', () => {
  it('is 120 seconds unless set; accepts fractions; refuses what is not a number of seconds', () => {
    expect(unattendedSignInTimeoutMs({})).toBe(120_000);
    expect(unattendedSignInTimeoutMs({ LATCHKEY_SIGNIN_TIMEOUT: '45' })).toBe(45_000);
    expect(unattendedSignInTimeoutMs({ LATCHKEY_SIGNIN_TIMEOUT: '1.5' })).toBe(1_500);
    for (const bad of ['0', '-3', 'soon', '1e9']) {
      expect(() => unattendedSignInTimeoutMs({ LATCHKEY_SIGNIN_TIMEOUT: bad })).toThrow(expect.objectContaining({ code: 'BAD_INPUT' }));
    }
  });
});

describe('the sign-in setting', () => {
  it('forces its flow under auto, but LATCHKEY_SIGNIN_FLOW and --device-code come first', () => {
    expect(chooseSignInFlow('auto', desktop, 'linux', host(), 'device')).toEqual({ flow: 'device', deviceIfBrowserFails: false });
    expect(chooseSignInFlow('auto', { SSH_TTY: '/dev/pts/1' }, 'linux', host(), 'pkce')).toEqual({ flow: 'pkce', deviceIfBrowserFails: false });
    expect(chooseSignInFlow('auto', { ...desktop, LATCHKEY_SIGNIN_FLOW: 'pkce' }, 'linux', host(), 'device')).toEqual({
      flow: 'pkce',
      deviceIfBrowserFails: false,
    });
    expect(chooseSignInFlow('device', desktop, 'linux', host(), 'pkce').flow).toBe('device');
  });

  it('is read from the app settings file in LATCHKEY_HOME; missing, auto or broken means none', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'latchkey-settings-'));
    try {
      const ctx = { env: { LATCHKEY_HOME: dir }, homedir: dir, platform: 'linux' as const };
      expect(await readSignInFlowSetting(ctx)).toBeUndefined();
      await fs.writeFile(path.join(dir, 'settings.json'), JSON.stringify({ theme: 'dark', signInFlow: 'device' }));
      expect(await readSignInFlowSetting(ctx)).toBe('device');
      await fs.writeFile(path.join(dir, 'settings.json'), JSON.stringify({ signInFlow: 'auto' }));
      expect(await readSignInFlowSetting(ctx)).toBeUndefined();
      await fs.writeFile(path.join(dir, 'settings.json'), '{not json');
      expect(await readSignInFlowSetting(ctx)).toBeUndefined();
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
