// Electron main process: the desktop entry point over the same services as the CLI and the
// web mode. Creates one hardened window (see security.ts) showing the renderer over the app://
// scheme (app-protocol.ts), wires the typed API over the generic IPC channel (ipc.ts), the menu
// (menu.ts, Help → About shows the run database) and remembered window state.
// better-sqlite3 under Electron: start.mjs builds an Electron-ABI copy of the addon into
// .electron-native/ once; its path reaches the store through PLRF_SQLITE_NATIVE
// (better-sqlite3's `nativeBinding` option). Plain Node (CLI, web, tests) uses the normal build.
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, screen, session, shell, utilityProcess } from 'electron';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDesktopBackend, type DesktopBackend } from './backend';
import { createUtilityWorkerHost, defaultUtilityEntry } from './utility-worker-host';
import { MENU_CHANNEL, type MenuCommand } from './channels';
import { broadcastEvent, registerApiIpc } from './ipc';
import { buildMenuTemplate } from './menu';
import { APP_ENTRY_URL, APP_SCHEME, CONTENT_SECURITY_POLICY, hardenWebContents, isAllowedExternal, secureWebPreferences } from './security';
import { APP_SCHEME_PRIVILEGES, createAppProtocolHandler } from './app-protocol';
import { packageVersion } from '../services/version';
import { clampToDisplays, loadWindowState, saveWindowState } from './window-state';

const here = dirname(fileURLToPath(import.meta.url));
const rendererDir = resolve(here, '../renderer');
const preloadPath = resolve(here, '../preload/index.cjs');
const devOrigin = process.env.ELECTRON_RENDERER_URL; // set by `electron-vite dev`

// a packaged app has no DevTools (menu item, shortcut, webPreferences)
const devTools = !app.isPackaged;
// allow-listed https links only (security.ts EXTERNAL_HOSTS)
const openExternal = (url: string) => {
  if (isAllowedExternal(url)) void shell.openExternal(url);
};

let mainWindow: BrowserWindow | null = null;
let backend: DesktopBackend | null = null;

function nativeBinding(): string | undefined {
  const fromEnv = process.env.PLRF_SQLITE_NATIVE;
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  const local = resolve(here, '../../.electron-native/better_sqlite3.node');
  return existsSync(local) ? local : undefined;
}

function sendMenu(cmd: MenuCommand): void {
  mainWindow?.webContents.send(MENU_CHANNEL, cmd);
}

function createWindow(): BrowserWindow {
  const stateFile = join(app.getPath('userData'), 'window-state.json');
  const state = loadWindowState(stateFile);
  const bounds = clampToDisplays(state.bounds, screen.getAllDisplays().map((d) => d.workArea));
  const win = new BrowserWindow({
    ...bounds,
    minWidth: 800,
    minHeight: 560,
    show: false,
    title: 'PLRF Workbench',
    backgroundColor: '#101418',
    webPreferences: secureWebPreferences(preloadPath, { devTools }),
  });
  if (state.maximized) win.maximize();
  hardenWebContents(win.webContents, devOrigin, openExternal);
  win.once('ready-to-show', () => win.show());
  win.on('close', () => {
    saveWindowState(stateFile, { bounds: win.isMaximized() ? win.getNormalBounds() : win.getBounds(), maximized: win.isMaximized() });
  });
  void win.loadURL(devOrigin ?? APP_ENTRY_URL);
  return win;
}

/** Help → About: version and the run database shared with the CLI and the web mode */
function showAbout(): void {
  const detail = [
    `Run database: ${backend?.dbPath ?? '(not open)'}`,
    '(the same history as `plrf` and `plrf web`; set PLRF_DB to use another)',
    `Electron ${process.versions.electron ?? '?'} · Node ${process.versions.node} · ${process.platform}-${process.arch}`,
  ].join('\n');
  const opts = { type: 'info' as const, title: 'About PLRF Workbench', message: `PLRF Workbench ${packageVersion()}`, detail, buttons: ['OK'] };
  void (mainWindow ? dialog.showMessageBox(mainWindow, opts) : dialog.showMessageBox(opts));
}

async function boot(): Promise<void> {
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
  // no permission is ever granted: requests are refused, and checks (e.g. navigator.permissions,
  // clipboard/media queries, which never reach the request handler) answer false
  session.defaultSession.setPermissionRequestHandler((_wc, _perm, cb) => cb(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  protocol.handle(APP_SCHEME, createAppProtocolHandler(rendererDir, (path) => readFile(path)));

  const binding = nativeBinding();
  // runs execute in Electron utilityProcesses running the bundled worker entry (out/main/worker.js)
  const workerEntry = defaultUtilityEntry(fileURLToPath(import.meta.url));
  const workerHost = existsSync(workerEntry) ? createUtilityWorkerHost(utilityProcess, workerEntry) : undefined;
  backend = await createDesktopBackend({ userData: app.getPath('userData'), nativeBinding: binding, workerHost, log: (m) => console.warn(m) });
  registerApiIpc(ipcMain, backend.dispatch, { devOrigin, log: (m) => console.warn(`[plrf] ${m}`) });
  backend.onEvent((e) => broadcastEvent(BrowserWindow.getAllWindows().map((w) => w.webContents), e));

  Menu.setApplicationMenu(Menu.buildFromTemplate(buildMenuTemplate(sendMenu, process.platform, { devTools, about: showAbout })));
  mainWindow = createWindow();
  mainWindow.on('closed', () => (mainWindow = null));
}

// app:// must be declared before the app is ready
protocol.registerSchemesAsPrivileged(APP_SCHEME_PRIVILEGES);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (mainWindow) {
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.focus();
    }
  });
  app.on('web-contents-created', (_e, contents) => {
    hardenWebContents(contents, devOrigin, openExternal);
  });
  app.whenReady().then(boot, (e) => {
    console.error(e);
    app.exit(1);
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0 && backend) mainWindow = createWindow();
  });
  app.on('will-quit', () => {
    void backend?.close();
  });
}
