import { toSessionRef, type SsoSessionConfig } from '../aws/config-file';
import { LatchkeyError } from '../errors';
import type { SsoSessionRef } from '../types';
import { sameStartUrl } from '../validation';
import type { ConfigProfileView, ProfileProblem } from '../../shared/views';

// The pure half of config profiles: from the profiles of ~/.aws/config and ~/.aws/credentials
// (merged the way botocore merges them), the plan to get credentials for one profile — a
// source (SSO role, IAM user keys, or static session credentials) and then the AssumeRole
// steps of a role chain, innermost first. No I/O here, so every rule is tested directly.

export interface ProfileInputs {
  /** Every profile's values: the config file's, with the credentials file's on top (botocore). */
  profiles: ReadonlyMap<string, Readonly<Record<string, string>>>;
  ssoSessions: readonly SsoSessionConfig[];
  /** Profiles whose long-term keys the app keeps in the secret store (not in a file). */
  storedKeys: ReadonlyMap<string, { accessKeyId: string; mfaSerial?: string; region?: string }>;
  /** Credentials-file sections Latchkey writes itself: outputs, never listed as profiles. */
  managed: ReadonlySet<string>;
  /** The config file's path as shown to people (for messages). */
  configLabel: string;
}

export type PlanSource =
  | { kind: 'sso-role'; profile: string; session: SsoSessionRef; accountId: string; roleName: string; legacy: boolean }
  | { kind: 'iam-user'; profile: string; accessKeyId: string; keys: 'file' | 'secret-store'; mfaSerial?: string }
  /** aws_session_token in the file: used as they are, they cannot be renewed. */
  | { kind: 'static-session'; profile: string };

export interface AssumeRoleStep {
  profile: string;
  roleArn: string;
  mfaSerial?: string;
  externalId?: string;
  roleSessionName?: string;
  durationSeconds?: number;
}

/** What a profile is, for people and for the console: an SSO role, an IAM user, a role
 * assumed from IAM user keys, or a role chained from role credentials. */
export type ProfileKind = ConfigProfileSummary['kind'];

export interface ProfilePlan {
  profile: string;
  kind: ProfileKind;
  region?: string;
  source: PlanSource;
  /** AssumeRole calls from the source outwards; the last one gives the profile's credentials. */
  steps: AssumeRoleStep[];
  /** Profile names from this one down to the source. */
  chain: string[];
  /** Where the credentials land: the account and role (or IAM user) they belong to. */
  accountId?: string;
  roleName?: string;
  userName?: string;
  /** Settings that were ignored, as the AWS CLI ignores them, in words for the person. */
  warnings: string[];
}

const ROLE_ARN = /^arn:aws[\w-]*:iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/;
const MFA_ARN = /^arn:aws[\w-]*:iam::(\d{12}):mfa\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]+)$/;

/** The plan for `name`. NOT_FOUND if there is no such profile; BAD_CONFIG_FILE for a loop or
 * a broken setting; UNSUPPORTED for what Latchkey does not do (credential_source, credential_process). */
export function planProfile(name: string, inputs: ProfileInputs): ProfilePlan {
  if (!inputs.profiles.has(name) && !inputs.storedKeys.has(name)) {
    throw new LatchkeyError('NOT_FOUND', `There is no profile "${name}" in ${inputs.configLabel} or the credentials file.`, {
      hint: 'Use ACCOUNT/ROLE_NAME for an Identity Center role, or the name of a profile in ~/.aws/config.',
      cliHint: 'ROLE is ACCOUNT/ROLE_NAME for an Identity Center role, or the name of a profile in ~/.aws/config. "latchkey roles" lists both.',
    });
  }
  const steps: AssumeRoleStep[] = [];
  const chain: string[] = [];
  const warnings: string[] = [];
  let current = name;
  let asSource = false;
  for (;;) {
    chain.push(current);
    const values = inputs.profiles.get(current) ?? {};
    const stored = inputs.storedKeys.get(current);
    const hasKeys = Boolean(values.aws_access_key_id && values.aws_secret_access_key);
    // botocore: a source profile's own keys win over its role_arn; the profile asked for
    // assumes its role_arn even if it also has keys (its keys then serve as source only if it
    // names itself as source_profile).
    if (values.role_arn && !(asSource && (hasKeys || stored))) {
      steps.unshift(stepFrom(current, values, inputs, warnings));
      const next = sourceProfileOf(current, values, inputs);
      const selfWithKeys = next === current && (hasKeys || stored);
      if (chain.includes(next) && !selfWithKeys) {
        throw new LatchkeyError('BAD_CONFIG_FILE', `The source_profile settings in ${inputs.configLabel} form a loop: ${[...chain, next].join(' → ')}.`, {
          hint: `Point source_profile of [profile ${current}] at a profile with credentials (keys, or SSO) instead.`,
        });
      }
      if (!inputs.profiles.has(next) && !inputs.storedKeys.has(next)) {
        throw new LatchkeyError('BAD_CONFIG_FILE', `[profile ${current}] in ${inputs.configLabel} names source_profile "${next}", which does not exist.`, {
          hint: `Add [profile ${next}] (or [${next}] in the credentials file), or fix source_profile.`,
        });
      }
      if (selfWithKeys) {
        const source = sourceFrom(current, values, stored, inputs);
        return finish(name, inputs, source, steps, chain, warnings);
      }
      current = next;
      asSource = true;
      continue;
    }
    const source = sourceFrom(current, values, stored, inputs);
    return finish(name, inputs, source, steps, chain, warnings);
  }
}

