// Electron adapter: sender validation, payload shape checks, error serialisation, navigation
// guards and window-state clamping — all without the Electron binary (pure modules + fakes).
import { describe, expect, it, vi } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ParamError } from '../../../src-shared/params/errors';
import { API_CHANNEL, EVENT_CHANNEL } from '../../../src-main/electron/channels';
import { createApiDispatcher, type ApiResponse, type PlrfApi } from '../../../src-shared/api';
import { broadcastEvent, registerApiIpc, type IpcMainLike } from '../../../src-main/electron/ipc';
import { hardenWebContents, isAppUrl, isTrustedSender, secureWebPreferences } from '../../../src-main/electron/security';
import { clampToDisplays, loadWindowState, saveWindowState } from '../../../src-main/electron/window-state';
import { buildMenuTemplate } from '../../../src-main/electron/menu';

const RENDERER = '/opt/plrf/out/renderer';

function fakeIpc() {
  const handlers = new Map<string, (event: unknown, ...args: unknown[]) => unknown>();
  const ipc: IpcMainLike = {
    handle: (ch, fn) => void handlers.set(ch, fn as never),
    removeHandler: (ch) => void handlers.delete(ch),
  };
  const invoke = (url: string | null, method: unknown, payload: unknown, parent: unknown = null) =>
    handlers.get(API_CHANNEL)!({ senderFrame: url === null ? null : { url, parent } }, method, payload) as Promise<ApiResponse>;
  return { ipc, handlers, invoke };
}

