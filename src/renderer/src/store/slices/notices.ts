import { createStore } from '../create-store';
import type { Failure } from '../failure-policy';

// What the popup tells the person above any one screen: the last failure (the banner) and
// the latest announcement (the toast, a polite live region).

export interface NoticesState {
  banner?: Failure;
  announcement: { text: string; id: number };
}

export function createNotices() {
  const store = createStore<NoticesState>({ announcement: { text: '', id: 0 } });
  return {
    store,
    fail(failure: Failure): void {
      store.update({ banner: failure });
    },
    dismiss(): void {
      if (store.get().banner) store.update({ banner: undefined });
    },
    announce(text: string): void {
      store.update((s) => ({ announcement: { text, id: s.announcement.id + 1 } }));
    },
  };
}

export type Notices = ReturnType<typeof createNotices>;