function finish(name: string, inputs: ProfileInputs, source: PlanSource, steps: AssumeRoleStep[], chain: string[], warnings: string[]): ProfilePlan {
  const plan: ProfilePlan = { profile: name, kind: kindOf(source, steps), source, steps, chain, warnings };
  const region =
    inputs.profiles.get(name)?.region ||
    inputs.storedKeys.get(name)?.region ||
    (source.kind === 'sso-role' ? inputs.profiles.get(source.profile)?.region : undefined);
  if (region) plan.region = region;
  const last = steps[steps.length - 1];
  if (last) {
    const arn = ROLE_ARN.exec(last.roleArn);
    if (arn) [plan.accountId, plan.roleName] = [arn[1]!, arn[2]!];
  } else if (source.kind === 'sso-role') {
    [plan.accountId, plan.roleName] = [source.accountId, source.roleName];
  } else if (source.kind === 'iam-user' && source.mfaSerial) {
    const mfa = MFA_ARN.exec(source.mfaSerial);
    if (mfa) [plan.accountId, plan.userName] = [mfa[1]!, mfa[2]!];
  }
  return plan;
}

function kindOf(source: PlanSource, steps: AssumeRoleStep[]): ProfileKind {
  if (steps.length === 0) return source.kind === 'sso-role' ? 'sso-profile' : source.kind === 'iam-user' ? 'iam-user' : 'session-credentials';
  return steps.length === 1 && source.kind === 'iam-user' ? 'assumed-role' : 'chained-role';
}

function sourceProfileOf(profile: string, values: Readonly<Record<string, string>>, inputs: ProfileInputs): string {
  // botocore's AssumeRoleProvider._get_role_config refuses the pair (InvalidConfigError).
  if (values.source_profile && values.credential_source) {
    throw new LatchkeyError('BAD_CONFIG_FILE', `The profile "${profile}" contains both source_profile and credential_source, in ${inputs.configLabel}.`, {
      hint: `Keep one of them in [profile ${profile}]: the AWS CLI refuses this profile too.`,
    });
  }
  if (values.source_profile) return values.source_profile;
  if (values.credential_source) {
    throw new LatchkeyError(
      'UNSUPPORTED',
      `[profile ${profile}] takes its source credentials from credential_source = ${values.credential_source}, which Latchkey does not support.`,
      {
        hint: 'Use source_profile instead, or use this profile with the AWS CLI directly.',
      },
    );
  }
  throw new LatchkeyError('BAD_CONFIG_FILE', `[profile ${profile}] in ${inputs.configLabel} has role_arn but neither source_profile nor credential_source.`, {
    hint: `Add source_profile = PROFILE to [profile ${profile}].`,
  });
}

