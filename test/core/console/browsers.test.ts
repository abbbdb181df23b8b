import { describe, expect, it } from 'vitest';
import { detectBrowsers, ownUserDataDir, resolveBrowser } from '../../../src/core/console/browsers';

// Browser detection per OS from fixtures: the install places that exist on a made-up machine.

const probes = (platform: NodeJS.Platform, env: Record<string, string>, files: string[]) => ({ platform, env, exists: (f: string) => files.includes(f) });

describe('detectBrowsers', () => {
  it('macOS: the apps in /Applications and ~/Applications', () => {
    const found = detectBrowsers(
      probes('darwin', { HOME: '/Users/ann' }, [
        '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
        '/Users/ann/Applications/Brave Browser.app/Contents/MacOS/Brave Browser',
        '/Applications/Firefox.app/Contents/MacOS/firefox',
      ]),
    );
    expect(found.map((b) => [b.id, b.path, b.family])).toEqual([
      ['chrome', '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome', 'chromium'],
      ['brave', '/Users/ann/Applications/Brave Browser.app/Contents/MacOS/Brave Browser', 'chromium'],
      ['firefox', '/Applications/Firefox.app/Contents/MacOS/firefox', 'firefox'],
    ]);
  });

  it('Windows: Program Files, Program Files (x86) and per-user installs, whatever the env name case', () => {
    const found = detectBrowsers(
      probes('win32', { ProgramFiles: 'C:\\Program Files', 'PROGRAMFILES(X86)': 'C:\\Program Files (x86)', LocalAppData: 'C:\\Users\\ann\\AppData\\Local' }, [
        'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe',
        'C:\\Users\\ann\\AppData\\Local\\Vivaldi\\Application\\vivaldi.exe',
        'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
      ]),
    );
    expect(found.map((b) => [b.id, b.path])).toEqual([
      ['chrome', 'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe'],
      ['edge', 'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe'],
      ['vivaldi', 'C:\\Users\\ann\\AppData\\Local\\Vivaldi\\Application\\vivaldi.exe'],
    ]);
  });

  it('Linux: the binaries on PATH, first directory first', () => {
    const found = detectBrowsers(
      probes('linux', { PATH: '/home/ann/bin:/usr/local/bin:/usr/bin:relative' }, [
        '/usr/bin/chromium',
        '/usr/local/bin/chromium-browser',
        '/usr/bin/brave-browser',
        'relative/vivaldi',
      ]),
    );
    expect(found.map((b) => [b.id, b.path])).toEqual([
      ['chromium', '/usr/bin/chromium'],
      ['brave', '/usr/bin/brave-browser'],
    ]);
    expect(detectBrowsers(probes('linux', {}, ['/usr/bin/chromium']))).toEqual([]);
  });
});

describe('resolveBrowser', () => {
  const installed = detectBrowsers(probes('linux', { PATH: '/usr/bin' }, ['/usr/bin/chromium', '/usr/bin/firefox']));

  it('a name picks the installed browser; a path is Chromium-family unless it is Firefox', () => {
    expect(resolveBrowser('Chromium', installed).path).toBe('/usr/bin/chromium');
    expect(resolveBrowser('/opt/thorium/thorium', installed)).toMatchObject({ path: '/opt/thorium/thorium', family: 'chromium' });
    expect(resolveBrowser('/opt/firefox-dev/firefox', installed)).toMatchObject({ family: 'firefox' });
    expect(resolveBrowser('C:\\Tools\\Firefox\\firefox.exe', installed).family).toBe('firefox');
  });

  it('refuses an unknown name, and a known one that is not installed, in one line each', () => {
    expect(() => resolveBrowser('netscape', installed)).toThrow('--browser netscape is not a browser Latchkey knows.');
    expect(() => resolveBrowser('brave', installed)).toThrow('Brave was not found on this computer.');
  });
});

describe('ownUserDataDir', () => {
  it('is where each OS keeps the Local State file', () => {
    expect(ownUserDataDir('chrome', { platform: 'darwin', env: { HOME: '/Users/ann' } })).toBe('/Users/ann/Library/Application Support/Google/Chrome');
    expect(ownUserDataDir('edge', { platform: 'win32', env: { LOCALAPPDATA: 'C:\\Users\\ann\\AppData\\Local' } })).toBe(
      'C:\\Users\\ann\\AppData\\Local\\Microsoft\\Edge\\User Data',
    );
    expect(ownUserDataDir('brave', { platform: 'linux', env: { HOME: '/home/ann' } })).toBe('/home/ann/.config/BraveSoftware/Brave-Browser');
    expect(ownUserDataDir('firefox', { platform: 'linux', env: { HOME: '/home/ann' } })).toBeUndefined();
  });
});
