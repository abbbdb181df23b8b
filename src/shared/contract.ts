import { z } from 'zod';
import * as s from './schemas';
import type {
  ActiveProfileView,
  AppInfo,
  CatalogView,
  ConfigProfilesView,
  ConsoleBrowsersView,
  ExportPreview,
  KeychainView,
  SessionView,
  Settings,
  SignInPromptView,
  StateView,
  SyncProgressView,
  UpdateStatusView,
} from './views';

// The one IPC contract. Each invoke channel pairs a runtime schema for its request with the
// type of its response; main registers a handler for every channel (a missing one is a compile
// error), the preload and the web harness build the same domain API from it (api.ts).
// Channel names are "domain.action"; the API exposes them as latchkey.domain.action(request).

/** Declares a channel: `channel<Response>()(requestSchema)`. */
const channel =
  <Res>() =>
  <Req extends z.ZodType>(request: Req) => ({ request, response: undefined as unknown as Res });

const none = z.undefined();
const sessionArg = z.object({ session: s.sessionName }).strict();
const profileArg = z.object({ profile: s.profileName }).strict();
const exportArg = z
  .object({
    roles: z.array(s.ssoRoleTarget).min(1).max(500),
    prefix: z
      .string()
      .max(32)
      .regex(/^[A-Za-z0-9_.@+-]*$/)
      .optional(),
    region: s.region.optional(),
  })
  .strict();

export const invokeChannels = {
  // SSO sessions: the ones in ~/.aws/config and the ones added here.
  'sessions.list': channel<SessionView[]>()(none),
  'sessions.add': channel<SessionView>()(z.object({ startUrl: s.startUrl, region: s.region, name: s.sessionName.optional() }).strict()),
  /** Resolves once signed in; prompts (browser URL, device code) arrive as 'sign-in-prompt'.
   * 'auto' follows the signInFlow setting, else what can finish on this machine. */
  'sessions.login': channel<{ expiresAt: number }>()(z.object({ session: s.sessionName, flow: z.enum(['auto', 'pkce', 'device']) }).strict()),
  'sessions.cancelLogin': channel<void>()(sessionArg),
  /** Ends the sign-in and what it handed out; `unuse` also removes its profiles from the
   * credentials file, otherwise they stay, no longer renewed, until they expire. */
  'sessions.logout': channel<void>()(z.object({ session: s.sessionName, unuse: z.boolean().optional() }).strict()),

  // The role catalog of one session: cached at once, refreshed in the background.
  'catalog.get': channel<CatalogView>()(z.object({ session: s.sessionName, refresh: z.boolean().optional() }).strict()),
  'catalog.cancelSync': channel<void>()(sessionArg),
  /** The accounts on screen and matching the search, and one opened: their roles load first. */
  'catalog.prioritise': channel<void>()(
    z
      .object({
        session: s.sessionName,
        visible: z.array(s.accountId).max(200).optional(),
        matching: z.array(s.accountId).max(2000).optional(),
        first: s.accountId.optional(),
      })
      .strict(),
  ),

  // Favorites and recents.
  'favorites.get': channel<StateView>()(none),
  'favorites.toggle': channel<StateView>()(s.ssoRoleTarget),

  // Profiles the terminal uses.
  'profiles.list': channel<ActiveProfileView[]>()(none),
  'profiles.use': channel<ActiveProfileView>()(z.object({ target: s.roleTarget, profile: s.profileName }).strict()),
  'profiles.unuse': channel<void>()(z.object({ profile: s.profileName }).strict()),
  'profiles.refresh': channel<ActiveProfileView>()(z.object({ profile: s.profileName }).strict()),

  // The console, opened by main in the default browser; the sign-in URL never reaches the UI.
  'console.open': channel<void>()(
    z
      .object({
        target: s.roleTarget,
        region: s.region.optional(),
        service: s.serviceName.optional(),
        // "Open in…": another mode than the setting's, or one of the person's own browser profiles.
        mode: s.consoleMode.optional(),
        ownProfile: z.object({ browser: s.browserId, directory: s.profileDirectory }).strict().optional(),
      })
      .strict(),
  ),
  /** The browsers found for the console, with the person's own profiles of each Chromium-family one. */
  'console.browsers': channel<ConsoleBrowsersView>()(none),
  /** Copies `export AWS_…=` lines to the clipboard from main; the secrets never reach the UI. */
  'credentials.copyEnv': channel<{ expiration: number }>()(
    z.object({ target: s.roleTarget, shell: z.enum(['posix', 'powershell', 'cmd']).optional() }).strict(),
  ),

  /** Copies the two `export` lines of a served profile's endpoint to the clipboard from main;
   * the token never reaches the UI. */
  'credentialServer.copyExports': channel<void>()(profileArg),

  // Profiles from ~/.aws/config: chained roles, IAM users with MFA, sso_session profiles.
  'configProfiles.list': channel<ConfigProfilesView>()(none),
  'configProfiles.forgetMfaSession': channel<void>()(profileArg),

  // IAM users' long-term keys kept in the OS keychain (the keys go in, never come back out).
  'keychain.status': channel<KeychainView>()(none),
  'keychain.storeIamUser': channel<KeychainView>()(
    z
      .object({
        profile: s.profileName,
        accessKeyId: z.string().regex(/^[A-Z0-9]{16,128}$/, 'an access key id such as AKIA…'),
        secretAccessKey: z.string().min(16).max(128).regex(/^\S+$/, 'a secret access key'),
        mfaSerial: z.string().max(256).optional(),
        region: s.region.optional(),
      })
      .strict(),
  ),
  'keychain.deleteIamUser': channel<KeychainView>()(profileArg),

  // Identity Center roles written as sso_session profiles in ~/.aws/config, in Latchkey's block.
  'export.preview': channel<ExportPreview>()(exportArg),
  /** Writes only if the file would change exactly as previewed (`diff`); otherwise writes
   * nothing and answers `applied: false` with the preview as the file stands now. */
  'export.apply': channel<ExportPreview & { applied: boolean }>()(exportArg.extend({ diff: z.string().max(1_000_000) })),

  // An MFA code the core asked for (event 'mfa-needed'), answered from the small dialog.
  'mfa.submit': channel<void>()(z.object({ requestId: z.string().min(1).max(64), code: z.string().regex(/^\d{6}$/, 'six digits') }).strict()),
  'mfa.cancel': channel<void>()(z.object({ requestId: z.string().min(1).max(64) }).strict()),

  'settings.get': channel<Settings>()(none),
  'settings.set': channel<Settings>()(s.settingsPatch),

  'app.info': channel<AppInfo>()(none),
  /** Opens an allow-listed https URL (device verification page, AWS docs) in the browser. */
  'app.openExternal': channel<void>()(z.object({ url: z.string().max(2048) }).strict()),
  'app.hidePopup': channel<void>()(none),

  // The app's own updates: where they stand, and a check by hand (answers as it starts; the
  // rest arrives as 'update-status').
  'updates.status': channel<UpdateStatusView>()(none),
  'updates.check': channel<UpdateStatusView>()(none),
  /** Installs the downloaded update and restarts the app, as the tray and the notification do;
   * refused (NOT_FOUND), doing nothing, unless an update is downloaded and ready. */
  'updates.restart': channel<void>()(none),
};

