// IPC channel names shared by the Electron main process and the sandboxed preload.
// One generic request channel carries every PlrfApi call as (method, payload) and returns an
// ApiResponse (src-shared/api); one event channel pushes ApiEvents from main to the renderer;
// one channel carries menu commands.
export const API_CHANNEL = 'plrf:api';
export const EVENT_CHANNEL = 'plrf:event';
export const MENU_CHANNEL = 'plrf:menu';

/** menu commands the main process sends to the renderer */
export const MENU_COMMANDS = ['new-run', 'import', 'export', 'theme-light', 'theme-dark', 'theme-system', 'runs', 'compare', 'phases', 'spectrum'] as const;
export type MenuCommand = (typeof MENU_COMMANDS)[number];
