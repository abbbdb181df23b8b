import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import type { LatchkeyApi } from '../../../shared/api';
import { createAppStore, type AppStore } from './app-store';
import { connect } from './connect';
import { useSelector, type Store } from './create-store';

// How components reach the store. The context carries the store itself, which never changes,
// so the context never re-renders anyone: components subscribe to the slices they read.

const StoreContext = createContext<AppStore | null>(null);

export function StoreProvider({ api, children }: { api: LatchkeyApi; children: ReactNode }) {
  const [store] = useState(() => createAppStore(api));
  useEffect(() => connect(api, store), [api, store]);
  return <StoreContext.Provider value={store}>{children}</StoreContext.Provider>;
}

/** Every slice, for its actions. Reading state through it does not re-render: use useSlice. */
export function useAppStore(): AppStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useAppStore outside StoreProvider');
  return store;
}

/** The slices that hold state (the others only act). */
type SliceName = { [K in keyof AppStore]: AppStore[K] extends { store: { get(): object } } ? K : never }[keyof AppStore];
type StateOf<K extends SliceName> = AppStore[K] extends { store: Store<infer S> } ? S : never;

/** The part of one slice's state `select` picks; re-renders only when that part changes. */
export function useSlice<K extends SliceName, T>(name: K, select: (state: StateOf<K>) => T): T {
  return useSelector((useAppStore()[name] as unknown as { store: Store<StateOf<K>> }).store, select);
}
