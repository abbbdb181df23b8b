import type { CoreContext } from '../../core/context';
import type { Latchkey } from '../../core/sessions/latchkey';
import type { EventName, EventPayloads, InvokeChannel, ParsedRequestOf, ResponseOf } from '../../shared/contract';
import type { AppInfo, Settings } from '../../shared/views';
import type { MfaPrompts } from '../ipc/mfa-prompts';
import type { ServedProfiles } from '../served-profiles';
import type { Updates } from '../updates';

// The handler layer is free of Electron: the tray app (ipcMain) and the web harness (HTTP)
// serve the same functions, so the end-to-end tests exercise exactly what ships.

/** One async function per contract channel; a channel without one is a compile error. */
export type Handlers = { [C in InvokeChannel]: (request: ParsedRequestOf<C>) => Promise<ResponseOf<C>> };

/** The handlers of one contract domain ("sessions", "profiles", …): each handler file returns
 * exactly its domain's slice, so a channel cannot sit in the wrong file. */
export type DomainHandlers<D extends string> = Pick<Handlers, Extract<keyof Handlers, `${D}.${string}`>>;

/** Settings persistence (electron-store in the app, a JSON file or memory elsewhere). */
export interface SettingsStore {
  get(): Settings;
  set(patch: Partial<Settings>): Settings;
}

/** What the handlers need from their host. */
export interface HandlerDeps {
  latchkey: Latchkey;
  ctx: CoreContext;
  settings: SettingsStore;
  /** Opens a URL in the person's browser; refuses (BAD_INPUT) one that is not on the allow-list. */
  openExternal(url: string): Promise<void>;
  /** Puts text on the system clipboard. */
  writeClipboard(text: string): void;
  hidePopup(): void;
  appInfo(): AppInfo;
  /** Pushes an event to the renderer(s). */
  emit<E extends EventName>(event: E, payload: EventPayloads[E]): void;
  /** Questions for an MFA code waiting for the window's answer (the host passes `ask` to the core). */
  mfa?: MfaPrompts;
  /** The credential server for local programs (the host's; absent where none runs). */
  servedProfiles?: ServedProfiles;
  /** The app's own updates (the host's; absent where the app cannot update itself). */
  updates?: Updates;
  /** Called after settings change, for effects the host owns (launch at login, theme). */
  onSettingsChanged?(settings: Settings): void;
}
