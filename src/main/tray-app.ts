import type { EventEmitter } from 'node:events';
import { app, type Rectangle } from 'electron';
import type { Clock } from '../core/clock';
import type { Logger } from '../core/log';
import type { EventPayloads } from '../shared/contract';
import { eventReactions } from './event-reactions';
import type { SettingsStore } from './handlers';
import type { Host } from './host';
import { translator } from './i18n';
import type { InFlight } from './ipc/in-flight';
import { showNativeNotification } from './native-notification';
import { Notifier } from './notifications';
import type { PopupWindow } from './popup-window';
import { TrayController } from './tray';
import { channelRunner, signInFromTray, trayActions } from './tray-actions';
import { TrayStateSource } from './tray-state';

// The tray icon and the notifications: both run the host's channels, both follow its events,
// and the popup opens next to the icon.

export interface TrayDeps {
  host: Host;
  popup: PopupWindow;
  settings: SettingsStore;
  inFlight: InFlight;
  logger: Logger;
  clock: Clock;
  platform: NodeJS.Platform;
  assetsDir: string;
  /** The core's warnings for the person (a file the AWS CLI cannot read, …). */
  userWarnings: EventEmitter<{ warning: [string] }>;
}

export function startTray(deps: TrayDeps): { tray: TrayController; notifier: Notifier } {
  const { host, popup, settings, clock, logger } = deps;
  const translate = () => translator(settings.get().language, app.getLocale());
  const showPopup = () => popup.show();
  const run = channelRunner({ handlers: host.handlers, inFlight: deps.inFlight, logger, translate, notify: showNativeNotification, showPopup });
  const signIn = signInFromTray(run, showPopup);
  const notifier = new Notifier({
    clock,
    enabled: () => settings.get().notifications,
    translate,
    show: showNativeNotification,
    refreshProfile: (profile) => void run('profiles.refresh', { profile }),
    signIn,
  });
  const trayState = new TrayStateSource(host.handlers, clock);
  const restartToUpdate = () => host.updates.restart();
  const tray = new TrayController({
    assetsDir: deps.assetsDir,
    platform: deps.platform,
    clock,
    logger,
    collect: () => trayState.collect(),
    translate,
    onAction: trayActions({
      run,
      signIn,
      showPopup,
      restartToUpdate,
      quit: () => app.quit(),
      consoleMode: () => settings.get().consoleMode,
      askConsoleMode: (target) => {
        showPopup();
        // A popup created afresh hears the question once its page has loaded.
        popup
          .load()
          .then(() => popup.send('console-mode-needed', { target } satisfies EventPayloads['console-mode-needed']))
          .catch((err: unknown) => logger.warn('the popup could not ask for a console mode', { error: (err as Error)?.message }));
      },
    }),
    onClick: (bounds: Rectangle | undefined) => popup.toggle(bounds),
  });
  popup.anchorTo(() => tray.tray.getBounds());
  host.onEvent(eventReactions({ notifier, trayState, tray, restartToUpdate }));
  deps.userWarnings.on('warning', (message) => void notifier.userWarning(message, showPopup));
  return { tray, notifier };
}
