import type { SessionSummary } from '../../core/sessions/sign-in-sessions';
import type { CatalogView as CoreCatalogView } from '../../core/sessions/catalog-service';
import type { ActiveProfile, AppState } from '../../core/sessions/state-store';
import type { SyncProgress } from '../../core/sso/catalog-sync';
import type { DeviceCodeReason, LoginPrompt } from '../../core/sso/sign-in';
import type { ErrorEvent, LatchkeyEvents } from '../../core/sessions/latchkey-events';
import type { EventPayloads } from '../../shared/contract';
import type { ActiveProfileView, CatalogView, DeviceCodeReasonView, SessionView, SignInPromptView, StateView, SyncProgressView } from '../../shared/views';

// Core objects → what the renderer may see. Each field is copied by name, so a secret added
// to a core type later cannot leak through a spread.

export function toSessionView(s: SessionSummary): SessionView {
  const view: SessionView = { name: s.name, startUrl: s.startUrl, region: s.region, signedIn: s.signedIn, refreshable: s.refreshable };
  if (s.expiresAt !== undefined) view.expiresAt = s.expiresAt;
  return view;
}

export function toCatalogView(c: CoreCatalogView): CatalogView {
  return {
    session: c.session,
    syncedAt: c.syncedAt,
    fromCache: c.fromCache,
    ...(c.pending ? { pending: [...c.pending] } : {}),
    accounts: c.accounts.map((a) => ({
      accountId: a.accountId,
      accountName: a.accountName,
      ...(a.emailAddress ? { emailAddress: a.emailAddress } : {}),
      roles: [...a.roles],
    })),
  };
}

export function toActiveProfileView(p: ActiveProfile): ActiveProfileView {
  const base = { profile: p.profile, accountId: p.accountId, roleName: p.roleName, expiration: p.expiration, activatedAt: p.activatedAt };
  if (p.source === 'sso') return { source: 'sso', session: p.session, ...base };
  return { source: 'config-profile', profileName: p.profileName, ...(p.ssoSession ? { ssoSession: p.ssoSession } : {}), ...base };
}

export function toStateView(s: AppState): StateView {
  return { favorites: [...s.favorites], recents: s.recents.map((r) => ({ key: r.key, usedAt: r.usedAt })) };
}

export function toSyncProgressView(session: string, p: SyncProgress): SyncProgressView {
  return { session, phase: p.phase, accountsTotal: p.accountsTotal, accountsDone: p.accountsDone, rolesFound: p.rolesFound, throttled: p.throttled };
}

/** The prompt as the popup shows it: the core's reason goes as its code, put in words there. */
export function toSignInPromptView(session: string, p: LoginPrompt): SignInPromptView {
  if (p.kind === 'browser') return { session, kind: 'browser', url: p.url };
  return {
    session,
    kind: 'device',
    userCode: p.userCode,
    verificationUri: p.verificationUri,
    verificationUriComplete: p.verificationUriComplete,
    expiresAt: p.expiresAt,
    ...(p.reasonCode ? { reason: p.reasonCode } : {}),
  };
}

// Where core and shared describe the same thing separately, these links fail to compile the
// moment the two drift apart (as dispatch.ts does for the error codes).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _mirrors: [
  Same<ActiveProfile['source'], ActiveProfileView['source']>,
  Same<SyncProgress['phase'], SyncProgressView['phase']>,
  Same<LatchkeyEvents['expiry-warning'][0], EventPayloads['expiry-warning']>,
  Same<LatchkeyEvents['sign-in-needed'][0], EventPayloads['sign-in-needed']>,
  Same<ErrorEvent, EventPayloads['error']>,
  Same<DeviceCodeReason, DeviceCodeReasonView>,
] = [true, true, true, true, true, true];
void _mirrors;
