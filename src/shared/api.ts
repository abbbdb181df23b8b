import { EVENT_NAMES, invokeChannels, type EventName, type EventPayloads, type InvokeChannel, type RequestOf, type ResponseOf } from './contract';
import type { IpcResult } from './errors';

// Builds the domain API (`latchkey.sessions.list()`, …) from the contract over any transport:
// ipcRenderer in the preload, HTTP in the web harness. Both sides get the same shape, so the
// renderer cannot drift from either.

type Domain<C extends string> = C extends `${infer D}.${string}` ? D : never;
type Action<C extends string, D extends string> = C extends `${D}.${infer A}` ? A : never;
type Call<C extends InvokeChannel> =
  undefined extends RequestOf<C> ? (request?: RequestOf<C>) => Promise<IpcResult<ResponseOf<C>>> : (request: RequestOf<C>) => Promise<IpcResult<ResponseOf<C>>>;

export type DomainApi = {
  [D in Domain<InvokeChannel>]: { [A in Action<InvokeChannel, D>]: Call<Extract<`${D}.${A}`, InvokeChannel>> };
};

export type LatchkeyApi = DomainApi & {
  /** Subscribes to a pushed event; returns the unsubscribe function. */
  on<E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void): () => void;
};

export type Invoke = (channel: InvokeChannel, request: unknown) => Promise<IpcResult<unknown>>;
export type Subscribe = (event: EventName, listener: (payload: unknown) => void) => () => void;

export function buildApi(invoke: Invoke, subscribe: Subscribe): LatchkeyApi {
  const api: Record<string, Record<string, unknown>> = {};
  for (const name of Object.keys(invokeChannels) as InvokeChannel[]) {
    const [domain, action] = name.split('.') as [string, string];
    (api[domain] ??= {})[action] = (request?: unknown) => invoke(name, request);
  }
  const known = new Set<string>(EVENT_NAMES);
  const on = (event: EventName, listener: (payload: unknown) => void) => {
    if (!known.has(event)) throw new Error(`unknown event ${String(event)}`);
    return subscribe(event, listener);
  };
  return { ...api, on } as unknown as LatchkeyApi;
}
