import { buildApi, type Invoke, type Subscribe } from '../src/shared/api';
import type { EventName } from '../src/shared/contract';
import { HARNESS_KEY_HEADER, HARNESS_KEY_META } from './harness-key';

// The web harness's stand-in for the preload: the same `window.latchkey` built from the same
// contract, over HTTP to the harness server instead of Electron IPC. Loaded as a classic
// script before the app's module script, so the API exists before the app boots. Every call
// carries the key the served page holds.

const key = document.querySelector<HTMLMetaElement>(`meta[name="${HARNESS_KEY_META}"]`)?.content ?? '';

const invoke: Invoke = async (channel, request) => {
  try {
    const res = await fetch(`/rpc/${channel}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [HARNESS_KEY_HEADER]: key },
      // An absent request travels as an empty body (JSON has no `undefined`).
      body: request === undefined ? '' : JSON.stringify(request),
    });
    return await res.json();
  } catch {
    return { ok: false, code: 'NETWORK', message: 'The web harness is not reachable.', hint: 'Is `npm run dev:web` still running?' };
  }
};

// One EventSource for every event, opened now so no push is missed while the app boots.
const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
const source = new EventSource(`/events?key=${encodeURIComponent(key)}`);
source.onmessage = (message: MessageEvent<string>) => {
  const { event, payload } = JSON.parse(message.data) as { event: EventName; payload: unknown };
  for (const listener of listeners.get(event) ?? []) listener(payload);
};

const subscribe: Subscribe = (event, listener) => {
  let set = listeners.get(event);
  if (!set) listeners.set(event, (set = new Set()));
  set.add(listener);
  return () => {
    set.delete(listener);
  };
};

(window as unknown as { latchkey: unknown }).latchkey = buildApi(invoke, subscribe);
