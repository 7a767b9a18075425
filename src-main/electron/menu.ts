// Application menu (File: new run, import, export; View: theme, views) as a pure template
// builder; main.ts turns it into a Menu. Clicks are forwarded to the renderer as MenuCommand.
import type { MenuItemConstructorOptions } from 'electron';
import type { MenuCommand } from './channels';

export function buildMenuTemplate(send: (cmd: MenuCommand) => void, platform: string = process.platform): MenuItemConstructorOptions[] {
  const item = (label: string, cmd: MenuCommand, accelerator?: string): MenuItemConstructorOptions => ({
    label,
    ...(accelerator ? { accelerator } : {}),
    click: () => send(cmd),
  });
  const template: MenuItemConstructorOptions[] = [
    {
      label: 'File',
      submenu: [
        item('New Run…', 'new-run', 'CmdOrCtrl+N'),
        { type: 'separator' },
        item('Import Runs…', 'import', 'CmdOrCtrl+O'),
        item('Export Selected Runs…', 'export', 'CmdOrCtrl+E'),
        { type: 'separator' },
        platform === 'darwin' ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { label: 'Edit', submenu: [{ role: 'undo' }, { role: 'redo' }, { type: 'separator' }, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }] },
    {
      label: 'View',
      submenu: [
        item('Runs', 'runs', 'CmdOrCtrl+1'),
        item('Compare', 'compare', 'CmdOrCtrl+2'),
        item('Spectrum', 'spectrum', 'CmdOrCtrl+3'),
        item('Phases', 'phases', 'CmdOrCtrl+4'),
        { type: 'separator' },
        {
          label: 'Theme',
          submenu: [item('Light', 'theme-light'), item('Dark', 'theme-dark'), item('Follow System', 'theme-system')],
        },
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { role: 'togglefullscreen' },
        { role: 'toggleDevTools' },
      ],
    },
    { role: 'windowMenu' },
  ];
  if (platform === 'darwin') template.unshift({ role: 'appMenu' });
  return template;
}
