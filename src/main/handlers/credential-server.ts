import { LatchkeyError } from '../../core/errors';
import type { DomainHandlers, HandlerDeps } from './types';

// The credential server for local programs: the window asks for a profile's lines by name, and
// main puts them on the clipboard; the endpoint's token never travels to the window.

export function credentialServerHandlers(deps: HandlerDeps): DomainHandlers<'credentialServer'> {
  return {
    'credentialServer.copyExports': async ({ profile }) => {
      if (!deps.servedProfiles) throw new LatchkeyError('UNSUPPORTED', 'Credentials are not served to local programs here.');
      deps.writeClipboard(deps.servedProfiles.exportLines(profile, deps.appInfo().platform === 'win32' ? 'powershell' : 'sh'));
    },
  };
}
