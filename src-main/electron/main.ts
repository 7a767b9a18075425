// Electron main process: the desktop entry point over the same services as the CLI and the
// web mode. Creates one hardened window (see security.ts), wires the typed API over the
// generic IPC channel (ipc.ts), the menu (menu.ts) and remembered window state.
// better-sqlite3 under Electron: start.mjs builds an Electron-ABI copy of the addon into
// .electron-native/ once; its path reaches the store through PLRF_SQLITE_NATIVE
// (better-sqlite3's `nativeBinding` option). Plain Node (CLI, web, tests) uses the normal build.
import { app, BrowserWindow, ipcMain, Menu, screen, session, shell, utilityProcess } from 'electron';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDesktopBackend, type DesktopBackend } from './backend';
import { createUtilityWorkerHost, defaultUtilityEntry } from './utility-worker-host';
import { MENU_CHANNEL, type MenuCommand } from './channels';
import { broadcastEvent, registerApiIpc } from './ipc';
import { buildMenuTemplate } from './menu';
import { CONTENT_SECURITY_POLICY, hardenWebContents, secureWebPreferences } from './security';
import { clampToDisplays, loadWindowState, saveWindowState } from './window-state';

const here = dirname(fileURLToPath(import.meta.url));
const rendererDir = resolve(here, '../renderer');
const preloadPath = resolve(here, '../preload/index.cjs');
const devOrigin = process.env.ELECTRON_RENDERER_URL; // set by `electron-vite dev`

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
    webPreferences: secureWebPreferences(preloadPath),
  });
  if (state.maximized) win.maximize();
  hardenWebContents(win.webContents, rendererDir, devOrigin, (url) => void shell.openExternal(url));
  win.once('ready-to-show', () => win.show());
  win.on('close', () => {
    saveWindowState(stateFile, { bounds: win.isMaximized() ? win.getNormalBounds() : win.getBounds(), maximized: win.isMaximized() });
  });
  if (devOrigin) void win.loadURL(devOrigin);
  else void win.loadFile(join(rendererDir, 'index.html'));
  return win;
}

async function boot(): Promise<void> {
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
  session.defaultSession.setPermissionRequestHandler((_wc, _perm, cb) => cb(false));

  const binding = nativeBinding();
  // runs execute in Electron utilityProcesses running the bundled worker entry (out/main/worker.js)
  const workerEntry = defaultUtilityEntry(fileURLToPath(import.meta.url));
  const workerHost = existsSync(workerEntry) ? createUtilityWorkerHost(utilityProcess, workerEntry) : undefined;
  backend = await createDesktopBackend({ userData: app.getPath('userData'), nativeBinding: binding, workerHost });
  registerApiIpc(ipcMain, backend.dispatch, { rendererDir, devOrigin, log: (m) => console.warn(`[plrf] ${m}`) });
  backend.onEvent((e) => broadcastEvent(BrowserWindow.getAllWindows().map((w) => w.webContents), e));

  Menu.setApplicationMenu(Menu.buildFromTemplate(buildMenuTemplate(sendMenu)));
  mainWindow = createWindow();
  mainWindow.on('closed', () => (mainWindow = null));
}

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
    hardenWebContents(contents, rendererDir, devOrigin, (url) => void shell.openExternal(url));
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
