import type { ChildProcess } from 'node:child_process';
import { OPENER_WAIT_MS } from '../core/sso/sign-in';

/**
 * Opens a URL the Unix way: the command named in BROWSER (a `:`-separated list; `%s` is
 * replaced by the URL, else the URL is the last argument), else the OS default browser.
 */
export async function openInBrowser(url: string, env: Readonly<Record<string, string | undefined>>): Promise<void> {
  const browser = env.BROWSER?.split(':')
    .map((s) => s.trim())
    .find(Boolean);
  if (browser) {
    const words = browser.split(/\s+/);
    const args = words.slice(1);
    const hasPlaceholder = args.some((a) => a.includes('%s'));
    const finalArgs = hasPlaceholder ? args.map((a) => a.replaceAll('%s', url)) : [...args, url];
    // Loaded here, not at the top: every command imports this module, and child_process (with
    // net, dgram and streams) would slow the credential_process hot path for nothing.
    const { spawn } = await import('node:child_process');
    const child = spawn(words[0]!, finalArgs, { stdio: 'ignore', detached: true });
    await openerOutcome(child, browser);
    return;
  }
  const { default: open } = await import('open');
  await openerOutcome(await open(url, { wait: false }), 'the system browser opener');
}

/** Resolves once the opener has exited 0 or is still running after OPENER_WAIT_MS; rejects
 * when it could not start or exited non-zero, so the sign-in can switch to a device code. */
function openerOutcome(child: ChildProcess, what: string): Promise<void> {
  if (child.exitCode !== null) {
    return child.exitCode === 0 ? Promise.resolve() : Promise.reject(new Error(`${what} exited with code ${child.exitCode}`));
  }
  return new Promise<void>((resolve, reject) => {
    let settled = false;
    const settle = (err?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(grace);
      child.unref();
      if (err) reject(err);
      else resolve();
    };
    child.on('error', (err) => settle(new Error(`${what} could not be started (${(err as NodeJS.ErrnoException).code ?? err.message})`)));
    child.once('exit', (code, signal) =>
      settle(code === 0 ? undefined : new Error(`${what} exited with ${code === null ? `signal ${signal}` : `code ${code}`}`)),
    );
    const grace = setTimeout(() => settle(), OPENER_WAIT_MS);
  });
}
