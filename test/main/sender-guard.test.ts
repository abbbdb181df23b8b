import { describe, expect, it } from 'vitest';
import { isRendererUrl, isTrustedSender } from '../../src/main/ipc/sender-guard';

// Only our popup's main frame, showing our renderer, may call main.

const RENDERER = 'file:///app/out/renderer/index.html';

function windowWith(url: string) {
  const mainFrame = { url };
  const webContents = { mainFrame };
  return { webContents, isDestroyed: () => false };
}

describe('isTrustedSender', () => {
  it('accepts the main frame of our window at our renderer URL (any route)', () => {
    const win = windowWith(`${RENDERER}#/settings`);
    expect(isTrustedSender({ sender: win.webContents, senderFrame: win.webContents.mainFrame }, [win], RENDERER)).toBe(true);
  });

  it('refuses another window, even one showing the same file', () => {
    const ours = windowWith(RENDERER);
    const other = windowWith(RENDERER);
    expect(isTrustedSender({ sender: other.webContents, senderFrame: other.webContents.mainFrame }, [ours], RENDERER)).toBe(false);
  });

  it('refuses a subframe of our window, a missing frame, and our window once destroyed', () => {
    const win = windowWith(RENDERER);
    expect(isTrustedSender({ sender: win.webContents, senderFrame: { url: RENDERER } }, [win], RENDERER)).toBe(false);
    expect(isTrustedSender({ sender: win.webContents, senderFrame: null }, [win], RENDERER)).toBe(false);
    const gone = { ...win, isDestroyed: () => true };
    expect(isTrustedSender({ sender: win.webContents, senderFrame: win.webContents.mainFrame }, [gone], RENDERER)).toBe(false);
    expect(isTrustedSender({ sender: win.webContents, senderFrame: win.webContents.mainFrame }, [undefined], RENDERER)).toBe(false);
  });

  it('refuses a web contents that belongs to no window of ours (a webview, a devtools or background page)', () => {
    const ours = windowWith(RENDERER);
    const loose = { mainFrame: { url: RENDERER } };
    expect(isTrustedSender({ sender: loose, senderFrame: loose.mainFrame }, [ours], RENDERER)).toBe(false);
    // Our web contents with its main frame gone (mid-navigation, crashed).
    const frame = ours.webContents.mainFrame;
    expect(isTrustedSender({ sender: { mainFrame: null }, senderFrame: frame }, [{ webContents: { mainFrame: null } }], RENDERER)).toBe(false);
    expect(isTrustedSender({ sender: ours.webContents, senderFrame: frame }, [], RENDERER)).toBe(false);
  });

  it('refuses our main frame after it navigated elsewhere', () => {
    for (const url of ['https://evil.example/', 'file:///tmp/index.html', 'file:///app/out/renderer/other.html', 'about:blank', 'data:text/html,hi']) {
      const win = windowWith(url);
      expect(isTrustedSender({ sender: win.webContents, senderFrame: win.webContents.mainFrame }, [win], RENDERER), url).toBe(false);
    }
  });
});

describe('isRendererUrl', () => {
  it('the dev server: same origin only', () => {
    expect(isRendererUrl('http://localhost:5173/', 'http://localhost:5173')).toBe(true);
    expect(isRendererUrl('http://localhost:5173/index.html?x=1', 'http://localhost:5173')).toBe(true);
    expect(isRendererUrl('http://localhost:5174/', 'http://localhost:5173')).toBe(false);
    expect(isRendererUrl('http://127.0.0.1:5173/', 'http://localhost:5173')).toBe(false);
  });

  it('a file URL with escapes (spaces in the install path) matches itself', () => {
    const file = 'file:///Applications/My%20Apps/Latchkey.app/Contents/Resources/app.asar/out/renderer/index.html';
    expect(isRendererUrl(file, file)).toBe(true);
    expect(isRendererUrl('not a url', file)).toBe(false);
  });
});
