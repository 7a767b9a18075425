// Security policy of the desktop shell (Electron security checklist):
// contextIsolation + sandbox on, nodeIntegration off, a strict CSP on every response,
// navigation and window.open denied, IPC accepted only from our own top-level frame.
import type { WebContents, WebPreferences } from 'electron';

/** CSP for the packaged renderer (file:// or the dev server). ECharts needs inline styles. */
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

export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
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

/**
 * True when `url` belongs to the app itself: the packaged renderer (file://…/out/renderer/…)
 * or, in `electron-vite dev`, the dev-server origin given in `devOrigin`.
 */
export function isAppUrl(url: string, rendererDir: string, devOrigin?: string): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (devOrigin) {
    try {
      if (u.origin === new URL(devOrigin).origin) return true;
    } catch {
      /* ignore a malformed dev origin */
    }
  }
  if (u.protocol !== 'file:') return false;
  const path = decodeURIComponent(u.pathname);
  const dir = rendererDir.replace(/\\/g, '/').replace(/\/+$/, '');
  const p = path.replace(/^\/([A-Za-z]:)/, '$1');
  return p === dir || p.startsWith(dir + '/');
}

/** frame-like object carried by IPC events (a subset of WebFrameMain) */
export interface SenderFrameLike {
  url: string;
  parent?: unknown;
}

/** IPC sender check: only our top-level frame showing an app URL may call the API. */
export function isTrustedSender(frame: SenderFrameLike | null | undefined, rendererDir: string, devOrigin?: string): boolean {
  if (!frame) return false;
  if (frame.parent) return false;
  return isAppUrl(frame.url, rendererDir, devOrigin);
}

/** deny navigation away from the app, new windows and webviews; external links open in the OS browser */
export function hardenWebContents(
  contents: Pick<WebContents, 'on' | 'setWindowOpenHandler'>,
  rendererDir: string,
  devOrigin: string | undefined,
  openExternal: (url: string) => void,
): void {
  contents.setWindowOpenHandler(({ url }) => {
    if (/^https:\/\//.test(url)) openExternal(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url, rendererDir, devOrigin)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url, rendererDir, devOrigin)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}
