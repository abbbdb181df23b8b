import { useSyncExternalStore } from 'react';

// A minimal external store: one immutable state object, replaced on each change, with
// listeners told after. React reads it through useSyncExternalStore and a selector, so a
// component re-renders only when the part it selected is a different value.

export interface Store<S extends object> {
  get(): S;
  /** Merges a change into the state (a function gets the current state); listeners run after. */
  update(change: Partial<S> | ((current: S) => Partial<S>)): void;
  /** Replaces the whole state. */
  replace(next: S): void;
  subscribe(listener: () => void): () => void;
}

export function createStore<S extends object>(initial: S): Store<S> {
  let state = initial;
  const listeners = new Set<() => void>();
  const replace = (next: S) => {
    if (Object.is(next, state)) return;
    state = next;
    for (const listener of [...listeners]) listener();
  };
  return {
    get: () => state,
    update: (change) => replace({ ...state, ...(typeof change === 'function' ? change(state) : change) }),
    replace,
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}

/**
 * The part of the state `select` picks; the component re-renders only when it changes
 * (Object.is). A selector returns a piece of the state as it is (or a primitive), never a new
 * object or array: derive those with useMemo from what it returns.
 */
export function useSelector<S extends object, T>(store: Store<S>, select: (state: S) => T): T {
  return useSyncExternalStore(store.subscribe, () => select(store.get()));
}
