import { Notification } from 'electron';
import type { NotificationSpec } from './notifications';

// Shows a notification with one action button (macOS) — a click on the notification runs the
// same action everywhere, since Windows and Linux do not show Electron's action buttons.

const alive = new Set<Notification>();

export function showNativeNotification(spec: NotificationSpec): void {
  if (!Notification.isSupported()) return;
  const n = new Notification({ title: spec.title, body: spec.body, actions: [{ type: 'button', text: spec.actionLabel }], silent: false });
  // Held until closed: a notification that is garbage-collected loses its click handler.
  alive.add(n);
  const done = () => alive.delete(n);
  n.on('click', () => {
    done();
    spec.onAction();
  });
  n.on('action', () => {
    done();
    spec.onAction();
  });
  n.on('close', done);
  n.show();
}