describe('security policy', () => {
  it('webPreferences isolate and sandbox the renderer', () => {
    const w = secureWebPreferences('/x/preload.cjs');
    expect(w).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false });
  });
  it('recognises app URLs only', () => {
    expect(isAppUrl(`file://${RENDERER}/index.html`, RENDERER)).toBe(true);
    expect(isAppUrl(`file://${RENDERER}/index.html#/runs`, RENDERER)).toBe(true);
    expect(isAppUrl(`file://${RENDERER}-evil/index.html`, RENDERER)).toBe(false);
    expect(isAppUrl('file:///etc/passwd', RENDERER)).toBe(false);
    expect(isAppUrl('https://example.com/', RENDERER)).toBe(false);
    expect(isAppUrl('http://localhost:5173/#/runs', RENDERER, 'http://localhost:5173')).toBe(true);
    expect(isAppUrl('http://localhost:5174/', RENDERER, 'http://localhost:5173')).toBe(false);
    expect(isAppUrl('not a url', RENDERER)).toBe(false);
  });
  it('trusts only the top-level app frame', () => {
    expect(isTrustedSender({ url: `file://${RENDERER}/index.html` }, RENDERER)).toBe(true);
    expect(isTrustedSender({ url: `file://${RENDERER}/index.html`, parent: {} }, RENDERER)).toBe(false);
    expect(isTrustedSender(null, RENDERER)).toBe(false);
  });
  it('denies window.open and foreign navigation', () => {
    const on = new Map<string, (e: { preventDefault: () => void }, url: string) => void>();
    let openHandler: ((d: { url: string }) => { action: string }) | undefined;
    const opened: string[] = [];
    hardenWebContents(
      { on: ((ev: string, fn: never) => on.set(ev, fn)) as never, setWindowOpenHandler: ((fn: never) => (openHandler = fn)) as never },
      RENDERER,
      undefined,
      (u) => opened.push(u),
    );
    expect(openHandler!({ url: 'https://arxiv.org/abs/2405.15074' })).toEqual({ action: 'deny' });
    expect(openHandler!({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://arxiv.org/abs/2405.15074']);
    const ev = { preventDefault: vi.fn() };
    on.get('will-navigate')!(ev, 'https://evil.example/');
    expect(ev.preventDefault).toHaveBeenCalledTimes(1);
    const ok = { preventDefault: vi.fn() };
    on.get('will-navigate')!(ok, `file://${RENDERER}/index.html#/phases`);
    expect(ok.preventDefault).not.toHaveBeenCalled();
    const wv = { preventDefault: vi.fn() };
    on.get('will-attach-webview')!(wv, '');
    expect(wv.preventDefault).toHaveBeenCalled();
  });
});

describe('API over IPC', () => {
  const okDispatch = () => vi.fn(async (): Promise<ApiResponse> => ({ ok: true, result: 1 }));
  const APP = `file://${RENDERER}/index.html`;
  it('rejects untrusted senders without dispatching', async () => {
    const dispatch = okDispatch();
    const { ipc, invoke } = fakeIpc();
    registerApiIpc(ipc, dispatch, { rendererDir: RENDERER });
    const r1 = await invoke('https://evil.example/', 'listRuns', {});
    const r2 = await invoke(null, 'listRuns', {});
    const r3 = await invoke(APP, 'listRuns', {}, { url: 'x' });
    for (const r of [r1, r2, r3]) expect(r).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(dispatch).not.toHaveBeenCalled();
  });
  it('rejects a non-string method before dispatching', async () => {
    const dispatch = okDispatch();
    const { ipc, invoke } = fakeIpc();
    registerApiIpc(ipc, dispatch, { rendererDir: RENDERER });
    const r = await invoke(APP, 3, {});
    expect(r).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(dispatch).not.toHaveBeenCalled();
  });
  it('validates payloads through the shared dispatcher and keeps ParamError fields', async () => {
    const getRun = vi.fn(async (req: { id: number }) => ({ id: req.id }));
    const startRun = vi.fn(async () => {
      throw new ParamError('alpha', 'must be > 0 (got -1)');
    });
    const impl = { getRun, startRun } as unknown as PlrfApi;
    const { ipc, invoke, handlers } = fakeIpc();
    const off = registerApiIpc(ipc, createApiDispatcher(impl), { rendererDir: RENDERER });
    expect(await invoke(APP, 'getRun', { id: 7 })).toEqual({ ok: true, result: { id: 7 } });
    // schema violations never reach the implementation
    expect(await invoke(APP, 'getRun', { id: -1 })).toMatchObject({ ok: false, error: { code: 'bad_request', field: 'id' } });
    expect(await invoke(APP, 'getRun', { id: 1, evil: true })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(await invoke(APP, 'eval', {})).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    expect(getRun).toHaveBeenCalledTimes(1);
    const bad = await invoke(APP, 'startRun', { kind: 'sgd', params: { alpha: -1 } });
    expect(bad).toEqual({ ok: false, error: { code: 'invalid_param', field: 'params.alpha', message: 'alpha: must be > 0 (got -1)' } });
    off();
    expect(handlers.has(API_CHANNEL)).toBe(false);
  });
  it('broadcasts events to live windows only', () => {
    const live = { isDestroyed: () => false, send: vi.fn() };
    const dead = { isDestroyed: () => true, send: vi.fn() };
    const e = { type: 'progress' as const, runId: 1, fraction: 0.5, phase: 'd=100', etaSeconds: 2, emittedAt: 0 };
    broadcastEvent([live, dead], e);
    expect(live.send).toHaveBeenCalledWith(EVENT_CHANNEL, e);
    expect(dead.send).not.toHaveBeenCalled();
  });
});

describe('window state', () => {
  it('round-trips and falls back to defaults on a corrupt file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'plrf-ws-'));
    const f = join(dir, 'sub', 'window-state.json');
    expect(loadWindowState(f).maximized).toBe(false);
    saveWindowState(f, { bounds: { x: 10, y: 20, width: 1000, height: 700 }, maximized: true });
    expect(loadWindowState(f)).toEqual({ bounds: { x: 10, y: 20, width: 1000, height: 700 }, maximized: true });
    writeFileSync(f, '{not json');
    expect(loadWindowState(f).bounds.width).toBeGreaterThan(0);
  });
  it('clamps bounds onto a display', () => {
    const screen = [{ x: 0, y: 0, width: 1920, height: 1080 }, { x: 1920, y: 0, width: 1280, height: 1024 }];
    // off every display: centred on the first
    expect(clampToDisplays({ x: 5000, y: 5000, width: 1000, height: 700 }, screen)).toEqual({ x: 460, y: 190, width: 1000, height: 700 });
    // mostly on the second display: kept there, pulled inside
    const b = clampToDisplays({ x: 2900, y: 500, width: 1000, height: 700 }, screen);
    expect(b.x + b.width).toBeLessThanOrEqual(1920 + 1280);
    expect(b.x).toBeGreaterThanOrEqual(1920);
    expect(b.y + b.height).toBeLessThanOrEqual(1024);
    // larger than the display: shrunk to it
    expect(clampToDisplays({ x: 0, y: 0, width: 5000, height: 3000 }, screen.slice(0, 1))).toEqual({ x: 0, y: 0, width: 1920, height: 1080 });
  });
});

describe('menu', () => {
  it('has File (new run, import, export) and View (theme) commands that reach the renderer', () => {
    const sent: string[] = [];
    const t = buildMenuTemplate((c) => sent.push(c), 'linux');
    const file = t.find((m) => m.label === 'File')!.submenu as { label?: string; accelerator?: string; click?: () => void }[];
    const labels = file.map((i) => i.label).filter(Boolean);
    expect(labels).toEqual(['New Run…', 'Import Runs…', 'Export Selected Runs…']);
    for (const i of file) i.click?.();
    expect(sent).toEqual(['new-run', 'import', 'export']);
    const view = t.find((m) => m.label === 'View')!.submenu as { label?: string; submenu?: { label: string; click: () => void }[] }[];
    const theme = view.find((i) => i.label === 'Theme')!.submenu!;
    theme.forEach((i) => i.click());
    expect(sent.slice(3)).toEqual(['theme-light', 'theme-dark', 'theme-system']);
    expect(buildMenuTemplate(() => {}, 'darwin')[0]).toEqual({ role: 'appMenu' });
  });
});
