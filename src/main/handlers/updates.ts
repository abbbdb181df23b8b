import { LatchkeyError } from '../../core/errors';
import type { DomainHandlers, HandlerDeps } from './types';

export function updateHandlers(deps: HandlerDeps): DomainHandlers<'updates'> {
  return {
    'updates.status': async () => deps.updates?.status() ?? { state: 'unsupported' },
    'updates.check': async () => deps.updates?.check() ?? { state: 'unsupported' },
    'updates.restart': async () => {
      const updates = deps.updates;
      if (!updates || updates.status().state === 'unsupported') throw new LatchkeyError('UNSUPPORTED', 'This copy of Latchkey does not update itself.');
      if (!updates.restart()) {
        throw new LatchkeyError('NOT_FOUND', 'No update is ready to install.', {
          hint: 'Check for updates first; Latchkey offers the restart once the new version is downloaded.',
        });
      }
    },
  };
}
