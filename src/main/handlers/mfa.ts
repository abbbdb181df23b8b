import { LatchkeyError } from '../../core/errors';
import type { DomainHandlers, HandlerDeps } from './types';

// The window's answer to an MFA code the core asked for (event 'mfa-needed').

export function mfaHandlers(deps: HandlerDeps): DomainHandlers<'mfa'> {
  const mfa = () => {
    if (!deps.mfa) throw new LatchkeyError('NOT_FOUND', 'No MFA code was asked for.');
    return deps.mfa;
  };
  return {
    'mfa.submit': async ({ requestId, code }) => mfa().submit(requestId, code),
    'mfa.cancel': async ({ requestId }) => mfa().cancel(requestId),
  };
}
