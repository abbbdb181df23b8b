import type { CliIo } from '../io';
import { stringOption, type OptionSpec } from '../args';
import { LatchkeyError } from '../../core/errors';
import { MfaCodeNeeded, normaliseMfaCode, type PromptMfaCode } from '../../core/iam/mfa-code';
import { summarise, type ProfilePlan } from '../../core/iam/profile-plan';
import { isConfigProfileArg } from './role-cache';

// ROLE in use/console/credential-process: ACCOUNT/ROLE_NAME is an Identity Center role; a
// name without "/" is a profile of ~/.aws/config (a chained role, an IAM user with MFA).

export { isConfigProfileArg };

/** The options that say how to reach a ROLE: the sign-in session of an Identity Center role,
 * or the MFA code for a profile. */
export const ROLE_OPTIONS: OptionSpec = { session: { type: 'string' }, 'mfa-code': { type: 'string' } };

/** The positional of the commands that act on one ROLE. */
export const ONE_ROLE = { min: 1, max: 1, names: 'one ROLE (ACCOUNT/ROLE_NAME or a profile of ~/.aws/config)' };

/** The ROLE with its --session and --mfa-code, refused (BAD_INPUT) where one cannot apply to it. */
export function roleTarget(
  command: string,
  positionals: readonly string[],
  values: Record<string, string | boolean | undefined>,
): { role: string; session: string | undefined; mfaCode: string | undefined } {
  const role = positionals[0]!;
  const options = { session: stringOption(values, 'session'), mfaCode: stringOption(values, 'mfa-code') };
  assertOptionsApply(command, role, options);
  return { role, ...options };
}

/**
 * The MFA code source for a command: --mfa-code for the first code asked, then the terminal
 * when there is one; with neither, a clear error saying to pass --mfa-code. A code works only
 * once at AWS, so --mfa-code is never handed out twice.
 */
export function cliMfaPrompt(io: CliIo, flagCode: string | undefined, command: string, target: string): PromptMfaCode {
  let flag = flagCode === undefined ? undefined : normaliseMfaCode(flagCode);
  return async (request) => {
    if (flag !== undefined) {
      const code = flag;
      flag = undefined;
      return code;
    }
    if (io.ask) return io.ask(`MFA code for profile "${request.profile}" (${request.serial}): `);
    throw new MfaCodeNeeded(
      request,
      `Pass the current code with: latchkey ${command} ${target} --mfa-code CODE` +
        (command === 'credential-process'
          ? ` (or run "latchkey use ${target} --mfa-code CODE" once in a terminal: the MFA session is then reused for up to 12 hours).`
          : '.'),
    );
  };
}

/**
 * BAD_INPUT (exit 2) for an option that cannot apply to this kind of ROLE, rather than
 * ignoring it: a config profile's own settings say where its credentials come from (no
 * --session), and an Identity Center role never needs an MFA code (the sign-in vouched).
 */
export function assertOptionsApply(command: string, arg: string, options: { session?: string | undefined; mfaCode?: string | undefined }): void {
  if (isConfigProfileArg(arg) && options.session !== undefined) {
    throw new LatchkeyError(
      'BAD_INPUT',
      `--session does not apply to profile "${arg}" of ~/.aws/config: the profile's own settings say where its credentials come from.`,
      {
        hint: `Leave out --session (or give an Identity Center role as ACCOUNT/ROLE_NAME). Run "latchkey ${command} --help".`,
      },
    );
  }
  if (!isConfigProfileArg(arg) && options.mfaCode !== undefined) {
    throw new LatchkeyError(
      'BAD_INPUT',
      `--mfa-code does not apply to an Identity Center role (${arg}): the sign-in to its session is the second factor, so no code is asked for.`,
      {
        hint: '--mfa-code is for profiles of ~/.aws/config with mfa_serial. Leave it out.',
      },
    );
  }
}

/** BAD_INPUT when --mfa-code was given for a profile whose credentials never use one here. */
export function assertMfaCodeUsable(command: string, plan: ProfilePlan, mfaCode: string | undefined): void {
  if (mfaCode === undefined) return;
  if (command === 'console' && plan.kind === 'iam-user') {
    throw new LatchkeyError(
      'BAD_INPUT',
      `--mfa-code does not apply to the console for IAM user profile "${plan.profile}": it signs in through GetFederationToken with the user's keys, which takes no MFA code.`,
      {
        hint: 'Leave out --mfa-code.',
      },
    );
  }
  if (!summarise(plan).mfa) {
    const where =
      plan.chain.length > 1 ? `neither it nor the profiles it builds on (${plan.chain.slice(1).join(', ')}) set mfa_serial` : 'it sets no mfa_serial';
    throw new LatchkeyError('BAD_INPUT', `--mfa-code does not apply to profile "${plan.profile}": ${where}, so no MFA code is used.`, {
      hint: 'Leave out --mfa-code, or add mfa_serial to the profile in ~/.aws/config.',
    });
  }
}
