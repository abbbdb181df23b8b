// Which IPC callers are ours: the main frame of our popup window, showing our renderer. A
// subframe, another window, or our window after it was somehow navigated elsewhere is refused.

export interface SenderFrameLike {
  url: string;
}

export interface SenderEventLike {
  sender: { mainFrame: SenderFrameLike | null | undefined };
  senderFrame: SenderFrameLike | null | undefined;
}

export interface WindowLike {
  webContents: unknown;
  isDestroyed?(): boolean;
}

export function isTrustedSender(event: SenderEventLike, windows: readonly (WindowLike | undefined)[], rendererUrl: string): boolean {
  const ours = windows.some((w) => w && !(w.isDestroyed?.() ?? false) && w.webContents === event.sender);
  if (!ours) return false;
  const frame = event.senderFrame;
  // senderFrame is null once the frame navigated away or was destroyed.
  if (!frame || frame !== event.sender.mainFrame) return false;
  return isRendererUrl(frame.url, rendererUrl);
}

/** file:// → the same file (any #route or ?query); the dev server → the same origin. */
export function isRendererUrl(url: string, rendererUrl: string): boolean {
  let actual: URL;
  let expected: URL;
  try {
    actual = new URL(url);
    expected = new URL(rendererUrl);
  } catch {
    return false;
  }
  if (expected.protocol === 'file:')
    return actual.protocol === 'file:' && actual.host === expected.host && decodeURIComponent(actual.pathname) === decodeURIComponent(expected.pathname);
  if (expected.protocol === 'http:' || expected.protocol === 'https:') return actual.origin === expected.origin;
  return false;
}
