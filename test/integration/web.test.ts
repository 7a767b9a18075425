// Web mode: the HTTP server over the real service (real SQLite file; no run is executed here).
// Token required everywhere (401 without), loopback only (not reachable on other interfaces,
// foreign Host headers refused), security headers, static files without path escapes, the
// API through the renderer's HTTP transport (src-renderer/api/http-transport.ts) with events
// over SSE, and `plrf web` printing the URL first.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os, { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createPlrfService, type PlrfServiceHandle } from '../../src-main/services/api-service';
import { startWebServer, type WebServer } from '../../src-main/web/server';
import { EventHub, createApiClient, type ApiEvent, type ApiTransport } from '../../src-shared/api';
import type { WorkerHost } from '../../src-main/services/jobs/worker-host';

const noWorkers: WorkerHost = {
  name: 'none',
  spawn() {
    throw new Error('no workers in this test');
  },
};

let dir: string;
let svc: PlrfServiceHandle;
let web: WebServer;
const hub = new EventHub<ApiEvent>();
let base: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'plrf-web-'));
  const staticDir = join(dir, 'renderer');
  mkdirSync(join(staticDir, 'assets'), { recursive: true });
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>PLRF</title><script type="module" src="/assets/app.js"></script>');
  writeFileSync(join(staticDir, 'assets', 'app.js'), 'console.log("app")');
  writeFileSync(join(dir, 'secret.txt'), 'TOP SECRET');
  svc = createPlrfService({ dbPath: join(dir, 'runs.db'), workerHost: noWorkers });
  const id = svc.store.createRun({ kind: 'sgd', params: { alpha: 1 }, seed: 1, codeVersion: 't', label: 'stored' });
  svc.store.markRunning(id, process.pid);
  svc.store.finish(id, { summary: { sigma2: 0.5 }, curves: [{ key: 'mean', meta: { role: 'risk', d: 10 }, columns: { r: [0, 1, 2], risk: [1, 0.75, 0.6] } }] });
  // the service's events plus test-injected ones
  const service = { ...svc, onEvent: (l: (e: ApiEvent) => void) => {
    const a = svc.onEvent(l);
    const b = hub.on(l);
    return () => (a(), b());
  } };
  web = await startWebServer({ service, port: 0, staticDir });
  base = `http://127.0.0.1:${web.port}`;
});

