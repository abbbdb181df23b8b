import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { buildApi, type LatchkeyApi } from '../shared/api';

// The window gets the domain API built from the contract (`latchkey.sessions.list()`, …) and
// nothing else: no ipcRenderer, no generic invoke, no Node.

const api: LatchkeyApi = buildApi(
  (channel, request) => ipcRenderer.invoke(channel, request),
  (event, listener) => {
    // The Electron event object stays here; the page sees only the payload.
    const wrapped = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(event, wrapped);
    return () => {
      ipcRenderer.removeListener(event, wrapped);
    };
  },
);

contextBridge.exposeInMainWorld('latchkey', api);

export type { LatchkeyApi };