function stepFrom(profile: string, values: Readonly<Record<string, string>>, inputs: ProfileInputs, warnings: string[]): AssumeRoleStep {
  const roleArn = values.role_arn!;
  if (!ROLE_ARN.test(roleArn)) {
    throw new LatchkeyError('BAD_CONFIG_FILE', `role_arn of [profile ${profile}] in ${inputs.configLabel} is not a role ARN.`, {
      hint: 'It looks like arn:aws:iam::123456789012:role/RoleName.',
    });
  }
  const step: AssumeRoleStep = { profile, roleArn };
  if (values.mfa_serial) step.mfaSerial = values.mfa_serial;
  if (values.external_id) step.externalId = values.external_id;
  if (values.role_session_name) {
    if (!/^[\w+=,.@-]{2,64}$/.test(values.role_session_name)) {
      throw new LatchkeyError('BAD_CONFIG_FILE', `role_session_name of [profile ${profile}] is not a valid session name.`, {
        hint: 'Use 2 to 64 letters, digits and +=,.@_- characters.',
      });
    }
    step.roleSessionName = values.role_session_name;
  }
  if (values.duration_seconds) {
    const seconds = pythonInt(values.duration_seconds);
    if (seconds === undefined) {
      // botocore reads it with int() and drops it when that fails, so AWS's default applies.
      warnings.push(
        `duration_seconds of [profile ${profile}] in ${inputs.configLabel} is not a whole number of seconds, so it is ignored (as the AWS CLI ignores it) and the role session lasts AWS's default of one hour.`,
      );
    } else if (seconds < 900 || seconds > 43_200) {
      // botocore sends it, and STS refuses it: say so before asking.
      throw new LatchkeyError('BAD_CONFIG_FILE', `duration_seconds of [profile ${profile}] is ${values.duration_seconds}; AWS accepts 900 to 43200.`, {
        hint: 'Set it to a whole number of seconds between 900 and 43200, or remove it (one hour).',
      });
    } else {
      step.durationSeconds = seconds;
    }
  }
  return step;
}

/** Python's int() on a config value: an optional sign, then ASCII digits with single "_"
 * between them. Number() would also take "1e3" or "0x384", which int() refuses. */
function pythonInt(text: string): number | undefined {
  const t = text.trim();
  return /^[+-]?\d+(?:_\d+)*$/.test(t) ? Number(t.replace(/_/g, '')) : undefined;
}

function sourceFrom(
  profile: string,
  values: Readonly<Record<string, string>>,
  stored: { accessKeyId: string; mfaSerial?: string } | undefined,
  inputs: ProfileInputs,
): PlanSource {
  // The AWS CLI's provider chain tries SSO before the profile's keys (botocore
  // ProfileProviderBuilder.providers); the JS SDK tries keys first. Latchkey follows the AWS CLI.
  // botocore's SSOProvider applies once sso_account_id or sso_role_name is set.
  if (values.sso_account_id || values.sso_role_name) return ssoSource(profile, values, inputs);
  if (values.aws_access_key_id && values.aws_secret_access_key) {
    if (values.aws_session_token) return { kind: 'static-session', profile };
    const source: PlanSource = { kind: 'iam-user', profile, accessKeyId: values.aws_access_key_id, keys: 'file' };
    const serial = values.mfa_serial ?? stored?.mfaSerial;
    if (serial) source.mfaSerial = serial;
    return source;
  }
  if (stored) {
    const source: PlanSource = { kind: 'iam-user', profile, accessKeyId: stored.accessKeyId, keys: 'secret-store' };
    const serial = values.mfa_serial ?? stored.mfaSerial;
    if (serial) source.mfaSerial = serial;
    return source;
  }
  if (values.sso_session || values.sso_start_url) return ssoSource(profile, values, inputs);
  if (values.credential_process) {
    throw new LatchkeyError('UNSUPPORTED', `[profile ${profile}] gets its credentials from credential_process, which Latchkey does not run.`, {
      hint: 'Use the profile with the AWS CLI directly, or give Latchkey the role behind it (ACCOUNT/ROLE_NAME).',
    });
  }
  if (values.web_identity_token_file) {
    throw new LatchkeyError('UNSUPPORTED', `[profile ${profile}] uses web_identity_token_file, which Latchkey does not support.`);
  }
  throw new LatchkeyError('BAD_CONFIG_FILE', `[profile ${profile}] has no credentials Latchkey can use (no keys, role_arn or SSO settings).`, {
    hint:
      'Add aws_access_key_id/aws_secret_access_key to [' +
      profile +
      '] in ~/.aws/credentials, or sso_session + sso_account_id + sso_role_name in ~/.aws/config.',
  });
}

