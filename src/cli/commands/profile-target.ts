import type { CliIo } from '../io';
import type { OptionSpec } from '../args';
import { MfaCodeNeeded, normaliseMfaCode, type PromptMfaCode } from '../../core/iam/mfa-code';

// ROLE in use/console/credential-process: ACCOUNT/ROLE_NAME is an Identity Center role; a
// name without "/" is a profile of ~/.aws/config (a chained role, an IAM user with MFA).

export function isConfigProfileArg(arg: string): boolean {
  return !arg.includes('/');
}

export const MFA_OPTION: OptionSpec = { 'mfa-code': { type: 'string' } };

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
    throw new MfaCodeNeeded(request, `Pass the current code with: latchkey ${command} ${target} --mfa-code CODE` + (command === 'credential-process' ? ` (or run "latchkey use ${target} --mfa-code CODE" once in a terminal: the MFA session is then reused for up to 12 hours).` : '.'));
  };
}