/** Events main pushes to the renderer. */
export interface EventPayloads {
  'sessions-changed': SessionView[];
  'sync-progress': SyncProgressView;
  'catalog-updated': CatalogView;
  /** A sync's list so far: accounts as they are listed, roles as they arrive (`pending` lacks them). */
  'catalog-partial': CatalogView;
  'profiles-changed': ActiveProfileView[];
  'state-changed': StateView;
  'sign-in-prompt': SignInPromptView;
  /** A sign-in (from the window, the tray or a notification) has ended, signed in or not. */
  'sign-in-finished': { session: string; ok: boolean };
  'sign-in-needed': { session: string };
  'expiry-warning': { kind: 'profile' | 'session'; name: string; expiresAt: number };
  'settings-changed': Settings;
  /** The core needs a code from the MFA device of `serial` to continue with `profile`. */
  'mfa-needed': { requestId: string; profile: string; serial: string };
  /** The tray's "Open console" before a console mode was chosen: the popup asks which mode,
   * then opens the console for `target`. Sent to the popup window only. */
  'console-mode-needed': { target: s.RoleTarget };
  /** A background failure; `session` or `profile` names what it concerns, when one thing does. */
  error: { code: string; message: string; session?: string; profile?: string };
  'update-status': UpdateStatusView;
}

export const EVENT_NAMES = [
  'sessions-changed',
  'sync-progress',
  'catalog-updated',
  'catalog-partial',
  'profiles-changed',
  'state-changed',
  'sign-in-prompt',
  'sign-in-finished',
  'sign-in-needed',
  'expiry-warning',
  'settings-changed',
  'mfa-needed',
  'console-mode-needed',
  'error',
  'update-status',
] as const satisfies readonly (keyof EventPayloads)[];

export type InvokeChannel = keyof typeof invokeChannels;
export type RequestOf<C extends InvokeChannel> = z.input<(typeof invokeChannels)[C]['request']>;
export type ParsedRequestOf<C extends InvokeChannel> = z.output<(typeof invokeChannels)[C]['request']>;
export type ResponseOf<C extends InvokeChannel> = (typeof invokeChannels)[C]['response'];
export type EventName = keyof EventPayloads;

/** Every event name is listed exactly once (a compile error otherwise). */
type _AllEventsListed = Exclude<EventName, (typeof EVENT_NAMES)[number]> extends never ? true : never;
export const allEventsListed: _AllEventsListed = true;