function ssoSource(profile: string, values: Readonly<Record<string, string>>, inputs: ProfileInputs): PlanSource {
  const accountId = values.sso_account_id;
  const roleName = values.sso_role_name;
  if (!accountId || !roleName) {
    throw new LatchkeyError('BAD_CONFIG_FILE', `[profile ${profile}] has SSO settings but no sso_account_id and sso_role_name.`, {
      hint: 'Add sso_account_id and sso_role_name, or use ACCOUNT/ROLE_NAME with Latchkey.',
    });
  }
  if (!values.sso_session && !values.sso_start_url) {
    throw new LatchkeyError('BAD_CONFIG_FILE', `[profile ${profile}] has sso_account_id and sso_role_name but neither sso_session nor sso_start_url.`, {
      hint: `Add sso_session = NAME (an [sso-session NAME] of ${inputs.configLabel}) to [profile ${profile}].`,
    });
  }
  if (values.sso_session) {
    const s = inputs.ssoSessions.find((x) => x.name === values.sso_session);
    if (!s) {
      throw new LatchkeyError(
        'BAD_CONFIG_FILE',
        `[profile ${profile}] names sso_session "${values.sso_session}", but there is no complete [sso-session ${values.sso_session}] in ${inputs.configLabel}.`,
        {
          hint: `Add [sso-session ${values.sso_session}] with sso_start_url and sso_region, or sign in to a session named ${values.sso_session}.`,
          cliHint: `Add [sso-session ${values.sso_session}] with sso_start_url and sso_region (or run latchkey login --start-url URL --region REGION --session ${values.sso_session}).`,
        },
      );
    }
    return { kind: 'sso-role', profile, session: toSessionRef(s), accountId, roleName, legacy: false };
  }
  const startUrl = values.sso_start_url!;
  const region = values.sso_region;
  if (!region) {
    throw new LatchkeyError('BAD_CONFIG_FILE', `[profile ${profile}] has sso_start_url but no sso_region.`, {
      hint: 'Add sso_region (the Identity Center region).',
    });
  }
  // A legacy profile shares the sign-in of an sso-session for the same portal when there is
  // one; otherwise it uses the AWS CLI's legacy token cache, whose key is the start URL.
  const same = inputs.ssoSessions.find((x) => sameStartUrl(x.startUrl, startUrl) && x.region === region);
  const session = same ? toSessionRef(same) : { name: startUrl, startUrl, region };
  return { kind: 'sso-role', profile, session, accountId, roleName, legacy: true };
}

/** A resolvable profile as the CLI and the app list it: the window's view is the same data. */
export type ConfigProfileSummary = ConfigProfileView;

export type { ProfileProblem } from '../../shared/views';

/** Every profile Latchkey can resolve, and those it cannot for a reason worth showing (a
 * loop, a broken setting, an unsupported source). Profiles with nothing to resolve (only a
 * region, say) and Latchkey's own credentials sections are left out. */
export function listProfilePlans(inputs: ProfileInputs): { profiles: ConfigProfileSummary[]; problems: ProfileProblem[] } {
  const profiles: ConfigProfileSummary[] = [];
  const problems: ProfileProblem[] = [];
  const names = new Set([...inputs.profiles.keys(), ...inputs.storedKeys.keys()]);
  for (const name of [...names].sort()) {
    if (inputs.managed.has(name) || !resolvable(inputs.profiles.get(name) ?? {}, inputs.storedKeys.has(name))) continue;
    try {
      profiles.push(summarise(planProfile(name, inputs)));
    } catch (err) {
      if (!(err instanceof LatchkeyError)) throw err;
      problems.push({ profile: name, code: err.code, message: err.message });
    }
  }
  return { profiles, problems };
}

function resolvable(values: Readonly<Record<string, string>>, stored: boolean): boolean {
  if (stored || values.role_arn) return true;
  // SSO settings come first, as in sourceFrom: keys beside them do not make it a keys profile.
  if (values.sso_account_id && values.sso_role_name && (values.sso_session || values.sso_start_url)) return true;
  return Boolean(values.aws_access_key_id && values.aws_secret_access_key && !values.aws_session_token);
}

export function summarise(plan: ProfilePlan): ConfigProfileSummary {
  const out: ConfigProfileSummary = {
    profile: plan.profile,
    kind: plan.kind,
    mfa: Boolean((plan.source.kind === 'iam-user' && plan.source.mfaSerial) || plan.steps.some((s) => s.mfaSerial)),
    chain: plan.chain,
  };
  if (plan.region) out.region = plan.region;
  if (plan.accountId) out.accountId = plan.accountId;
  if (plan.roleName) out.roleName = plan.roleName;
  if (plan.userName) out.userName = plan.userName;
  if (plan.source.profile !== plan.profile) out.sourceProfile = plan.source.profile;
  return out;
}
