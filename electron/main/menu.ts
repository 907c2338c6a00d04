// The application menu. Commands that belong to the screen (open a list,
// export, cancel) are sent to the renderer as a 'menu:command' event; the
// renderer decides what they mean where the user is.

import type { MenuItemConstructorOptions } from 'electron';
import type { MenuCommand } from '../../shared/ipc/contract';

export const SES_DOCS_URL = 'https://docs.aws.amazon.com/ses/latest/dg/Welcome.html';

export interface MenuOptions {
  isMac: boolean;
  isDev: boolean;
  command(command: MenuCommand): void;
  openExternal(url: string): void;
}

export function buildMenuTemplate(options: MenuOptions): MenuItemConstructorOptions[] {
  const { isMac, isDev, command } = options;
  const template: MenuItemConstructorOptions[] = [];
  if (isMac) {
    template.push({
      label: 'Preflight',
      submenu: [
        { role: 'about' },
        { type: 'separator' },
        { role: 'services' },
        { type: 'separator' },
        { role: 'hide' },
        { role: 'hideOthers' },
        { role: 'unhide' },
        { type: 'separator' },
        { role: 'quit' },
      ],
    });
  }
  template.push(
    {
      label: 'File',
      submenu: [
        { label: 'Open List…', accelerator: 'CmdOrCtrl+O', click: () => command('open-list') },
        { label: 'Open Suppression File…', accelerator: 'CmdOrCtrl+Shift+O', click: () => command('open-suppression') },
        { type: 'separator' },
        { label: 'Export…', accelerator: 'CmdOrCtrl+E', click: () => command('export') },
        { label: 'Cancel Check', accelerator: 'CmdOrCtrl+.', click: () => command('cancel-check') },
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    {
      label: 'Edit',
      submenu: [
        { role: 'undo' },
        { role: 'redo' },
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        { role: 'selectAll' },
        { type: 'separator' },
        { label: 'Find', accelerator: 'CmdOrCtrl+F', click: () => command('find') },
      ],
    },
    {
      label: 'View',
      submenu: [
        ...(isDev ? ([{ role: 'reload' }, { role: 'toggleDevTools' }, { type: 'separator' }] as MenuItemConstructorOptions[]) : []),
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [{ label: 'Amazon SES Documentation', click: () => options.openExternal(SES_DOCS_URL) }],
    },
  );
  return template;
}
