import { listManagedProfiles, removeManagedProfile } from '../aws/credentials-file';
import { awsPaths } from '../aws/paths';
import type { CoreContext } from '../context';
import { isLatchkeyError } from '../errors';
import type { ConfigProfiles } from '../iam/config-profiles';
import type { PortalSignOut, SsoAuth } from '../sso/sso-auth';
import type { SsoSessionRef } from '../types';
import { removeCredentialProcessCaches } from './credential-process-cache';
import { signInSessionOf, sourceName } from './active-profile';
import type { ActiveProfile, StateStore } from './state-store';

// Signing out ends what the sign-in handed out. What belongs to a session:
// - its SSO token (and the copy kept for legacy profiles of the same portal), ended at the portal;
// - cached credential_process credentials that came from it: its roles', and those of config
//   profiles whose chain starts at one of its roles (the files say which sign-in they came from);
// - the active profiles holding such credentials. They stay valid at AWS until they expire (AWS
//   cannot end role sessions already issued), so they are either kept and no longer renewed, or
//   removed from ~/.aws/credentials with `unuse`.
// MFA sessions are not the sign-in's: they come from an IAM user's own keys and stay.

export interface SignOutResult {
  portal: PortalSignOut;
  /** Cached credential_process credentials removed from ~/.aws/cli/cache. */
  removedCaches: number;
  /** The session's profiles left in place and no longer renewed: each works until `expiration`. */
  kept: ActiveProfile[];
  /** Profiles removed from their credentials file (`unuse`). */
  removed: ActiveProfile[];
  /** Profiles whose section someone rewrote by hand since: no longer Latchkey's, left as they are. */
  notOwned: ActiveProfile[];
}

export interface SignOutDeps {
  ctx: CoreContext;
  auth: SsoAuth;
  store: StateStore;
  configProfiles: ConfigProfiles;
}

export async function signOut(deps: SignOutDeps, session: SsoSessionRef, options: { unuse?: boolean } = {}): Promise<SignOutResult> {
  const { ctx, store } = deps;
  const defaultFile = awsPaths(ctx).credentialsFile;
  const fileOf = (p: ActiveProfile) => p.credentialsFile ?? defaultFile;
  const state = await store.read();
  const mine: ActiveProfile[] = [];
  for (const p of state.activeProfiles) if ((await sessionOf(p, deps.configProfiles)) === session.name) mine.push(p);

  const removed: ActiveProfile[] = [];
  const notOwned: ActiveProfile[] = [];
  const dropped = new Set<ActiveProfile>();
  let kept: ActiveProfile[] = [];
  let failure: unknown;
  if (options.unuse) {
    for (const p of mine) {
      try {
        if (await removeManagedProfile(fileOf(p), p.profile)) removed.push(p);
      } catch (err) {
        if (!isLatchkeyError(err, 'NOT_OWNED')) {
          failure = err;
          break;
        }
        notOwned.push(p);
      }
      dropped.add(p);
    }
  } else {
    const present = await managedSections(mine.map(fileOf));
    for (const p of mine) {
      if (present.get(fileOf(p))?.has(p.profile) === false) dropped.add(p);
      else kept.push(p);
    }
  }
  if (failure) kept = [];

  // Before the token goes, so the app's refresh loop never meets one of these profiles with its
  // session signed out (it would try to renew it and say a sign-in is needed).
  const now = ctx.clock.now();
  await store.update((s) => {
    s.activeProfiles = s.activeProfiles.flatMap((p) => {
      const was = mine.find((m) => m.profile === p.profile && fileOf(m) === fileOf(p) && m.source === p.source && sourceName(m) === sourceName(p));
      if (!was) return [p];
      if (dropped.has(was)) return [];
      return kept.includes(was) ? [{ ...p, signedOutAt: p.signedOutAt ?? now }] : [p];
    });
  });
  if (failure) throw failure;

  const { portal, legacyCopiesRemoved } = await deps.auth.logout(session);
  const removedCaches = await removeCredentialProcessCaches(ctx, [session.name, ...legacyCopiesRemoved]);
  return { portal, removedCaches, kept: kept.map((p) => ({ ...p, signedOutAt: p.signedOutAt ?? now })), removed, notOwned };
}

/** The SSO session whose sign-in a profile's credentials come from, if any. */
async function sessionOf(p: ActiveProfile, configProfiles: ConfigProfiles): Promise<string | undefined> {
  const recorded = signInSessionOf(p);
  if (recorded || p.source === 'sso') return recorded;
  // Recorded before profiles said so: ask the config (a profile that no longer resolves has none).
  const plan = await configProfiles.plan(p.profileName).catch(() => undefined);
  return plan?.source.kind === 'sso-role' ? plan.source.session.name : undefined;
}

/** Latchkey's sections in each file; a file that cannot be read is left out (unknown). */
async function managedSections(files: string[]): Promise<Map<string, Set<string>>> {
  const out = new Map<string, Set<string>>();
  for (const file of new Set(files)) {
    const managed = await listManagedProfiles(file).catch(() => undefined);
    if (managed) out.set(file, new Set(managed.map((m) => m.profile)));
  }
  return out;
}
