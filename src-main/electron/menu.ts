// Application menu (File: new run, import, export; View: theme, views; Help: About) as a pure
// template builder; main.ts turns it into a Menu. Clicks are forwarded to the renderer as
// MenuCommand; About is handled in the main process (version and run database path). The
// DevTools item exists only when `devTools` is set (development, never in a packaged app).
import type { MenuItemConstructorOptions } from 'electron';
import type { MenuCommand } from './channels';

export interface MenuOptions {
  /** show View → Toggle Developer Tools (default false: production) */
  devTools?: boolean;
  /** Help → About PLRF Workbench */
  about?: () => void;
}

export function buildMenuTemplate(send: (cmd: MenuCommand) => void, platform: string = process.platform, opts: MenuOptions = {}): MenuItemConstructorOptions[] {
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
        ...(opts.devTools ? [{ type: 'separator' } as const, { role: 'toggleDevTools' } as const] : []),
      ],
    },
    { role: 'windowMenu' },
    { label: 'Help', submenu: [{ label: 'About PLRF Workbench', click: () => opts.about?.() }] },
  ];
  if (platform === 'darwin') template.unshift({ role: 'appMenu' });
  return template;
}
