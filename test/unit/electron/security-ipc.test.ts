// Electron adapter: sender validation, payload shape checks, error serialisation, navigation
// guards and window-state clamping — all without the Electron binary (pure modules + fakes).
import { describe, expect, it, vi } from 'vitest';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ParamError } from '../../../src-shared/params/errors';
import { API_CHANNEL, EVENT_CHANNEL } from '../../../src-main/electron/channels';
import { createApiDispatcher, type ApiResponse, type PlrfApi } from '../../../src-shared/api';
import { broadcastEvent, registerApiIpc, type IpcMainLike } from '../../../src-main/electron/ipc';
import { APP_ENTRY_URL, CONTENT_SECURITY_POLICY, hardenWebContents, isAllowedExternal, isAppUrl, isTrustedSender, resolveAppPath, secureWebPreferences } from '../../../src-main/electron/security';
import { createAppProtocolHandler } from '../../../src-main/electron/app-protocol';
import { clampToDisplays, loadWindowState, saveWindowState } from '../../../src-main/electron/window-state';
import { buildMenuTemplate } from '../../../src-main/electron/menu';

const RENDERER = '/opt/plrf/out/renderer';
const APP = APP_ENTRY_URL;

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
    expect(secureWebPreferences('/x/preload.cjs', { devTools: false }).devTools).toBe(false);
  });
  it('recognises app URLs only: scheme, host and path compared exactly', () => {
    expect(isAppUrl(APP)).toBe(true);
    expect(isAppUrl(`${APP}#/runs`)).toBe(true);
    expect(isAppUrl('app://plrf/assets/index-abc.js')).toBe(true);
    // file:// is never the app any more — including the case the old check let through
    expect(isAppUrl(`file://${RENDERER}/index.html`)).toBe(false);
    expect(isAppUrl(`file://evilhost${RENDERER}/index.html`)).toBe(false);
    // other host, user info, port, scheme look-alikes
    expect(isAppUrl('app://evil/index.html')).toBe(false);
    expect(isAppUrl('app://plrf.evil/index.html')).toBe(false);
    expect(isAppUrl('app://user@plrf/index.html')).toBe(false);
    expect(isAppUrl('app://plrf:8080/index.html')).toBe(false);
    expect(isAppUrl('apps://plrf/index.html')).toBe(false);
    // encoded traversal and separators
    expect(isAppUrl('app://plrf/..%2F..%2Fetc%2Fpasswd')).toBe(false);
    expect(isAppUrl('app://plrf/assets/..%2f..%2fsecret')).toBe(false);
    expect(isAppUrl('app://plrf/..%5Csecret')).toBe(false);
    expect(isAppUrl('app://plrf/%2e%2e/%2e%2e/etc/passwd')).toBe(true); // normalised by the URL parser to /etc/passwd inside the app …
    expect(resolveAppPath('app://plrf/%2e%2e/%2e%2e/etc/passwd', RENDERER)).toBe(`${RENDERER}/etc/passwd`); // … i.e. a path INSIDE the renderer folder
    expect(isAppUrl('https://example.com/')).toBe(false);
    expect(isAppUrl('http://localhost:5173/#/runs', 'http://localhost:5173')).toBe(true);
    expect(isAppUrl('http://localhost:5174/', 'http://localhost:5173')).toBe(false);
    expect(isAppUrl('https://localhost:5173/', 'http://localhost:5173')).toBe(false);
    expect(isAppUrl('not a url')).toBe(false);
  });
  it('maps app:// requests into the renderer folder only', () => {
    expect(resolveAppPath(APP, RENDERER)).toBe(`${RENDERER}/index.html`);
    expect(resolveAppPath('app://plrf/', RENDERER)).toBe(`${RENDERER}/index.html`);
    expect(resolveAppPath('app://plrf/assets/a%20b.js?x=1#y', RENDERER)).toBe(`${RENDERER}/assets/a b.js`);
    for (const bad of ['app://plrf/..%2Fpreload%2Findex.cjs', 'app://plrf/a/..%2F..%2F..%2Fetc/passwd', 'app://evil/index.html', `file://${RENDERER}/index.html`, 'app://plrf/%00', 'app://plrf/%E0%A4%A'])
      expect(resolveAppPath(bad, RENDERER)).toBeNull();
  });
  it('the app:// handler serves renderer files with the CSP and 404s everything else', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'plrf-app-'));
    const renderer = join(dir, 'renderer');
    mkdirSync(join(renderer, 'assets'), { recursive: true });
    writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>x</title>');
    writeFileSync(join(renderer, 'assets', 'a.js'), 'export {}');
    writeFileSync(join(dir, 'secret.txt'), 'secret');
    const handler = createAppProtocolHandler(renderer, (p) => readFile(p));
    const index = await handler({ url: 'app://plrf/index.html', method: 'GET' });
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toMatch(/text\/html/);
    expect(index.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(await index.text()).toMatch(/<title>x/);
    expect((await handler({ url: 'app://plrf/assets/a.js' })).headers.get('content-type')).toMatch(/javascript/);
    for (const url of ['app://plrf/..%2Fsecret.txt', 'app://plrf/missing.js', 'app://other/index.html'])
      expect((await handler({ url })).status).toBe(404);
    expect((await handler({ url: 'app://plrf/index.html', method: 'POST' })).status).toBe(405);
  });
  it('opens only allow-listed https links externally', () => {
    expect(isAllowedExternal('https://arxiv.org/abs/2405.15074')).toBe(true);
    expect(isAllowedExternal('https://github.com/LosVolterrosHermanos/Experimental')).toBe(true);
    for (const bad of ['http://arxiv.org/abs/1', 'https://arxiv.org.evil.com/', 'https://evil.example/', 'https://user@arxiv.org/', 'https://arxiv.org:8443/', 'file:///etc/passwd', 'javascript:alert(1)', 'not a url'])
      expect(isAllowedExternal(bad)).toBe(false);
  });
  it('trusts only the top-level app frame', () => {
    expect(isTrustedSender({ url: APP })).toBe(true);
    expect(isTrustedSender({ url: APP, parent: {} })).toBe(false);
    expect(isTrustedSender({ url: `file://${RENDERER}/index.html` })).toBe(false);
    expect(isTrustedSender(null)).toBe(false);
  });
  it('denies window.open and foreign navigation', () => {
    const on = new Map<string, (e: { preventDefault: () => void }, url: string) => void>();
    let openHandler: ((d: { url: string }) => { action: string }) | undefined;
    const opened: string[] = [];
    hardenWebContents(
      { on: ((ev: string, fn: never) => on.set(ev, fn)) as never, setWindowOpenHandler: ((fn: never) => (openHandler = fn)) as never },
      undefined,
      (u: string) => opened.push(u),
    );
    expect(openHandler!({ url: 'https://arxiv.org/abs/2405.15074' })).toEqual({ action: 'deny' });
    expect(openHandler!({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(openHandler!({ url: 'https://evil.example/phish' })).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://arxiv.org/abs/2405.15074']);
    const ev = { preventDefault: vi.fn() };
    on.get('will-navigate')!(ev, 'https://evil.example/');
    expect(ev.preventDefault).toHaveBeenCalledTimes(1);
    const ok = { preventDefault: vi.fn() };
    on.get('will-navigate')!(ok, `${APP}#/phases`);
    const evil = { preventDefault: vi.fn() };
    on.get('will-navigate')!(evil, `file://evilhost${RENDERER}/index.html`);
    expect(evil.preventDefault).toHaveBeenCalled();
    const redirect = { preventDefault: vi.fn() };
    on.get('will-redirect')!(redirect, 'app://plrf/..%2F..%2Fetc%2Fpasswd');
    expect(redirect.preventDefault).toHaveBeenCalled();
    expect(ok.preventDefault).not.toHaveBeenCalled();
    const wv = { preventDefault: vi.fn() };
    on.get('will-attach-webview')!(wv, '');
    expect(wv.preventDefault).toHaveBeenCalled();
  });
});

describe('API over IPC', () => {
  const okDispatch = () => vi.fn(async (): Promise<ApiResponse> => ({ ok: true, result: 1 }));
  it('rejects untrusted senders without dispatching', async () => {
    const dispatch = okDispatch();
    const { ipc, invoke } = fakeIpc();
    registerApiIpc(ipc, dispatch, {});
    const r1 = await invoke('https://evil.example/', 'listRuns', {});
    const r2 = await invoke(null, 'listRuns', {});
    const r3 = await invoke(APP, 'listRuns', {}, { url: 'x' });
    for (const r of [r1, r2, r3]) expect(r).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(dispatch).not.toHaveBeenCalled();
  });
  it('rejects a non-string method before dispatching', async () => {
    const dispatch = okDispatch();
    const { ipc, invoke } = fakeIpc();
    registerApiIpc(ipc, dispatch, {});
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
    const off = registerApiIpc(ipc, createApiDispatcher(impl), {});
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
  it('ships no DevTools item in production; Help → About calls back', () => {
    const roles = (t: ReturnType<typeof buildMenuTemplate>) => JSON.stringify(t).match(/"role":"[a-zA-Z]+"/g) ?? [];
    expect(roles(buildMenuTemplate(() => {}, 'linux'))).not.toContain('"role":"toggleDevTools"');
    expect(roles(buildMenuTemplate(() => {}, 'linux', { devTools: false }))).not.toContain('"role":"toggleDevTools"');
    expect(roles(buildMenuTemplate(() => {}, 'linux', { devTools: true }))).toContain('"role":"toggleDevTools"');
    const about = vi.fn();
    const help = buildMenuTemplate(() => {}, 'linux', { about }).find((m) => m.label === 'Help')!.submenu as { label: string; click: () => void }[];
    help.find((i) => i.label === 'About PLRF Workbench')!.click();
    expect(about).toHaveBeenCalledTimes(1);
  });
});
