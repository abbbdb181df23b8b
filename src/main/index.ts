import { app } from 'electron';
import { redact } from '../core/redact';
import { startApp } from './app-lifecycle';

// The Electron entry point: everything lives in app-lifecycle.ts.
startApp().catch((err: unknown) => {
  process.stderr.write(`Latchkey could not start: ${redact((err as Error)?.message ?? String(err))}\n`);
  app.exit(1);
});
