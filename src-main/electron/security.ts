// Security policy of the desktop shell (Electron security checklist):
// contextIsolation + sandbox on, nodeIntegration off, a strict CSP on every response, the
// renderer served from the custom app://plrf scheme (not file://), navigation allowed only to
// app URLs (scheme, host and path compared exactly; encoded traversal rejected), window.open
// denied (allow-listed https links go to the system browser), IPC accepted only from our own
// top-level frame, no DevTools in a packaged app. Permissions: main.ts denies both the request
// and the check handler.
import { resolve, sep } from 'node:path';
import type { WebContents, WebPreferences } from 'electron';

/** CSP for the renderer (app:// or the dev server). ECharts needs inline styles. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');

/** `devTools`: false in a packaged app (no DevTools, not even by keyboard shortcut) */
export function secureWebPreferences(preloadPath: string, opts: { devTools?: boolean } = {}): WebPreferences {
  return {
    preload: preloadPath,
    devTools: opts.devTools ?? true,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    spellcheck: false,
  };
}

/** the renderer is served from this custom scheme (app-protocol.ts), never from file:// */
export const APP_SCHEME = 'app';
export const APP_HOST = 'plrf';
export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/**
 * The decoded path segments of an app URL, or null when the path tries to leave the renderer
 * folder: an encoded separator (%2F, %5C), a NUL, a backslash, or a "." / ".." segment (also
 * when percent-encoded) — checked on the raw, still-encoded path.
 */
function appPathSegments(u: URL): string[] | null {
  const raw = u.pathname;
  if (/%2f|%5c|%00/i.test(raw) || raw.includes('\\')) return null;
  const out: string[] = [];
  for (const seg of raw.split('/').slice(1)) {
    let d: string;
    try {
      d = decodeURIComponent(seg);
    } catch {
      return null;
    }
    if (d === '.' || d === '..') return null;
    out.push(d);
  }
  return out;
}

/**
 * True when `url` belongs to the app itself: scheme, host and path compared exactly —
 * app://plrf/<path inside the renderer> (no user/password, no port), or, in `electron-vite dev`,
 * the dev server's exact scheme + host + port (`devOrigin`). file:// is never the app.
 */
export function isAppUrl(url: string, devOrigin?: string): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (u.username || u.password) return false;
  if (devOrigin) {
    try {
      const d = new URL(devOrigin);
      if ((d.protocol === 'http:' || d.protocol === 'https:') && u.protocol === d.protocol && u.host === d.host) return true;
    } catch {
      /* ignore a malformed dev origin */
    }
  }
  if (u.protocol !== `${APP_SCHEME}:` || u.host !== APP_HOST) return false;
  return appPathSegments(u) !== null;
}

/**
 * The file an app:// request maps to: inside `rendererDir` (absolute) or null (→ 404).
 * "/" is index.html. Used by the protocol handler (app-protocol.ts).
 */
export function resolveAppPath(url: string, rendererDir: string): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (u.protocol !== `${APP_SCHEME}:` || u.host !== APP_HOST || u.username || u.password) return null;
  const segs = appPathSegments(u);
  if (!segs) return null;
  const root = resolve(rendererDir);
  const file = resolve(root, segs.join('/') || 'index.html');
  return file.startsWith(root + sep) ? file : null;
}

/** hosts whose https links open in the system browser (papers and code the app cites) */
export const EXTERNAL_HOSTS = ['arxiv.org', 'www.arxiv.org', 'doi.org', 'github.com', 'openreview.net', 'proceedings.neurips.cc'];

/** shell.openExternal only for https links to an allow-listed host (exact host, default port) */
export function isAllowedExternal(url: string): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  return u.protocol === 'https:' && !u.username && !u.password && u.port === '' && EXTERNAL_HOSTS.includes(u.hostname);
}

/** frame-like object carried by IPC events (a subset of WebFrameMain) */
export interface SenderFrameLike {
  url: string;
  parent?: unknown;
}

/** IPC sender check: only our top-level frame showing an app URL may call the API. */
export function isTrustedSender(frame: SenderFrameLike | null | undefined, devOrigin?: string): boolean {
  if (!frame) return false;
  if (frame.parent) return false;
  return isAppUrl(frame.url, devOrigin);
}

/** deny navigation away from the app, new windows and webviews; allow-listed links open in the OS browser */
export function hardenWebContents(
  contents: Pick<WebContents, 'on' | 'setWindowOpenHandler'>,
  devOrigin: string | undefined,
  openExternal: (url: string) => void,
): void {
  contents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternal(url)) openExternal(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url, devOrigin)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url, devOrigin)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}
