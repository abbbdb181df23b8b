import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import net from 'node:net';

// The independent peers of the interop tests: the AWS CLI v1 (botocore) and moto. Tests that
// need them are skipped, with a note saying why, on machines that do not have them.

export const hasAwsCli = spawnSync('aws', ['--version'], { encoding: 'utf8' }).status === 0;
export const hasMoto = spawnSync('python3', ['-c', 'import moto.server'], { encoding: 'utf8' }).status === 0;

/** What `aws` needs in a test's environment besides the test's HOME: pyenv's shim finds its
 * Python through PYENV_ROOT, which otherwise defaults to the (temporary) HOME. */
export function pythonEnv(): Record<string, string> {
  if (process.env.PYENV_ROOT) return { PYENV_ROOT: process.env.PYENV_ROOT };
  return process.env.HOME ? { PYENV_ROOT: `${process.env.HOME}/.pyenv` } : {};
}

export function skipNote(what: string, present: boolean): void {
  if (!present) console.warn(`[interop] skipped: ${what} is not installed on this machine`);
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export async function startMoto(): Promise<{ url: string; stop: () => void }> {
  const port = await freePort();
  const child: ChildProcess = spawn('python3', ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      await fetch(`${url}/moto-api/`);
      break;
    } catch {
      if (Date.now() > deadline) {
        child.kill();
        throw new Error('moto.server did not start within 30 s');
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  return { url, stop: () => child.kill() };
}

export function runAws(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('aws', args, { env: { ...env, AWS_PAGER: '', PYTHONWARNINGS: 'ignore' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}
