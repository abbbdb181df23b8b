import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyLinuxAutostart, autostartFile, quoteExecArg } from '../../src/main/linux-autostart';
import { tempHome } from '../../devkit/home';

// Launch at login on Linux: an XDG autostart entry in a temporary HOME, written and removed by
// the setting, pointing at the AppImage when there is one, never touching a file it did not write.

let home: string;
beforeEach(async () => {
  home = (await tempHome('autostart')).home;
});
afterEach(async () => {
  await fs.rm(home, { recursive: true, force: true });
});

const desktopFile = () => path.join(home, '.config', 'autostart', 'latchkey.desktop');
const read = (file = desktopFile()) => fs.readFile(file, 'utf8');
const execLine = (text: string) => /^Exec=(.*)$/m.exec(text)?.[1];

describe('Linux launch at login', () => {
  it('on: writes ~/.config/autostart/latchkey.desktop running the installed program; off: removes it', async () => {
    const options = { env: {}, homedir: home, execPath: '/opt/Latchkey/latchkey' };
    expect(await applyLinuxAutostart(true, options)).toBe('written');
    const text = await read();
    expect(text).toMatch(/^\[Desktop Entry\]\nType=Application\nName=Latchkey\n/);
    expect(execLine(text)).toBe('/opt/Latchkey/latchkey');
    expect(text).toContain('X-GNOME-Autostart-enabled=true');
    // Applying the same setting again (every start does) leaves the file as it is.
    const before = (await fs.stat(desktopFile())).mtimeMs;
    expect(await applyLinuxAutostart(true, options)).toBe('unchanged');
    expect((await fs.stat(desktopFile())).mtimeMs).toBe(before);
    expect(await applyLinuxAutostart(false, options)).toBe('removed');
    await expect(fs.access(desktopFile())).rejects.toThrow();
    expect(await applyLinuxAutostart(false, options)).toBe('unchanged');
  });

  it('an AppImage starts itself, and a moved AppImage rewrites the entry', async () => {
    const options = (appImage: string) => ({ env: { APPIMAGE: appImage }, homedir: home, execPath: '/tmp/.mount_Latch1/latchkey' });
    await applyLinuxAutostart(true, options('/home/me/Apps/Latchkey.AppImage'));
    expect(execLine(await read())).toBe('/home/me/Apps/Latchkey.AppImage');
    expect(await applyLinuxAutostart(true, options('/home/me/Latchkey 2 (new).AppImage'))).toBe('written');
    expect(execLine(await read())).toBe('"/home/me/Latchkey 2 (new).AppImage"');
  });

  it('honours an absolute XDG_CONFIG_HOME and ignores a relative one', async () => {
    const xdg = path.join(home, 'xdg');
    expect(autostartFile({ env: { XDG_CONFIG_HOME: xdg }, homedir: home })).toBe(path.join(xdg, 'autostart', 'latchkey.desktop'));
    expect(autostartFile({ env: { XDG_CONFIG_HOME: 'relative/dir' }, homedir: home })).toBe(desktopFile());
    await applyLinuxAutostart(true, { env: { XDG_CONFIG_HOME: xdg }, homedir: home, execPath: '/usr/bin/latchkey' });
    expect(await read(path.join(xdg, 'autostart', 'latchkey.desktop'))).toContain('Exec=/usr/bin/latchkey');
    await expect(fs.access(desktopFile())).rejects.toThrow();
  });

  it('leaves a latchkey.desktop the person wrote, and every other autostart entry', async () => {
    await fs.mkdir(path.dirname(desktopFile()), { recursive: true });
    const mine = '[Desktop Entry]\nType=Application\nName=My Latchkey\nExec=/home/me/bin/latchkey --custom\n';
    await fs.writeFile(desktopFile(), mine);
    await fs.writeFile(path.join(path.dirname(desktopFile()), 'other.desktop'), 'other');
    const options = { env: {}, homedir: home, execPath: '/opt/Latchkey/latchkey' };
    expect(await applyLinuxAutostart(false, options)).toBe('not-ours');
    expect(await applyLinuxAutostart(true, options)).toBe('not-ours');
    expect(await read()).toBe(mine);
    expect(await fs.readdir(path.dirname(desktopFile()))).toEqual(['latchkey.desktop', 'other.desktop']);
  });

  it('is written atomically: no temporary file is left beside it', async () => {
    await applyLinuxAutostart(true, { env: {}, homedir: home, execPath: '/opt/Latchkey/latchkey' });
    expect(await fs.readdir(path.dirname(desktopFile()))).toEqual(['latchkey.desktop']);
  });
});

describe('quoteExecArg (desktop entry Exec quoting)', () => {
  it('leaves plain paths alone, quotes reserved characters, escapes for the quote rule and the string rule, doubles %', () => {
    expect(quoteExecArg('/opt/Latchkey/latchkey')).toBe('/opt/Latchkey/latchkey');
    expect(quoteExecArg('/home/me/My Apps/Latchkey.AppImage')).toBe('"/home/me/My Apps/Latchkey.AppImage"');
    // A literal $ inside quotes is \$, and the string escape turns that backslash into \\.
    expect(quoteExecArg('/x/$HOME')).toBe('"/x/\\\\$HOME"');
    expect(quoteExecArg('/x/a"b')).toBe('"/x/a\\\\"b"');
    expect(quoteExecArg('/x/100%')).toBe('/x/100%%');
  });
});
