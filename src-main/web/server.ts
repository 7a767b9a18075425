// Web mode: a Node HTTP server on 127.0.0.1 ONLY, serving the built renderer (out/renderer)
// and the typed API (src-shared/api) under /api/:
//   POST /api/rpc/<method>   body = JSON payload → ApiResponse (status mapped from the error code)
//   GET  /api/events         Server-Sent Events, one `data: <ApiEvent JSON>` per event
//   GET  /api/runs[?limit&offset&text&kinds&statuses&tags&sort&dir&deleted]  → listRuns
//   GET  /api/runs/<id>      → getRun;  GET /api/runs/<id>/export?format=csv|json → file
//   GET  /api/doctor         → doctor
// Every request needs the per-launch random token: `Authorization: Bearer <token>`,
// `X-PLRF-Token`, `?token=` (EventSource), or the HttpOnly SameSite=Strict cookie set when the
// page is opened with ?token=. Without it: 401. The Host header must name the loopback
// address (defeats DNS rebinding). Security headers (CSP, nosniff, frame-ancestors none,
// no-referrer) on every response.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { createApiDispatcher, type ApiResponse, type PlrfService } from '../../src-shared/api/contract';
import { httpStatusOf } from '../../src-shared/api/errors';
import { MAX_IMPORT_CHARS } from '../../src-shared/api/schemas';
import type { ApiEvent } from '../../src-shared/api/types';

export const LOOPBACK = '127.0.0.1';

export interface WebServerOptions {
  service: PlrfService;
  /** 0 = any free port */
  port?: number;
  /** default: 32 random bytes, base64url */
  token?: string;
  /** built renderer (index.html + assets); null → an API-only server with a help page */
  staticDir?: string | null;
  log?: (msg: string) => void;
  /** SSE keep-alive comment interval */
  keepAliveMs?: number;
}

export interface WebServer {
  server: Server;
  port: number;
  token: string;
  /** http://127.0.0.1:PORT/?token=… */
  url: string;
  close(): Promise<void>;
}

export const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join('; ');

const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': CSP,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=()',
};

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

const COOKIE = 'plrf_token';

function sameToken(a: string | null | undefined, b: string): boolean {
  if (!a) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function cookieToken(req: IncomingMessage): string | null {
  const c = req.headers.cookie;
  if (!c) return null;
  for (const part of c.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === COOKIE) return v.join('=');
  }
  return null;
}

