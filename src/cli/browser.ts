/**
 * Opens a URL the Unix way: the command named in BROWSER (a `:`-separated list; `%s` is
 * replaced by the URL, else the URL is the last argument), else the OS default browser.
 */
export async function openInBrowser(url: string, env: Readonly<Record<string, string | undefined>>): Promise<void> {
  const browser = env.BROWSER?.split(':').map((s) => s.trim()).find(Boolean);
  if (browser) {
    const words = browser.split(/\s+/);
    const args = words.slice(1);
    const hasPlaceholder = args.some((a) => a.includes('%s'));
    const finalArgs = hasPlaceholder ? args.map((a) => a.replaceAll('%s', url)) : [...args, url];
    // Loaded here, not at the top: every command imports this module, and child_process (with
    // net, dgram and streams) would slow the credential_process hot path for nothing.
    const { spawn } = await import('node:child_process');
    await new Promise<void>((resolve, reject) => {
      const child = spawn(words[0]!, finalArgs, { stdio: 'ignore', detached: true });
      child.once('error', reject);
      child.once('spawn', () => {
        child.unref();
        resolve();
      });
    });
    return;
  }
  const { default: open } = await import('open');
  await open(url, { wait: false });
}
