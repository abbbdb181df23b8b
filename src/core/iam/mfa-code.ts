import { LatchkeyError } from '../errors';

// The MFA code comes from whoever can ask the person: a dialog in the app, --mfa-code or a
// terminal prompt in the command. Background work passes no prompt and gets MfaCodeNeeded.

export interface MfaRequest {
  /** The profile that asks for MFA. */
  profile: string;
  /** The MFA device ARN (mfa_serial). */
  serial: string;
}

export type PromptMfaCode = (request: MfaRequest) => Promise<string>;

/** Thrown when an MFA code is needed and nobody can be asked (background refresh, a
 * credential_process run with no terminal). NOT_SIGNED_IN: like a lapsed sign-in, the person
 * must act before credentials can be had. The command passes its own `cliHint`. */
export class MfaCodeNeeded extends LatchkeyError {
  constructor(
    readonly request: MfaRequest,
    cliHint = `Run "latchkey use ${request.profile} --mfa-code CODE" (or open the Latchkey app) to enter a code from your MFA device.`,
  ) {
    super('NOT_SIGNED_IN', `Profile "${request.profile}" needs a code from the MFA device ${request.serial}.`, {
      hint: 'Enter a code from your MFA device.',
      cliHint,
    });
    this.name = 'MfaCodeNeeded';
  }
}

/** A 6-digit code, spaces allowed in between ("123 456"); BAD_INPUT otherwise. */
export function normaliseMfaCode(code: string): string {
  const digits = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(digits)) {
    throw new LatchkeyError('BAD_INPUT', 'An MFA code is the 6 digits your MFA device shows.', { hint: 'Type the current code, for example 123456.' });
  }
  return digits;
}

/** Asks once through `prompt`; without one, MfaCodeNeeded. */
export async function askMfaCode(request: MfaRequest, prompt: PromptMfaCode | undefined): Promise<string> {
  if (!prompt) throw new MfaCodeNeeded(request);
  return normaliseMfaCode(await prompt(request));
}
