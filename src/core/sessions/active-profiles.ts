import { awsPaths } from '../aws/paths';
import { removeManagedProfile, writeManagedProfile } from '../aws/credentials-file';
import { warnUser, type CoreContext } from '../context';
import { LatchkeyError } from '../errors';
import { assertProfileName } from '../validation';
import type { ConfigProfiles, ProfileCallOptions } from '../iam/config-profiles';
import { assertWritableTarget } from '../iam/target-profile';
import type { RoleCredentials } from '../types';
import { describeRole, type CatalogService, type ResolvedRole } from './catalog-service';
import { listActiveProfiles } from './active-profile-list';
import { recordRecent } from './favorites';
import type { LatchkeyEmitter } from './latchkey-events';
import type { RefreshWarnings } from './refresh-warnings';
import { roleKey, type ActiveProfile, type StateStore } from './state-store';

// Profiles of ~/.aws/credentials that Latchkey writes and keeps fresh: an Identity Center
// role's credentials, or a ~/.aws/config profile's. Each is recorded in the state so the
// refresh loop renews it and the command and the app list the same ones.

export interface ActiveProfilesDeps {
  ctx: CoreContext;
  store: StateStore;
  catalog: CatalogService;
  configProfiles: ConfigProfiles;
  events: LatchkeyEmitter;
  warnings: RefreshWarnings;
}

export class ActiveProfiles {
  constructor(private readonly deps: ActiveProfilesDeps) {}

  /** Writes the role's credentials to `profile` in the credentials file and keeps it fresh. */
  async activate(role: ResolvedRole, profile = 'default'): Promise<ActiveProfile> {
    assertProfileName(profile);
    await assertWritableTarget(this.deps.ctx, profile);
    const creds = await this.deps.catalog.roleCredentials(role);
    const ref = { session: role.session.name, accountId: role.accountId, roleName: role.roleName };
    return this.record(profile, creds, describeRole(role), { source: 'sso', ...ref }, roleKey(ref));
  }

  /** Like activate, for a config profile: its credentials go to `profile` and are kept fresh. */
  async activateConfigProfile(configProfile: string, profile = 'default', options: ProfileCallOptions = {}): Promise<ActiveProfile> {
    assertProfileName(profile);
    if (profile === configProfile) {
      throw new LatchkeyError('BAD_INPUT', `Latchkey cannot write profile "${configProfile}"'s credentials over the profile itself.`, {
        hint: `Choose another target profile (for example ${configProfile}-session).`,
        cliHint: `Choose another target with --profile (for example --profile ${configProfile}-session).`,
      });
    }
    // Credentials written over a profile of the chain would become the chain's own source:
    // the next refresh would start from them (or from nothing once they expire).
    const planned = await this.deps.configProfiles.plan(configProfile);
    const chain = planned.chain;
    if (chain.includes(profile)) {
      throw new LatchkeyError(
        'BAD_INPUT',
        `Profile "${configProfile}" gets its credentials through profile "${profile}" (${chain.join(' → ')}), so Latchkey will not write over it.`,
        {
          hint: `Choose another target profile (for example ${configProfile}-session).`,
          cliHint: `Choose another target with --profile (for example --profile ${configProfile}-session).`,
        },
      );
    }
    await assertWritableTarget(this.deps.ctx, profile);
    const { plan, credentials } = await this.deps.configProfiles.credentialsOf(planned, options);
    const who = await this.deps.configProfiles.identity(plan, credentials);
    const active = await this.record(profile, credentials, `profile ${configProfile}`, {
      source: 'config-profile',
      profileName: configProfile,
      accountId: who.accountId,
      roleName: who.roleName,
      ...(plan.source.kind === 'sso-role' ? { ssoSession: plan.source.session.name } : {}),
    });
    this.deps.warnings.clear({ kind: 'mfa', profile });
    return active;
  }

  /** Removes a profile Latchkey wrote; NOT_OWNED for a hand-written one. */
  async deactivate(profile: string): Promise<boolean> {
    assertProfileName(profile);
    const credentialsFile = awsPaths(this.deps.ctx).credentialsFile;
    const removed = await removeManagedProfile(credentialsFile, profile, { warn: this.warn });
    const state = await this.deps.store.update((s) => {
      s.activeProfiles = s.activeProfiles.filter((p) => !sameProfile(p, profile, credentialsFile));
    });
    this.deps.events.emit('profiles-changed', state.activeProfiles);
    return removed;
  }

  /** Active profiles of this credentials file, limited to those whose section is still there. */
  list(): Promise<ActiveProfile[]> {
    return listActiveProfiles(this.deps.ctx, this.deps.store);
  }

  /** The shared tail of both activations: write the section, record it (and the role as a
   * recent one), clear its expiry warning and tell the listeners. */
  private async record(profile: string, creds: RoleCredentials, source: string, what: WhatIsActive, recentKey?: string): Promise<ActiveProfile> {
    const credentialsFile = awsPaths(this.deps.ctx).credentialsFile;
    await writeManagedProfile(credentialsFile, profile, creds, { source, warn: this.warn });
    const now = this.deps.ctx.clock.now();
    const active = { ...what, profile, expiration: creds.expiration, activatedAt: now, credentialsFile } as ActiveProfile;
    const state = await this.deps.store.update((s) => {
      s.activeProfiles = [...s.activeProfiles.filter((p) => !sameProfile(p, profile, credentialsFile)), active];
      if (recentKey) recordRecent(s, recentKey, now);
    });
    this.deps.warnings.clear({ kind: 'profile-expiry', profile });
    this.deps.events.emit('profiles-changed', state.activeProfiles);
    return active;
  }

  private readonly warn = (message: string): void => warnUser(this.deps.ctx, message);
}

/** An active profile without what writing it decides (the union's members, each without those). */
type WhatIsActive = ActiveProfile extends infer P
  ? P extends ActiveProfile
    ? Omit<P, 'profile' | 'expiration' | 'activatedAt' | 'credentialsFile'>
    : never
  : never;

function sameProfile(p: ActiveProfile, profile: string, credentialsFile: string): boolean {
  return p.profile === profile && (p.credentialsFile ?? credentialsFile) === credentialsFile;
}
