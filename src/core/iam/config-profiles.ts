import { buildConsoleSigninUrl, consoleOpenParts, type ConsoleOpenOptions } from '../console/federation';
import { warnUser, type CoreContext } from '../context';
import type { RoleCredentials, SsoSessionRef } from '../types';
import type { PromptMfaCode } from './mfa-code';
import { forgetMfaSession, readMfaSession } from './mfa-session-cache';
import { consoleCredentialsForPlan, credentialsForPlan, mfaSessionKey, type ObtainedCredentials } from './profile-credentials';
import { readProfileInputs } from './profile-inputs';
import { listProfilePlans, planProfile, type ConfigProfileSummary, type ProfilePlan, type ProfileProblem } from './profile-plan';
import type { SecretStore } from './secret-store';
import { getCallerIdentity, stsRegion } from './sts-calls';

// The profiles of ~/.aws/config as Latchkey uses them: listed beside the Identity Center
// roles, turned into credentials, opened in the console. The app and the command reach it as Latchkey.configProfiles.

export interface ConfigProfilesDeps {
  ctx: CoreContext;
  ssoRoleCredentials(role: { session: SsoSessionRef; accountId: string; roleName: string }): Promise<RoleCredentials>;
  secretStore?: SecretStore;
  /** The default way to ask for an MFA code (the app's dialog); per-call options override it. */
  promptMfaCode?: PromptMfaCode;
}

export interface ProfileCallOptions {
  /** Overrides the default prompt; `null` means "nobody to ask" (background refresh). */
  promptMfaCode?: PromptMfaCode | null;
}

export class ConfigProfiles {
  constructor(private readonly deps: ConfigProfilesDeps) {}

  async list(): Promise<{ profiles: ConfigProfileSummary[]; problems: ProfileProblem[] }> {
    const inputs = await readProfileInputs(this.deps.ctx, this.deps.secretStore);
    const listed = listProfilePlans(inputs);
    for (const summary of listed.profiles) {
      const key = summary.mfa ? mfaSessionKey(planProfile(summary.profile, inputs)) : undefined;
      const session = key ? await readMfaSession(this.deps.ctx, key) : undefined;
      if (session) summary.mfaSessionExpiresAt = session.expiration;
    }
    return listed;
  }

  /** Ends the cached MFA session behind a profile (the next use asks for a code). */
  async forgetMfaSession(name: string): Promise<boolean> {
    const key = mfaSessionKey(await this.plan(name));
    if (!key) return false;
    await forgetMfaSession(this.deps.ctx, key);
    return true;
  }

  async plan(name: string): Promise<ProfilePlan> {
    const plan = planProfile(name, await readProfileInputs(this.deps.ctx, this.deps.secretStore));
    for (const warning of plan.warnings) warnUser(this.deps.ctx, warning);
    return plan;
  }

  async credentials(name: string, options: ProfileCallOptions = {}): Promise<ObtainedCredentials & { plan: ProfilePlan }> {
    return this.credentialsOf(await this.plan(name), options);
  }

  /** Credentials for a plan the caller already made, without reading the AWS files again. */
  async credentialsOf(plan: ProfilePlan, options: ProfileCallOptions = {}): Promise<ObtainedCredentials & { plan: ProfilePlan }> {
    return { plan, ...(await credentialsForPlan(this.deps, plan, this.callOptions(options))) };
  }

  /** The account and role (or user) the credentials belong to, for the active-profile list. */
  async identity(plan: ProfilePlan, credentials: RoleCredentials): Promise<{ accountId: string; roleName: string }> {
    const name = plan.roleName ?? plan.userName;
    if (plan.accountId && name) return { accountId: plan.accountId, roleName: name };
    const who = await getCallerIdentity(this.deps.ctx, credentials, stsRegion(plan.region));
    return { accountId: plan.accountId ?? who.account, roleName: name ?? (who.arn.split('/').pop() || plan.profile) };
  }

  async consoleUrl(name: string, options: ProfileCallOptions & ConsoleOpenOptions = {}): Promise<string> {
    const plan = await this.plan(name);
    const got = await consoleCredentialsForPlan(this.deps, plan, this.callOptions(options));
    const region =
      options.region ??
      plan.region ??
      (plan.source.kind === 'sso-role' ? plan.source.session.region : undefined) ??
      stsRegion(undefined, plan.steps.at(-1)?.roleArn);
    return buildConsoleSigninUrl(this.deps.ctx, {
      credentials: got.credentials,
      kind: got.kind,
      region,
      ...consoleOpenParts(options),
    });
  }

  private callOptions(options: ProfileCallOptions): { promptMfaCode?: PromptMfaCode } {
    const prompt = options.promptMfaCode === null ? undefined : (options.promptMfaCode ?? this.deps.promptMfaCode);
    return prompt ? { promptMfaCode: prompt } : {};
  }
}
