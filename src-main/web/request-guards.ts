// Request guards of the web mode (issue 12, "the web mode"): pure checks used by server.ts.
// - Content-Type parsed per RFC 9110 §8.3 (type "/" subtype, case-insensitive, then
//   ";"-separated parameters): JSON only as exactly application/json with charset absent or
//   utf-8 — no prefix match ("application/jsonp", "application/json-seq" are refused).
// - Body limits per method: 64 MiB + 1 MiB framing for importRun (an export file inside a JSON
//   string), 256 KiB for everything else (the largest other request — notes of 20 000
//   characters, params of 64 KiB — is far below).
// - Host: exactly one header; Origin: on state-changing requests it must be this server.
import { MAX_FIGURE_SVG, MAX_IMPORT_CHARS } from '../../src-shared/api/schemas';

export interface ContentType {
  type: string;
  params: Record<string, string>;
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** parse a Content-Type header; null if malformed */
export function parseContentType(header: string | undefined): ContentType | null {
  if (!header) return null;
  const [mt, ...rest] = header.split(';');
  const m = (mt ?? '').trim().toLowerCase();
  const slash = m.indexOf('/');
  if (slash <= 0 || !TOKEN.test(m.slice(0, slash)) || !TOKEN.test(m.slice(slash + 1))) return null;
  const params: Record<string, string> = {};
  for (const p of rest) {
    const eq = p.indexOf('=');
    if (eq <= 0) {
      if (p.trim() === '') continue;
      return null;
    }
    const k = p.slice(0, eq).trim().toLowerCase();
    let v = p.slice(eq + 1).trim();
    if (v.startsWith('"') && v.endsWith('"') && v.length >= 2) v = v.slice(1, -1);
    if (!TOKEN.test(k)) return null;
    params[k] = v;
  }
  return { type: m, params };
}

export function isJsonContentType(header: string | undefined): boolean {
  const ct = parseContentType(header);
  if (!ct || ct.type !== 'application/json') return false;
  const cs = ct.params.charset;
  return cs === undefined || cs.toLowerCase() === 'utf-8' || cs.toLowerCase() === 'utf8';
}

export const SMALL_BODY = 256 * 1024;
export const IMPORT_BODY = MAX_IMPORT_CHARS + 1024 * 1024;
/** renderFigure: a chart's SVG (MAX_FIGURE_SVG) inside a JSON request */
export const FIGURE_BODY = 2 * MAX_FIGURE_SVG + 64 * 1024;

/** largest accepted request body of an RPC method */
export function bodyLimit(method: string): number {
  return method === 'importRun' ? IMPORT_BODY : method === 'renderFigure' ? FIGURE_BODY : SMALL_BODY;
}

/** methods that change stored state (Origin and token rules apply) */
export const STATE_CHANGING = new Set(['startRun', 'cancelRun', 'rerun', 'updateRun', 'deleteRun', 'restoreRun', 'importRun']);

/** how many Host headers a request carries (rawHeaders keeps duplicates; headers.host does not) */
export function hostHeaderCount(rawHeaders: string[]): number {
  let n = 0;
  for (let i = 0; i < rawHeaders.length; i += 2) if (rawHeaders[i]!.toLowerCase() === 'host') n++;
  return n;
}

/** is `origin` this server (http://127.0.0.1:PORT or http://localhost:PORT)? */
export function sameOrigin(origin: string, port: number): boolean {
  return origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`;
}
