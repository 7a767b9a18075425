// The Electron entry points with a mocked `electron` module (the binary cannot run here):
// main.ts must create a hardened window, install CSP and deny permissions, register the one
// API channel bound to the backend dispatcher, set the menu and forward events; preload.ts must
// expose only the transport over the generic channel.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const h = vi.hoisted(() => {
  const state = {
    handlers: new Map<string, (...a: unknown[]) => unknown>(),
    windows: [] as { opts: Record<string, unknown>; loaded: string[]; sent: unknown[][]; on: Map<string, unknown>; contents: Record<string, unknown> }[],
    menu: null as unknown,
    headersHook: null as null | ((d: unknown, cb: (r: unknown) => void) => void),
    permissionHook: null as null | ((wc: unknown, p: string, cb: (ok: boolean) => void) => void),
    permissionCheck: null as null | ((wc: unknown, p: string) => boolean),
    schemes: [] as unknown[],
    protocolHandlers: new Map<string, (req: { url: string; method?: string }) => Promise<Response>>(),
    dialogs: [] as unknown[],
    exposed: new Map<string, unknown>(),
    invoked: [] as unknown[][],
    rendererListeners: new Map<string, ((e: unknown, v: unknown) => void)[]>(),
    backendEvents: null as null | ((e: unknown) => void),
    userData: '',
  };
  return state;
});

vi.mock('electron', () => {
  class BrowserWindow {
    static all: BrowserWindow[] = [];
    static getAllWindows = () => BrowserWindow.all;
    webContents: Record<string, unknown>;
    rec: (typeof h.windows)[number];
    constructor(opts: Record<string, unknown>) {
      const rec = { opts, loaded: [] as string[], sent: [] as unknown[][], on: new Map<string, unknown>(), contents: {} as Record<string, unknown> };
      this.rec = rec;
      this.webContents = {
        on: (ev: string, fn: unknown) => rec.on.set(ev, fn),
        setWindowOpenHandler: (fn: unknown) => rec.on.set('window-open', fn),
        send: (...a: unknown[]) => rec.sent.push(a),
        isDestroyed: () => false,
      };
      h.windows.push(rec);
      BrowserWindow.all.push(this);
    }
    loadFile(f: string) {
      this.rec.loaded.push(f);
      return Promise.resolve();
    }
    loadURL(u: string) {
      this.rec.loaded.push(u);
      return Promise.resolve();
    }
    once() {}
    on() {}
    maximize() {}
    isMaximized() {
      return false;
    }
    getBounds() {
      return { x: 0, y: 0, width: 1000, height: 700 };
    }
  }
  const app = {
    isPackaged: true,
    requestSingleInstanceLock: () => true,
    on: () => app,
    quit: vi.fn(),
    exit: vi.fn(),
    getPath: () => h.userData,
    whenReady: () => Promise.resolve(),
  };
  return {
    app,
    BrowserWindow,
    ipcMain: {
      handle: (ch: string, fn: (...a: unknown[]) => unknown) => h.handlers.set(ch, fn),
      removeHandler: (ch: string) => h.handlers.delete(ch),
    },
    Menu: { buildFromTemplate: (t: unknown) => ({ t }), setApplicationMenu: (m: unknown) => (h.menu = m) },
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
    session: {
      defaultSession: {
        webRequest: { onHeadersReceived: (fn: typeof h.headersHook) => (h.headersHook = fn) },
        setPermissionRequestHandler: (fn: typeof h.permissionHook) => (h.permissionHook = fn),
        setPermissionCheckHandler: (fn: typeof h.permissionCheck) => (h.permissionCheck = fn),
      },
    },
    protocol: {
      registerSchemesAsPrivileged: (s: unknown[]) => h.schemes.push(...s),
      handle: (scheme: string, fn: (req: { url: string }) => Promise<Response>) => h.protocolHandlers.set(scheme, fn),
    },
    dialog: { showMessageBox: async (...a: unknown[]) => (h.dialogs.push(a), { response: 0 }) },
    shell: { openExternal: vi.fn() },
    utilityProcess: { fork: vi.fn() },
    contextBridge: { exposeInMainWorld: (k: string, v: unknown) => h.exposed.set(k, v) },
    ipcRenderer: {
      invoke: async (...a: unknown[]) => {
        h.invoked.push(a);
        return { ok: true, result: 'pong' };
      },
      on: (ch: string, fn: (e: unknown, v: unknown) => void) => h.rendererListeners.set(ch, [...(h.rendererListeners.get(ch) ?? []), fn]),
      removeListener: (ch: string, fn: unknown) => h.rendererListeners.set(ch, (h.rendererListeners.get(ch) ?? []).filter((f) => f !== fn)),
    },
  };
});

vi.mock('../../../src-main/electron/backend', () => ({
  createDesktopBackend: async () => ({
    dbPath: '/home/u/.local/share/plrf-workbench/runs.db',
    dispatch: async (method: string, payload: unknown) => ({ ok: true, result: { method, payload } }),
    onEvent: (fn: (e: unknown) => void) => {
      h.backendEvents = fn;
      return () => {};
    },
    close: async () => {},
  }),
}));

