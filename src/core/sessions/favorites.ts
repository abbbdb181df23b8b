import { MAX_RECENTS, type AppState } from './state-store';

// Pure edits of the app state, meant to run inside StateStore.update so that each one is a
// single locked read-modify-write:  store.update((s) => toggleFavorite(s, roleKey(role)))

export function isFavorite(state: AppState, key: string): boolean {
  return state.favorites.includes(key);
}

export function addFavorite(state: AppState, key: string): AppState {
  if (!state.favorites.includes(key)) state.favorites = [...state.favorites, key];
  return state;
}

export function removeFavorite(state: AppState, key: string): AppState {
  state.favorites = state.favorites.filter((k) => k !== key);
  return state;
}

export function toggleFavorite(state: AppState, key: string): AppState {
  return isFavorite(state, key) ? removeFavorite(state, key) : addFavorite(state, key);
}

/** Moves `key` to the front of the recents (once), keeping the newest MAX_RECENTS. */
export function recordRecent(state: AppState, key: string, now: number): AppState {
  state.recents = [{ key, usedAt: now }, ...state.recents.filter((r) => r.key !== key)].slice(0, MAX_RECENTS);
  return state;
}
