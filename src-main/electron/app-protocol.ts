// The app:// scheme that serves the built renderer (out/renderer) in the desktop window, in
// place of file:// (Electron security checklist: a custom protocol gives the renderer a real
// origin, app://plrf, and confines what it can load to the renderer folder). The scheme is
// registered as privileged (standard + secure, so CSP 'self', fetch and relative URLs work)
// before the app is ready; the handler maps app://plrf/<path> to a file inside the renderer
// folder (security.ts resolveAppPath: encoded separators and dot segments rejected) and answers
// 404 for anything else. Every response carries the CSP.
import { APP_SCHEME, CONTENT_SECURITY_POLICY, resolveAppPath } from './security';

/** for protocol.registerSchemesAsPrivileged (before app 'ready') */
export const APP_SCHEME_PRIVILEGES = [{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } }];

const TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  mjs: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  json: 'application/json',
  svg: 'image/svg+xml',
  png: 'image/png',
  woff2: 'font/woff2',
  wasm: 'application/wasm',
};

/**
 * The request handler for protocol.handle(APP_SCHEME, …). `readFile` reads a file (net.fetch of
 * its file URL in main.ts, fs in tests); a missing file or a path outside `rendererDir` is a 404.
 */
export function createAppProtocolHandler(rendererDir: string, readFile: (path: string) => Promise<ArrayBuffer | Uint8Array>): (req: { url: string; method?: string }) => Promise<Response> {
  return async (req) => {
    const headers = { 'Content-Security-Policy': CONTENT_SECURITY_POLICY, 'X-Content-Type-Options': 'nosniff' };
    if (req.method && req.method !== 'GET' && req.method !== 'HEAD') return new Response('method not allowed', { status: 405, headers });
    const file = resolveAppPath(req.url, rendererDir);
    if (!file) return new Response('not found', { status: 404, headers });
    let body: ArrayBuffer | Uint8Array;
    try {
      body = await readFile(file);
    } catch {
      return new Response('not found', { status: 404, headers });
    }
    const ext = file.slice(file.lastIndexOf('.') + 1).toLowerCase();
    return new Response(body as unknown as ConstructorParameters<typeof Response>[0], { status: 200, headers: { ...headers, 'Content-Type': TYPES[ext] ?? 'application/octet-stream' } });
  };
}
