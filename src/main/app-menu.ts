import { Menu, type MenuItemConstructorOptions } from 'electron';

// Electron gives an app that sets no menu its default one, whose View menu has Reload, Force
// Reload and Toggle Developer Tools with their accelerators (Ctrl/Cmd+R, Ctrl/Cmd+Shift+I):
// in the packaged app they would reload the popup in the middle of a sign-in or open DevTools
// on a window that shows accounts and roles. The packaged app has no menu on Windows and Linux
// (the popup is frameless and shows none), and on macOS only the app menu and the Edit menu,
// whose roles are what give text fields Cmd+C, Cmd+V and Cmd+A there. Development keeps the
// default menu.

export function packagedMenuTemplate(platform: NodeJS.Platform): MenuItemConstructorOptions[] | null {
  return platform === 'darwin' ? [{ role: 'appMenu' }, { role: 'editMenu' }] : null;
}

export function installPackagedMenu(platform: NodeJS.Platform): void {
  const template = packagedMenuTemplate(platform);
  Menu.setApplicationMenu(template ? Menu.buildFromTemplate(template) : null);
}
