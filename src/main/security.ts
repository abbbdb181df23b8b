import type { App, Session, WebContents } from 'electron';
import type { Logger } from '../core/log';

// App-wide hardening, applied to every web contents Electron creates (the popup and anything
// that might ever be created): the window shows our bundled UI and nothing else.

/** No permission (camera, notifications, clipboard-read, geolocation, …) is ever granted. */
export function denyAllPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

export function hardenWebContents(contents: WebContents, logger: Logger): void {
  // Links and window.open never make a window; the browser is opened by main, through the allow-list.
  contents.setWindowOpenHandler(() => {
    logger.warn('blocked a new window');
    return { action: 'deny' };
  });
  // The UI is a single page loaded from the app bundle: it has no reason to go anywhere, in its
  // main frame (will-navigate) or any other (will-frame-navigate), nor to embed a webview. The
  // event names stay literal so Electronegativity sees the navigation limits.
  const refuse = (what: string) => (event: { preventDefault(): void }) => {
    logger.warn(`blocked ${what}`);
    event.preventDefault();
  };
  contents.on('will-navigate', refuse('a navigation'));
  contents.on('will-frame-navigate', refuse('a frame navigation'));
  contents.on('will-redirect', refuse('a redirect'));
  contents.on('will-attach-webview', refuse('a webview'));
  denyAllPermissions(contents.session);
}

export function hardenApp(app: App, logger: Logger): void {
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, logger));
}
