import fs from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomicSafe } from '../core/aws/atomic-write';

// Launch at login on Linux, where Electron's setLoginItemSettings does nothing: an XDG autostart
// entry (~/.config/autostart/latchkey.desktop, or under $XDG_CONFIG_HOME). Latchkey writes and
// removes that one file only, and only while it carries Latchkey's marker — a latchkey.desktop
// the person wrote by hand is left alone.

export const AUTOSTART_FILE_NAME = 'latchkey.desktop';
const MARKER = 'X-Latchkey-Autostart=true';

export interface AutostartOptions {
  env: Readonly<Record<string, string | undefined>>;
  homedir: string;
  /** The running executable (process.execPath); $APPIMAGE wins when set (the AppImage's own path). */
  execPath: string;
  /** Extra arguments, e.g. the app folder when running an unpackaged Electron. */
  args?: readonly string[];
}

/** $XDG_CONFIG_HOME/autostart/latchkey.desktop; a relative XDG_CONFIG_HOME is ignored, as the spec says. */
export function autostartFile(options: Pick<AutostartOptions, 'env' | 'homedir'>): string {
  const xdg = options.env.XDG_CONFIG_HOME;
  const configHome = xdg && path.isAbsolute(xdg) ? xdg : path.join(options.homedir, '.config');
  return path.join(configHome, 'autostart', AUTOSTART_FILE_NAME);
}

export function autostartEntry(options: AutostartOptions): string {
  const program = options.env.APPIMAGE || options.execPath;
  const exec = [program, ...(options.args ?? [])].map(quoteExecArg).join(' ');
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Latchkey',
    'Comment=AWS IAM Identity Center in your tray',
    `Exec=${exec}`,
    'Icon=latchkey',
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    MARKER,
    '',
  ].join('\n');
}

/** Makes the autostart entry match the setting. Returns what it did. */
export async function applyLinuxAutostart(enabled: boolean, options: AutostartOptions): Promise<'written' | 'removed' | 'unchanged' | 'not-ours'> {
  const file = autostartFile(options);
  const current = await fs.readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return undefined;
    throw err;
  });
  if (current !== undefined && !current.includes(MARKER)) return 'not-ours';
  if (!enabled) {
    if (current === undefined) return 'unchanged';
    await fs.rm(file, { force: true });
    return 'removed';
  }
  const wanted = autostartEntry(options);
  // Rewritten when the program moved (a new AppImage path), untouched otherwise.
  if (current === wanted) return 'unchanged';
  await writeFileAtomicSafe(file, wanted, { mode: 0o644 });
  return 'written';
}

/**
 * One argument of a desktop entry's Exec key: quoted when it has a reserved character, with
 * `"`, `` ` ``, `$` and `\` escaped inside the quotes, then the string-value escape of `\` on top,
 * and `%` doubled (field codes).
 */
export function quoteExecArg(arg: string): string {
  let out = arg;
  if (/[\s"'\\><~|&;$*?#()`]/.test(arg)) out = `"${arg.replace(/(["`$\\])/g, '\\$1')}"`;
  return out.replace(/\\/g, '\\\\').replace(/%/g, '%%');
}
