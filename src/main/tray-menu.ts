import { redactAndShorten } from '../core/redact';
import { roleKey } from '../shared/role-key';
import type { ActiveProfileView, UpdateStatusView } from '../shared/views';
import type { Translate } from './i18n';

// The tray's context menu, tooltip and icon state as pure functions of what the app knows, so
// each platform and each state is tested without Electron. tray.ts turns the actions into clicks.

export interface RoleEntry {
  session: string;
  accountId: string;
  roleName: string;
  accountName?: string;
}

export interface TraySession {
  name: string;
  signedIn: boolean;
  refreshable: boolean;
  expiresAt?: number;
}

export interface TrayState {
  now: number;
  sessions: TraySession[];
  activeProfiles: ActiveProfileView[];
  favorites: RoleEntry[];
  recents: RoleEntry[];
  /** The last background failure, until something succeeds again. */
  error?: { message: string };
  /** Sign-ins waiting for the person, oldest first; a device code shows its user code. */
  waiting?: WaitingSignIn[];
  /** The app's own update, where the app can update itself. */
  update?: UpdateStatusView;
}

export interface WaitingSignIn {
  session: string;
  userCode?: string;
}

export type TrayAction =
  | { kind: 'open-console'; role: RoleEntry }
  /** The console for a profile of ~/.aws/config (a chained role, an IAM user). */
  | { kind: 'open-profile-console'; profile: string }
  | { kind: 'use-in-terminal'; role: RoleEntry }
  | { kind: 'refresh-profile'; profile: string }
  | { kind: 'sign-in'; session: string }
  | { kind: 'open' }
  | { kind: 'check-for-updates' }
  | { kind: 'restart-to-update' }
  | { kind: 'quit' };

/** The subset of Electron's MenuItemConstructorOptions the tray uses, with data actions. */
export interface TrayMenuItem {
  label?: string;
  type?: 'normal' | 'separator' | 'submenu';
  enabled?: boolean;
  accelerator?: string;
  submenu?: TrayMenuItem[];
  action?: TrayAction;
}

export type TrayIconState = 'signed-out' | 'active' | 'expiring' | 'error';

/** An active profile (or a sign-in that cannot renew itself) this close to its end is "expiring". */
export const EXPIRING_WITHIN_MS = 10 * 60_000;
const MAX_FAVORITES = 10;
const MAX_RECENTS = 5;
/** Windows truncates tray tooltips at 127 characters. */
const MAX_TOOLTIP = 127;

export function buildTrayMenuTemplate(state: TrayState, platform: NodeJS.Platform, t: Translate): TrayMenuItem[] {
  const items: TrayMenuItem[] = [];
  const separator = (): void => {
    if (items.length && items[items.length - 1]!.type !== 'separator') items.push({ type: 'separator' });
  };
  const open: TrayMenuItem = { label: t('open'), action: { kind: 'open' } };

  // On Linux a click on the indicator only opens this menu, so opening the popup comes first.
  if (platform === 'linux') {
    items.push(open);
    separator();
  }
  if (state.error) {
    items.push({ label: t('errorItem', { message: redactAndShorten(state.error.message, 80) }), enabled: false });
    separator();
  }
  // Linux indicators show no tooltip: the menu says it too, and opens the popup with the code.
  for (const w of state.waiting ?? []) {
    items.push({
      label: w.userCode ? t('waitingItemCode', { session: w.session, code: w.userCode }) : t('waitingItem', { session: w.session }),
      action: { kind: 'open' },
    });
  }
  separator();

  const favoriteKeys = new Set(state.favorites.map(roleKey));
  const roleItems = (roles: RoleEntry[]) =>
    roles.map((role) => ({
      label: roleLabel(role),
      type: 'submenu' as const,
      submenu: [
        { label: t('openConsole'), action: { kind: 'open-console' as const, role } },
        { label: t('useInTerminal'), action: { kind: 'use-in-terminal' as const, role } },
      ],
    }));
  const favorites = state.favorites.slice(0, MAX_FAVORITES);
  if (favorites.length) {
    items.push({ label: t('favorites'), enabled: false }, ...roleItems(favorites));
    separator();
  }
  const recents = state.recents.filter((r) => !favoriteKeys.has(roleKey(r))).slice(0, MAX_RECENTS);
  if (recents.length) {
    items.push({ label: t('recents'), enabled: false }, ...roleItems(recents));
    separator();
  }

  const profiles = [...state.activeProfiles].sort((a, b) => a.expiration - b.expiration);
  if (profiles.length) {
    items.push({ label: t('activeProfiles'), enabled: false });
    for (const p of profiles) {
      const openConsole: TrayAction =
        p.source === 'sso'
          ? { kind: 'open-console', role: { session: p.session, accountId: p.accountId, roleName: p.roleName } }
          : { kind: 'open-profile-console', profile: p.profileName };
      items.push({
        label: profileLabel(p, state.now, t),
        type: 'submenu',
        submenu: [
          { label: `${p.accountId} / ${p.roleName}`, enabled: false },
          { label: t('refreshNow'), action: { kind: 'refresh-profile', profile: p.profile } },
          { label: t('openConsole'), action: openConsole },
        ],
      });
    }
    separator();
  }

  const signedOut = state.sessions.filter((s) => !s.signedIn || (s.expiresAt !== undefined && s.expiresAt <= state.now));
  for (const s of signedOut) items.push({ label: t('signInTo', { session: s.name }), action: { kind: 'sign-in', session: s.name } });
  if (!state.sessions.length) items.push({ label: t('setUpSignIn'), action: { kind: 'open' } });
  separator();

  const update = updateItem(state.update, t);
  if (update) items.push(update);
  if (platform !== 'linux') items.push(open);
  items.push(
    platform === 'darwin'
      ? { label: t('quit'), accelerator: 'Command+Q', action: { kind: 'quit' } }
      : { label: t(platform === 'win32' ? 'exit' : 'quit'), action: { kind: 'quit' } },
  );
  return items;
}

