// Web mode: a Node HTTP server on 127.0.0.1 ONLY, serving the built renderer (out/renderer)
// and the typed API (src-shared/api) under /api/:
//   POST /api/rpc/<method>   body = JSON payload → ApiResponse (status mapped from the error code)
//   GET  /api/events         Server-Sent Events, one `data: <ApiEvent JSON>` per event
//   GET  /api/runs[?limit&offset&text&kinds&statuses&tags&sort&dir&deleted]  → listRuns
//   GET  /api/runs/<id>      → getRun;  GET /api/runs/<id>/export?format=csv|json → file
//   GET  /api/doctor         → doctor
// Every request needs the per-launch random token: `Authorization: Bearer <token>`,
// `X-PLRF-Token`, `?token=` (GET only: the first page load), or the HttpOnly SameSite=Strict
// session cookie set when the page is opened with ?token=. Its NAME carries a per-launch random
// id (cookies ignore ports, so two local servers never share or overwrite a session). Without
// it: 401. Exactly one Host header naming the loopback address (defeats DNS rebinding), else
// 400/421. State-changing calls: never authorised by ?token= (403), and a cookie-authorised
// call must carry Origin = this server (403 otherwise; a page served by another local process
// has another Origin). Bodies: limits per method (request-guards.ts), a too-large body gets its
// 413 before the connection is closed (the rest is drained, not buffered); large JSON bodies
// are parsed in a worker thread (json-off-thread.ts). Security headers (CSP, nosniff,
// frame-ancestors none, no-referrer) on every response.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { createApiDispatcher, type ApiResponse, type PlrfService } from '../../src-shared/api/contract';
import { httpStatusOf } from '../../src-shared/api/errors';
import { bodyLimit, hostHeaderCount, isJsonContentType, sameOrigin } from './request-guards';
import { OFF_THREAD_BYTES, parseJsonOffThread } from './json-off-thread';
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