afterAll(async () => {
  await web?.close();
  await svc?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** a minimal EventSource over fetch streaming (Node 20 has none) */
class NodeEventSource {
  onmessage: ((m: { data: string }) => void) | null = null;
  private ctl = new AbortController();
  constructor(url: string) {
    void (async () => {
      try {
        const res = await fetch(url, { signal: this.ctl.signal });
        const reader = res.body!.getReader();
        const dec = new TextDecoder();
        let buf = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return;
          buf += dec.decode(value, { stream: true });
          let i: number;
          while ((i = buf.indexOf('\n\n')) >= 0) {
            const frame = buf.slice(0, i);
            buf = buf.slice(i + 2);
            const data = frame
              .split('\n')
              .filter((l) => l.startsWith('data: '))
              .map((l) => l.slice(6))
              .join('\n');
            if (data) this.onmessage?.({ data });
          }
        }
      } catch {
        /* closed */
      }
    })();
  }
  close(): void {
    this.ctl.abort();
  }
}

async function transport(token: string | null): Promise<ApiTransport> {
  const path = '../../src-renderer/api/http-transport';
  const mod = (await import(path)) as { createHttpTransport: (o: Record<string, unknown>) => ApiTransport };
  return mod.createHttpTransport({ baseUrl: base, token, fetch, EventSource: NodeEventSource, tokenInEventUrl: true });
}

describe('web server security', () => {
  it('refuses every request without the token (401), accepts header, query and cookie', async () => {
    for (const p of ['/', '/index.html', '/assets/app.js', '/api/runs', '/api/events', '/api/doctor', '/api/runs/1']) {
      expect((await fetch(base + p)).status, p).toBe(401);
      expect((await fetch(base + p, { headers: { authorization: 'Bearer wrong' } })).status, p).toBe(401);
    }
    const post = await fetch(`${base}/api/rpc/listRuns`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(post.status).toBe(401);
    expect(await post.json()).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect((await fetch(`${base}/api/runs`, { headers: { authorization: `Bearer ${web.token}` } })).status).toBe(200);
    expect((await fetch(`${base}/api/runs`, { headers: { 'x-plrf-token': web.token } })).status).toBe(200);
    const page = await fetch(web.url);
    expect(page.status).toBe(200);
    const cookie = page.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const asset = await fetch(`${base}/assets/app.js`, { headers: { cookie: cookie.split(';')[0]! } });
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
  });

  it('listens on 127.0.0.1 only and refuses foreign Host headers', async () => {
    const addr = web.server.address() as net.AddressInfo;
    expect(addr.address).toBe('127.0.0.1');
    const others = Object.values(os.networkInterfaces())
      .flat()
      .filter((i) => i && i.family === 'IPv4' && !i.internal)
      .map((i) => i!.address);
    for (const ip of [...others, '::1']) {
      const refused = await new Promise<boolean>((res) => {
        const s = net.connect({ host: ip, port: web.port, timeout: 1000 });
        s.once('connect', () => (s.destroy(), res(false)));
        s.once('error', () => res(true));
        s.once('timeout', () => (s.destroy(), res(true)));
      });
      expect(refused, `reachable on ${ip}`).toBe(true);
    }
    // fetch cannot set Host: use node:http (a DNS-rebinding page would send its own host name)
    const status = (host: string) =>
      new Promise<number>((res, rej) => {
        const req = http.request({ host: '127.0.0.1', port: web.port, path: '/api/runs', headers: { host, authorization: `Bearer ${web.token}` } }, (r) => {
          r.resume();
          res(r.statusCode!);
        });
        req.on('error', rej);
        req.end();
      });
    expect(await status(`evil.example:${web.port}`)).toBe(421);
    expect(await status(`127.0.0.1:${web.port + 1}`)).toBe(421);
    expect(await status(`localhost:${web.port}`)).toBe(200);
  });

  it('sends security headers and never serves files outside the renderer folder', async () => {
    const auth = { authorization: `Bearer ${web.token}` };
    for (const p of ['/', '/api/runs']) {
      const r = await fetch(base + p, { headers: auth });
      expect(r.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
      expect(r.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
      expect(r.headers.get('x-content-type-options')).toBe('nosniff');
      expect(r.headers.get('referrer-policy')).toBe('no-referrer');
    }
    const deep = await fetch(`${base}/runs/7/assets/app.js`, { headers: auth });
    expect(await deep.text()).toBe('console.log("app")');
    for (const p of ['/runs/assets/../../../secret.txt', '/x/assets/%2e%2e/%2e%2e/secret.txt', '/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/assets/../../secret.txt', '/%00']) {
      const r = await fetch(base + p, { headers: auth });
      expect(await r.text(), p).not.toContain('TOP SECRET');
    }
  });

  it('rejects malformed HTTP requests with JSON errors and leaves the store unchanged', async () => {
    const before = JSON.stringify(svc.store.db.prepare('SELECT * FROM runs').all());
    const h = { authorization: `Bearer ${web.token}`, 'content-type': 'application/json' };
    const call = (m: string, body: string, headers: Record<string, string> = h) => fetch(`${base}/api/rpc/${m}`, { method: 'POST', headers, body });
    expect((await call('listRuns', '{not json')).status).toBe(400);
    expect((await call('listRuns', '{}', { authorization: h.authorization, 'content-type': 'text/plain' })).status).toBe(415);
    expect((await call('dropTables', '{}')).status).toBe(404);
    expect((await call('updateRun', JSON.stringify({ id: 1, label: 5 }))).status).toBe(400);
    expect((await call('startRun', JSON.stringify({ kind: 'sgd', params: { alpha: -1 } }))).status).toBe(422);
    expect((await call('getRun', JSON.stringify({ id: 99 }))).status).toBe(404);
    expect((await fetch(`${base}/api/runs?limit=abc`, { headers: h })).status).toBe(400);
    expect((await fetch(`${base}/api/runs?sort=id%3B%20DROP%20TABLE%20runs`, { headers: h })).status).toBe(400);
    expect((await fetch(`${base}/api/runs/1%20OR%201=1`, { headers: h })).status).toBe(400);
    expect(JSON.stringify(svc.store.db.prepare('SELECT * FROM runs').all())).toBe(before);
  });
});

describe('API over HTTP (renderer transport)', () => {
  it('calls methods with typed results and structured errors', async () => {
    const api = createApiClient(await transport(web.token));
    const page = await api.listRuns({});
    expect(page.total).toBe(1);
    const run = await api.getRun({ id: page.items[0]!.id });
    expect(run.result!.curves[0]!.columns.risk).toEqual([1, 0.75, 0.6]);
    await expect(api.getRun({ id: 12345 })).rejects.toMatchObject({ code: 'not_found', field: 'id' });
    const csv = await fetch(`${base}/api/runs/${run.id}/export?format=csv`, { headers: { authorization: `Bearer ${web.token}` } });
    expect(csv.headers.get('content-disposition')).toMatch(/attachment; filename="plrf-run-\d+-sgd\.csv"/);
    expect((await csv.text()).split('\n')[1]).toBe('mean,10,,1,0,0,1');
    const anon = createApiClient(await transport(null));
    await expect(anon.listRuns({})).rejects.toMatchObject({ code: 'unauthorized' });
  });

  it('delivers progress events over SSE within 200 ms of emission', async () => {
    const api = createApiClient(await transport(web.token));
    const lat: number[] = [];
    const off = api.onEvent((e) => {
      if (e.type === 'progress') lat.push(Date.now() - e.emittedAt);
    });
    await new Promise((r) => setTimeout(r, 300)); // connection established
    for (let i = 0; i < 30; i++) {
      hub.emit({ type: 'progress', runId: 1, fraction: i / 30, phase: 'x', etaSeconds: null, emittedAt: Date.now() });
      await new Promise((r) => setTimeout(r, 10));
    }
    const t0 = Date.now();
    while (lat.length < 30 && Date.now() - t0 < 3000) await new Promise((r) => setTimeout(r, 10));
    off();
    expect(lat.length).toBe(30);
    lat.sort((a, b) => a - b);
    expect(lat[Math.floor(lat.length / 2)]!).toBeLessThan(200);
    expect(lat[lat.length - 1]!).toBeLessThan(1000);
  });
});

describe('plrf web', () => {
  it('prints the URL with the token as the first stdout line and serves it', async () => {
    const cli = resolve(__dirname, '../../src-main/cli/plrf.mjs');
    const child = spawn(process.execPath, [cli, 'web', '--no-open', '--port', '0', '--db', join(dir, 'cli.db'), '--create', '--no-build', '--static', join(dir, 'renderer')], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, CI: '1' },
    });
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    const t0 = Date.now();
    while (!out.includes('\n') && Date.now() - t0 < 60_000) await new Promise((r) => setTimeout(r, 20));
    const first = out.split('\n')[0]!;
    expect(first).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{20,}$/);
    expect((await fetch(first)).status).toBe(200);
    expect((await fetch(first.replace(/\?token=.*/, 'api/runs'))).status).toBe(401);
    child.kill('SIGTERM');
    const code = await new Promise((r) => child.once('exit', r));
    expect(code).toBe(0);
  });
});
