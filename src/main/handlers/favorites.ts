import { toStateView } from '../ipc/views';
import type { DomainHandlers, HandlerDeps } from './types';

// Favorite roles, and the recent ones that come with them.

export function favoriteHandlers(deps: HandlerDeps): DomainHandlers<'favorites'> {
  const { latchkey } = deps;
  return {
    'favorites.get': async () => toStateView(await latchkey.state.read()),

    'favorites.toggle': async (role) => {
      const view = toStateView(await latchkey.state.toggleFavorite(role));
      deps.emit('state-changed', view);
      return view;
    },
  };
}

/** Using a role makes it a recent one: the window hears of the new recents. */
export async function recentsChanged(deps: HandlerDeps): Promise<void> {
  deps.emit('state-changed', toStateView(await deps.latchkey.state.read()));
}