function sameToken(a: string | null | undefined, b: string): boolean {
  if (!a) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function cookieToken(req: IncomingMessage, name: string): string | null {
  const c = req.headers.cookie;
  if (!c) return null;
  for (const part of c.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return null;
}

function headers(res: ServerResponse, extra: Record<string, string> = {}): void {
  for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
  for (const [k, v] of Object.entries(extra)) res.setHeader(k, v);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const s = JSON.stringify(body);
  headers(res, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'content-length': String(Buffer.byteLength(s)) });
  res.writeHead(status);
  res.end(s);
}

function sendApi(res: ServerResponse, r: ApiResponse): void {
  sendJson(res, r.ok ? 200 : httpStatusOf(r.error.code), r);
}

function errorResponse(code: Parameters<typeof httpStatusOf>[0], message: string, field: string | null = null): ApiResponse {
  return { ok: false, error: { code, field, message } };
}

/** beyond this many bytes a refused body is no longer drained: the socket is closed */
const DRAIN_MAX = 256 * 1024 * 1024;

/**
 * Read a request body up to `limit` bytes. Too large (by Content-Length up front, or while
 * streaming): resolves `null` at once — the caller sends 413 — and the rest of the body is
 * read and discarded (never buffered) so the 413 reaches the client before the connection
 * ends; a body beyond DRAIN_MAX is cut off.
 */
function readBody(req: IncomingMessage, limit: number): Promise<string | null> {
  return new Promise((resolveBody, reject) => {
    let size = 0;
    let refused = false;
    const chunks: Buffer[] = [];
    const refuse = () => {
      refused = true;
      chunks.length = 0;
      resolveBody(null);
    };
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) refuse();
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (refused) {
        if (size > DRAIN_MAX) req.socket.destroy();
        return;
      }
      if (size > limit) {
        refuse();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      if (!refused) resolveBody(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', (e) => {
      if (!refused) reject(e);
    });
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
  /** the session cookie's name: per launch, so it is bound to this server */
  const cookieName = `plrf_session_${randomBytes(9).toString('base64url').replace(/[-_]/g, 'x')}`;
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

  /** how the request proved it holds the token: 'header' | 'query' | 'cookie', or null */
  function authOf(req: IncomingMessage, url: URL): 'header' | 'query' | 'cookie' | null {
    const auth = req.headers.authorization;
    const bearer = typeof auth === 'string' && auth.startsWith('Bearer ') ? auth.slice(7).trim() : null;
    const hdr = req.headers['x-plrf-token'];
    if (sameToken(bearer, token) || sameToken(typeof hdr === 'string' ? hdr : null, token)) return 'header';
    if (sameToken(url.searchParams.get('token'), token)) return 'query';
    if (sameToken(cookieToken(req, cookieName), token)) return 'cookie';
    return null;
  }

  function serveStatic(req: IncomingMessage, res: ServerResponse, url: URL, setCookie: boolean): void {
    const extra: Record<string, string> = setCookie ? { 'set-cookie': `${cookieName}=${token}; HttpOnly; SameSite=Strict; Path=/` } : {};
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
      sendJson(res, 400, errorResponse('bad_request', 'bad path', 'path'));
      return;
    }
    if (rel.includes('\0')) {
      sendJson(res, 400, errorResponse('bad_request', 'bad path', 'path'));
      return;
    }
    let file = resolve(staticRoot, '.' + normalize('/' + rel));
    if (file !== staticRoot && !file.startsWith(staticRoot + sep)) {
      sendJson(res, 403, errorResponse('unauthorized', 'forbidden path', 'path'));
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
    if (hostHeaderCount(req.rawHeaders) !== 1) {
      sendJson(res, 400, errorResponse('bad_request', 'exactly one Host header is required', 'host'));
      return;
    }
    if (!hostOk(req)) {
      sendJson(res, 421, errorResponse('unauthorized', 'this server only answers requests addressed to 127.0.0.1 / localhost', 'host'));
      return;
    }
    const url = new URL(req.url ?? '/', `http://${LOOPBACK}:${port}`);
    const method = req.method ?? 'GET';
    const auth = authOf(req, url);
    if (!auth) {
      const api = url.pathname.startsWith('/api/');
      if (api) sendJson(res, 401, errorResponse('unauthorized', 'missing or wrong token: open the URL printed by `plrf web`', 'token'));
      else {
        headers(res, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
        res.writeHead(401);
        res.end('401: missing or wrong token. Open the URL printed by `plrf web` (it ends in ?token=…).\n');
      }
      return;
    }
    if (!url.pathname.startsWith('/api/')) {
      if (method !== 'GET' && method !== 'HEAD') {
        sendJson(res, 405, errorResponse('bad_request', 'method not allowed', 'method'));
        return;
      }
      serveStatic(req, res, url, url.searchParams.has('token'));
      return;
    }
    const parts = url.pathname.split('/').filter(Boolean); // ['api', …]
    if (method !== 'GET' && method !== 'HEAD') {
      // every non-GET API request may change state: no token in the URL, and a browser's
      // (cookie-authorised) request must come from a page of this server
      if (auth === 'query' || url.searchParams.has('token')) {
        sendJson(res, 403, errorResponse('unauthorized', 'the token is not accepted in the URL of a state-changing request; send it in the Authorization header', 'token'));
        return;
      }
      const origin = req.headers.origin;
      if (origin !== undefined ? !sameOrigin(origin, port) : auth === 'cookie') {
        sendJson(res, 403, errorResponse('unauthorized', 'cross-origin request refused (Origin must be this server)', 'origin'));
        return;
      }
    } else if (auth === 'cookie') {
      const site = req.headers['sec-fetch-site'];
      if (typeof site === 'string' && site !== 'same-origin' && site !== 'none') {
        sendJson(res, 403, errorResponse('unauthorized', 'cross-origin request refused', 'origin'));
        return;
      }
    }
    if (method === 'POST' && parts.length === 3 && parts[1] === 'rpc') {
      const ct = req.headers['content-type'];
      let payload: unknown = undefined;
      const limit = bodyLimit(parts[2]!);
      let body: string | null;
      try {
        body = await readBody(req, limit);
      } catch {
        return; // the client went away mid-body
      }
      if (body === null) {
        sendJson(res, 413, errorResponse('bad_request', `request body larger than ${limit} bytes (the limit of ${parts[2]!.slice(0, 64)})`, 'body'));
        return;
      }
      if (body.trim() !== '') {
        if (!isJsonContentType(ct)) {
          sendJson(res, 415, errorResponse('bad_request', 'content-type must be application/json (charset utf-8)', 'content-type'));
          return;
        }
        try {
          payload = body.length > OFF_THREAD_BYTES ? await parseJsonOffThread(body) : JSON.parse(body);
        } catch {
          sendApi(res, errorResponse('bad_request', 'body is not valid JSON', 'body'));
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
    sendJson(res, 404, errorResponse('unknown_method', `no API route ${method} ${url.pathname.slice(0, 100)}`, 'path'));
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
