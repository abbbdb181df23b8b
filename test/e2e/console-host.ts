import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';

// The console host (us-east-1.console.aws.amazon.com) as Chromium reaches it in the console
// tests: --host-resolver-rules sends it here, an https server with a throwaway certificate
// (accepted with --ignore-certificate-errors) that sends each page on to the emulator's console.

export interface ConsoleHost {
  port: number;
  close(): void;
}

export async function startConsoleHost(emulatorUrl: string): Promise<ConsoleHost> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'latchkey-console-cert-'));
  const key = path.join(dir, 'key.pem');
  const cert = path.join(dir, 'cert.pem');
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=console.aws.amazon.com'],
    {
      stdio: 'ignore',
    },
  );
  const server = https.createServer({ key: fs.readFileSync(key), cert: fs.readFileSync(cert) }, (req, res) => {
    res.writeHead(302, { location: `${emulatorUrl.replace(/\/$/, '')}/console${req.url ?? '/'}` });
    res.end();
  });
  fs.rmSync(dir, { recursive: true, force: true });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}
