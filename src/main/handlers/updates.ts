import type { DomainHandlers, HandlerDeps } from './types';

export function updateHandlers(deps: HandlerDeps): DomainHandlers<'updates'> {
  return {
    'updates.status': async () => deps.updates?.status() ?? { state: 'unsupported' },
    'updates.check': async () => deps.updates?.check() ?? { state: 'unsupported' },
  };
}