export function trayIconState(state: TrayState): TrayIconState {
  if (state.error) return 'error';
  const signedIn = state.sessions.filter((s) => s.signedIn && (s.expiresAt === undefined || s.expiresAt > state.now));
  if (!signedIn.length) return 'signed-out';
  const soon = (at: number) => at - state.now < EXPIRING_WITHIN_MS;
  if (state.activeProfiles.some((p) => soon(p.expiration))) return 'expiring';
  if (signedIn.some((s) => !s.refreshable && s.expiresAt !== undefined && soon(s.expiresAt))) return 'expiring';
  return 'active';
}

export function trayTooltip(state: TrayState, t: Translate): string {
  const icon = trayIconState(state);
  const waiting = state.waiting ?? [];
  let text: string;
  // A sign-in waiting for the person comes first: it is the one thing they can act on now.
  if (waiting.length) {
    const first = waiting[0]!;
    text = first.userCode ? t('tooltipWaitingCode', { session: first.session, code: first.userCode }) : t('tooltipWaiting', { session: first.session });
    if (waiting.length > 1) text += ` ${t('tooltipMore', { n: waiting.length - 1 })}`;
  } else if (icon === 'error') text = t('tooltipError', { message: state.error!.message });
  else if (icon === 'signed-out') text = t('tooltipSignedOut');
  else {
    const profiles = [...state.activeProfiles].sort((a, b) => a.expiration - b.expiration);
    const first = profiles[0];
    if (!first) text = t('tooltipSignedIn');
    else {
      const left = first.expiration - state.now;
      text = left > 0 ? t('tooltipProfile', { profile: first.profile, time: formatTimeLeft(left, t) }) : t('tooltipProfileExpired', { profile: first.profile });
      if (profiles.length > 1) text += ` ${t('tooltipMore', { n: profiles.length - 1 })}`;
    }
  }
  return redactAndShorten(text, MAX_TOOLTIP);
}

/**
 * How long until the tray would look different on its own: the next whole-minute mark of any
 * countdown (labels round up to whole minutes, and the 10-minute "expiring" mark and the end
 * itself fall on such marks), and at least once a minute.
 */
export function msUntilTrayChanges(state: TrayState): number {
  const ends = [...state.activeProfiles.map((p) => p.expiration), ...state.sessions.flatMap((s) => (s.expiresAt === undefined ? [] : [s.expiresAt]))];
  let next = 60_000;
  for (const end of ends) {
    const left = end - state.now;
    if (left > 0) next = Math.min(next, left % 60_000 || 60_000);
  }
  // Just past the mark, so the rebuild sees the new minute; never a busy loop.
  return Math.max(1_000, next + 20);
}

/** "42 min", "1 h 05 min"; a part-minute counts as a whole one so "0 min" never shows. */
export function formatTimeLeft(ms: number, t: Translate): string {
  const minutes = Math.max(1, Math.ceil(ms / 60_000));
  if (minutes < 60) return t('minutes', { n: minutes });
  return t('hoursMinutes', { h: Math.floor(minutes / 60), m: String(minutes % 60).padStart(2, '0') });
}

function profileLabel(p: ActiveProfileView, now: number, t: Translate): string {
  const left = p.expiration - now;
  return left > 0 ? t('profileTimeLeft', { profile: p.profile, time: formatTimeLeft(left, t) }) : t('profileExpired', { profile: p.profile });
}

/** "Check for updates…", greyed out while one is under way, "Restart to update" once it is ready. */
function updateItem(update: UpdateStatusView | undefined, t: Translate): TrayMenuItem | undefined {
  if (!update || update.state === 'unsupported') return undefined;
  if (update.state === 'ready') return { label: t('restartToUpdate', { version: update.version ?? '' }), action: { kind: 'restart-to-update' } };
  if (update.state === 'checking') return { label: t('checkingForUpdates'), enabled: false };
  if (update.state === 'downloading') return { label: t('downloadingUpdate', { version: update.version ?? '' }), enabled: false };
  return { label: t('checkForUpdates'), action: { kind: 'check-for-updates' } };
}

function roleLabel(r: RoleEntry): string {
  return `${r.accountName || r.accountId} / ${r.roleName}`;
}
