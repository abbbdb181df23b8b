import { contextBridge } from 'electron';

// Domain functions only — never ipcRenderer itself. The typed IPC contract arrives with the
// tray-app issue; the renderer types `window.latchkey` from `typeof api`.
const api = {
  appName: 'Latchkey',
};

export type LatchkeyApi = typeof api;

contextBridge.exposeInMainWorld('latchkey', api);
