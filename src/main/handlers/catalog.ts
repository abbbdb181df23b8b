import type { Handlers, HandlerDeps } from './types';
import { toCatalogView, toStateView } from '../ipc/views';

type CatalogHandlers = Pick<Handlers, 'catalog.get' | 'catalog.cancelSync' | 'state.get' | 'state.toggleFavorite'>;

export function catalogHandlers(deps: HandlerDeps): CatalogHandlers {
  const { latchkey } = deps;
  const syncs = new Map<string, AbortController>();

  return {
    // The cached list at once (a fresh one follows as 'catalog-updated'), or a sync when asked.
    'catalog.get': async ({ session: name, refresh }) => {
      const session = await latchkey.sessions.resolve(name);
      const controller = new AbortController();
      syncs.set(name, controller);
      try {
        const view = await latchkey.catalog.get(session, refresh ? { refresh: true, signal: controller.signal } : { refreshInBackground: true, signal: controller.signal });
        return toCatalogView(view);
      } finally {
        if (syncs.get(name) === controller) syncs.delete(name);
      }
    },

    'catalog.cancelSync': async ({ session }) => {
      syncs.get(session)?.abort();
    },

    'state.get': async () => toStateView(await latchkey.state.read()),

    'state.toggleFavorite': async (role) => {
      const view = toStateView(await latchkey.state.toggleFavorite(role));
      deps.emit('state-changed', view);
      return view;
    },
  };
}