function headers(res: ServerResponse, extra: Record<string, string> = {}): void {
  for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
  for (const [k, v] of Object.entries(extra)) res.setHeader(k, v);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const s = JSON.stringify(body);
  headers(res, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.writeHead(status);
  res.end(s);
}

function sendApi(res: ServerResponse, r: ApiResponse): void {
  sendJson(res, r.ok ? 200 : httpStatusOf(r.error.code), r);
}

function errorResponse(code: Parameters<typeof httpStatusOf>[0], message: string, field: string | null = null): ApiResponse {
  return { ok: false, error: { code, field, message } };
}

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolveBody, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        reject(Object.assign(new Error(`request body larger than ${limit} bytes`), { tooLarge: true }));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolveBody(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function csvList(v: string | null): string[] | undefined {
  return v ? v.split(',').map((s) => s.trim()).filter(Boolean) : undefined;
}

/** GET /api/runs query string → listRuns payload (validated by the dispatcher like any call) */
export function listQueryToRequest(q: URLSearchParams): Record<string, unknown> {
  const num = (k: string) => {
    const v = q.get(k);
    return v === null ? undefined : /^\d+$/.test(v) ? Number(v) : v;
  };
  const filter: Record<string, unknown> = {};
  const kinds = csvList(q.get('kinds'));
  const statuses = csvList(q.get('statuses'));
  const tags = csvList(q.get('tags'));
  if (kinds) filter.kinds = kinds;
  if (statuses) filter.statuses = statuses;
  if (tags) filter.tags = tags;
  if (q.get('text') !== null) filter.text = q.get('text');
  if (q.get('deleted') !== null) filter.deleted = q.get('deleted');
  const req: Record<string, unknown> = {};
  if (Object.keys(filter).length) req.filter = filter;
  if (q.get('sort') !== null) req.sort = { by: q.get('sort'), ...(q.get('dir') !== null ? { dir: q.get('dir') } : {}) };
  if (q.get('limit') !== null) req.limit = num('limit');
  if (q.get('offset') !== null) req.offset = num('offset');
  return req;
}

const HELP_PAGE = `<!doctype html><meta charset="utf-8"><title>PLRF Workbench</title>
<body style="font-family:sans-serif;max-width:40em;margin:3em auto">
<h1>PLRF Workbench — web mode</h1>
<p>The user interface has not been built. Run <code>npx electron-vite build</code> in the project folder,
then restart <code>npm run web</code>. The API is available under <code>/api/</code>.</p></body>`;

export async function startWebServer(opts: WebServerOptions): Promise<WebServer> {
  const token = opts.token ?? randomBytes(32).toString('base64url');
  const dispatch = createApiDispatcher(opts.service);
  const staticRoot = opts.staticDir && existsSync(join(opts.staticDir, 'index.html')) ? resolve(opts.staticDir) : null;
  const log = opts.log ?? (() => {});
  const sseClients = new Set<ServerResponse>();
  let port = 0;

  const unsubscribe = opts.service.onEvent((e: ApiEvent) => {
    const frame = `data: ${JSON.stringify(e)}\n\n`;
    for (const res of sseClients) res.write(frame);
  });
  const keepAlive = setInterval(() => {
    for (const res of sseClients) res.write(': keep-alive\n\n');
  }, opts.keepAliveMs ?? 15_000);
  keepAlive.unref();

  function hostOk(req: IncomingMessage): boolean {
    const h = (req.headers.host ?? '').toLowerCase();
    return h === `${LOOPBACK}:${port}` || h === `localhost:${port}`;
  }

  function authed(req: IncomingMessage, url: URL): boolean {
    const auth = req.headers.authorization;
    const bearer = typeof auth === 'string' && auth.startsWith('Bearer ') ? auth.slice(7).trim() : null;
    const hdr = req.headers['x-plrf-token'];
    return (
      sameToken(bearer, token) ||
      sameToken(typeof hdr === 'string' ? hdr : null, token) ||
      sameToken(url.searchParams.get('token'), token) ||
      sameToken(cookieToken(req), token)
    );
  }

  function serveStatic(req: IncomingMessage, res: ServerResponse, url: URL, setCookie: boolean): void {
    const extra: Record<string, string> = setCookie ? { 'set-cookie': `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/` } : {};
    if (!staticRoot) {
      headers(res, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', ...extra });
      res.writeHead(url.pathname === '/' || url.pathname === '/index.html' ? 200 : 404);
      res.end(HELP_PAGE);
      return;
    }
    let rel: string;
    try {
      rel = decodeURIComponent(url.pathname);
    } catch {
      sendJson(res, 400, errorResponse('bad_request', 'bad path'));
      return;
    }
    if (rel.includes('\0')) {
      sendJson(res, 400, errorResponse('bad_request', 'bad path'));
      return;
    }
    let file = resolve(staticRoot, '.' + normalize('/' + rel));
    if (file !== staticRoot && !file.startsWith(staticRoot + sep)) {
      sendJson(res, 403, errorResponse('unauthorized', 'forbidden path'));
      return;
    }
    let isFile = false;
    try {
      isFile = statSync(file).isFile();
    } catch {
      isFile = false;
    }
    if (!isFile && rel.includes('/assets/')) {
      // relative asset URLs (base './') requested from a deeper client-side route
      const alt = resolve(staticRoot, 'assets', '.' + normalize('/' + rel.slice(rel.lastIndexOf('/assets/') + 8)));
      try {
        if (alt.startsWith(staticRoot + sep) && statSync(alt).isFile()) {
          file = alt;
          isFile = true;
        }
      } catch {
        /* not there either */
      }
    }
    if (!isFile) {
      // SPA fallback for client-side routes (paths without a file extension)
      if (extname(rel) === '') file = join(staticRoot, 'index.html');
      else {
        headers(res, { 'content-type': 'text/plain; charset=utf-8' });
        res.writeHead(404);
        res.end('not found');
        return;
      }
    }
    const type = MIME[extname(file).toLowerCase()] ?? 'application/octet-stream';
    const isHtml = type.startsWith('text/html');
    headers(res, { 'content-type': type, 'cache-control': isHtml ? 'no-store' : 'private, max-age=3600', ...extra });
    res.writeHead(200);
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    createReadStream(file).pipe(res);
  }

  function openEvents(req: IncomingMessage, res: ServerResponse): void {
    headers(res, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    res.writeHead(200);
    res.flushHeaders();
    res.socket?.setNoDelay(true);
    res.write('retry: 1000\n: connected\n\n');
    sseClients.add(res);
    req.on('close', () => sseClients.delete(res));
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!hostOk(req)) {
      sendJson(res, 421, errorResponse('unauthorized', 'this server only answers requests addressed to 127.0.0.1 / localhost'));
      return;
    }
    const url = new URL(req.url ?? '/', `http://${LOOPBACK}:${port}`);
    const method = req.method ?? 'GET';
    if (!authed(req, url)) {
      const api = url.pathname.startsWith('/api/');
      if (api) sendJson(res, 401, errorResponse('unauthorized', 'missing or wrong token: open the URL printed by `plrf web`'));
      else {
        headers(res, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
        res.writeHead(401);
        res.end('401: missing or wrong token. Open the URL printed by `plrf web` (it ends in ?token=…).\n');
      }
      return;
    }
    if (!url.pathname.startsWith('/api/')) {
      if (method !== 'GET' && method !== 'HEAD') {
        sendJson(res, 405, errorResponse('bad_request', 'method not allowed'));
        return;
      }
      serveStatic(req, res, url, url.searchParams.has('token'));
      return;
    }
    const parts = url.pathname.split('/').filter(Boolean); // ['api', …]
    if (method === 'POST' && parts.length === 3 && parts[1] === 'rpc') {
      const ct = String(req.headers['content-type'] ?? '');
      let payload: unknown = undefined;
      let body: string;
      try {
        body = await readBody(req, MAX_IMPORT_CHARS + 1024 * 1024);
      } catch (e) {
        sendJson(res, 413, errorResponse('bad_request', e instanceof Error ? e.message : 'body too large'));
        return;
      }
      if (body.trim() !== '') {
        if (!ct.startsWith('application/json')) {
          sendJson(res, 415, errorResponse('bad_request', 'content-type must be application/json'));
          return;
        }
        try {
          payload = JSON.parse(body);
        } catch {
          sendApi(res, errorResponse('bad_request', 'body is not valid JSON'));
          return;
        }
      }
      sendApi(res, await dispatch(parts[2]!, payload));
      return;
    }
    if (method === 'GET' && parts[1] === 'events' && parts.length === 2) {
      openEvents(req, res);
      return;
    }
    if (method === 'GET' && parts[1] === 'doctor' && parts.length === 2) {
      sendApi(res, await dispatch('doctor', undefined));
      return;
    }
    if (method === 'GET' && parts[1] === 'runs') {
      if (parts.length === 2) {
        sendApi(res, await dispatch('listRuns', listQueryToRequest(url.searchParams)));
        return;
      }
      const id = /^\d{1,15}$/.test(parts[2] ?? '') ? Number(parts[2]) : parts[2];
      if (parts.length === 3) {
        sendApi(res, await dispatch('getRun', { id }));
        return;
      }
      if (parts.length === 4 && parts[3] === 'export') {
        const r = await dispatch('exportRun', { id, format: url.searchParams.get('format') ?? 'json' });
        if (!r.ok) {
          sendApi(res, r);
          return;
        }
        const f = r.result as { filename: string; mimeType: string; content: string };
        headers(res, { 'content-type': `${f.mimeType}; charset=utf-8`, 'content-disposition': `attachment; filename="${f.filename}"`, 'cache-control': 'no-store' });
        res.writeHead(200);
        res.end(f.content);
        return;
      }
    }
    sendJson(res, 404, errorResponse('unknown_method', `no API route ${method} ${url.pathname.slice(0, 100)}`));
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      log(`web: ${e instanceof Error ? e.stack : String(e)}`);
      if (!res.headersSent) sendJson(res, 500, errorResponse('internal', 'internal error'));
      else res.end();
    });
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(opts.port ?? 0, LOOPBACK, () => {
      server.off('error', fail);
      ok();
    });
  });
  const addr = server.address();
  port = typeof addr === 'object' && addr ? addr.port : 0;
  const url = `http://${LOOPBACK}:${port}/?token=${token}`;
  return {
    server,
    port,
    token,
    url,
    close: async () => {
      unsubscribe();
      clearInterval(keepAlive);
      for (const res of sseClients) res.end();
      sseClients.clear();
      server.closeAllConnections?.();
      await new Promise<void>((ok) => server.close(() => ok()));
    },
  };
}
