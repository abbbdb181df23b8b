import { toCatalogView } from '../ipc/views';
import type { DomainHandlers, HandlerDeps } from './types';

export function catalogHandlers(deps: HandlerDeps): DomainHandlers<'catalog'> {
  const { latchkey } = deps;
  const syncs = new Map<string, AbortController>();

  return {
    // The cached list at once (a fresh one follows as 'catalog-updated'), or a sync when asked.
    'catalog.get': async ({ session: name, refresh }) => {
      const session = await latchkey.sessions.resolve(name);
      const controller = new AbortController();
      syncs.set(name, controller);
      try {
        const view = await latchkey.catalog.get(
          session,
          refresh ? { refresh: true, signal: controller.signal } : { refreshInBackground: true, signal: controller.signal },
        );
        return toCatalogView(view);
      } finally {
        if (syncs.get(name) === controller) syncs.delete(name);
      }
    },

    'catalog.cancelSync': async ({ session }) => {
      syncs.get(session)?.abort();
    },

    'catalog.prioritise': async ({ session, visible, matching, first }) => {
      latchkey.catalog.prioritise(session, {
        ...(visible ? { visible } : {}),
        ...(matching ? { matching } : {}),
        ...(first ? { first: [first] } : {}),
      });
    },
  };
}