beforeAll(() => {
  h.userData = mkdtempSync(join(tmpdir(), 'plrf-electron-'));
});
afterAll(() => vi.resetModules());

describe('main process (mocked electron)', () => {
  it('boots a hardened window wired to the API', async () => {
    await import('../../../src-main/electron/main');
    await vi.waitFor(() => expect(h.windows.length).toBe(1));
    const w = h.windows[0]!;
    const prefs = w.opts.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false });
    expect(String(prefs.preload)).toMatch(/out\/preload\/index\.cjs$|preload[/\\]index\.cjs$/);
    // the renderer over app://, never file://
    expect(w.loaded[0]).toBe('app://plrf/index.html');
    expect(h.schemes).toEqual([expect.objectContaining({ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) })]);
    const served = await h.protocolHandlers.get('app')!({ url: 'app://plrf/..%2F..%2Fpackage.json', method: 'GET' });
    expect(served.status).toBe(404);
    // packaged: no DevTools in webPreferences nor in the menu
    expect(prefs.devTools).toBe(false);
    expect(JSON.stringify(h.menu)).not.toMatch(/toggleDevTools/);
    // navigation and window.open guards installed on the window's contents
    expect([...w.on.keys()]).toEqual(expect.arrayContaining(['window-open', 'will-navigate', 'will-redirect', 'will-attach-webview']));
    // CSP on every response, permissions denied
    let headers: Record<string, string[]> = {};
    h.headersHook!({ responseHeaders: { 'X-A': ['1'] } }, (r) => (headers = (r as { responseHeaders: Record<string, string[]> }).responseHeaders));
    expect(headers['Content-Security-Policy']![0]).toMatch(/default-src 'self'/);
    expect(headers['X-A']).toEqual(['1']);
    let granted = true;
    h.permissionHook!({}, 'media', (ok) => (granted = ok));
    expect(granted).toBe(false);
    // the CHECK handler too (permission queries never reach the request handler)
    for (const p of ['media', 'clipboard-read', 'notifications', 'geolocation']) expect(h.permissionCheck!({}, p)).toBe(false);
    expect(h.menu).not.toBeNull();
  });
  it('answers the API channel only for the app frame', async () => {
    const handler = h.handlers.get('plrf:api')!;
    const appUrl = h.windows[0]!.loaded[0]!;
    expect(await handler({ senderFrame: { url: appUrl, parent: null } }, 'listRuns', {})).toEqual({ ok: true, result: { method: 'listRuns', payload: {} } });
    expect(await handler({ senderFrame: { url: 'https://evil.example/', parent: null } }, 'listRuns', {})).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
  });
  it('Help → About shows the shared run database', async () => {
    const template = (h.menu as { t: { label?: string; submenu?: { label?: string; click?: () => void }[] }[] }).t;
    template.find((m) => m.label === 'Help')!.submenu!.find((i) => i.label === 'About PLRF Workbench')!.click!();
    await vi.waitFor(() => expect(h.dialogs.length).toBe(1));
    expect(JSON.stringify(h.dialogs[0])).toContain('Run database: /home/u/.local/share/plrf-workbench/runs.db');
  });
  it('forwards service events to the window', () => {
    const e = { type: 'status', runId: 3, status: 'done', error: null, emittedAt: 1 };
    h.backendEvents!(e);
    expect(h.windows[0]!.sent).toContainEqual(['plrf:event', e]);
  });
});

describe('preload (mocked electron)', () => {
  it('exposes only the transport as window.api', async () => {
    await import('../../../src-main/electron/preload');
    expect([...h.exposed.keys()]).toEqual(['api']);
    const api = h.exposed.get('api') as {
      call: (m: string, p: unknown) => Promise<unknown>;
      subscribe: (fn: (e: unknown) => void) => () => void;
      onMenu: (fn: (c: unknown) => void) => () => void;
    };
    expect(Object.keys(api).sort()).toEqual(['call', 'onMenu', 'subscribe']);
    expect(await api.call('listRuns', { limit: 5 })).toEqual({ ok: true, result: 'pong' });
    expect(h.invoked).toEqual([['plrf:api', 'listRuns', { limit: 5 }]]);
    expect(await api.call('require', 'fs')).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    expect(h.invoked.length).toBe(1);
    const got: unknown[] = [];
    const off = api.subscribe((e) => got.push(e));
    const menus: unknown[] = [];
    api.onMenu((c) => menus.push(c));
    for (const f of h.rendererListeners.get('plrf:event')!) f({}, { type: 'progress', runId: 1 });
    for (const f of h.rendererListeners.get('plrf:event')!) f({}, 'junk');
    for (const f of h.rendererListeners.get('plrf:menu')!) f({}, 'new-run');
    for (const f of h.rendererListeners.get('plrf:menu')!) f({}, 'rm -rf');
    expect(got).toEqual([{ type: 'progress', runId: 1 }]);
    expect(menus).toEqual(['new-run']);
    off();
    expect(h.rendererListeners.get('plrf:event')!.length).toBe(0);
  });
});
