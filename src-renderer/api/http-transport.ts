// Web-mode transport of the typed API (src-shared/api/contract.ts) for the renderer:
// calls are `POST /api/rpc/<method>` with the JSON payload and the launch token in the
// `Authorization: Bearer …` header; the answer is an `ApiResponse` JSON (HTTP status mapped
// from the error code, the body always parsed). Events come over Server-Sent Events from
// `GET /api/events`, authorised by the per-launch session cookie set on the first page load
// (the token is never put in a URL again; `tokenInEventUrl` is for non-browser clients
// without cookies), reconnecting automatically.
//
// The token comes from the page URL (`/?token=…`, printed by `plrf web`); it is kept in
// sessionStorage and removed from the address bar so it does not end up in bookmarks.
import type { ApiEvent } from '../../src-shared/api/types';
import type { ApiMethod, ApiResponse, ApiTransport, EventListener, Unsubscribe } from '../../src-shared/api/contract';

const TOKEN_KEY = 'plrf.token';

/** Read the launch token from ?token=… (then hide it from the address bar) or sessionStorage. */
export function takeLaunchToken(loc: Location = window.location, storage: Storage | null = safeSession()): string | null {
  const url = new URL(loc.href);
  const t = url.searchParams.get('token');
  if (t) {
    storage?.setItem(TOKEN_KEY, t);
    url.searchParams.delete('token');
    try {
      window.history.replaceState(window.history.state, '', url.pathname + url.search + url.hash);
    } catch {
      /* not fatal */
    }
    return t;
  }
  return storage?.getItem(TOKEN_KEY) ?? null;
}

function safeSession(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}

export interface HttpTransportOptions {
  /** origin + path prefix of the server, default: the page's origin */
  baseUrl?: string;
  token?: string | null;
  fetch?: typeof fetch;
  /** EventSource constructor (injectable for tests) */
  EventSource?: typeof EventSource;
  /** put ?token= in the events URL (clients without the session cookie); default false */
  tokenInEventUrl?: boolean;
}

export function createHttpTransport(opts: HttpTransportOptions = {}): ApiTransport {
  const base = (opts.baseUrl ?? window.location.origin).replace(/\/$/, '');
  const token = opts.token === undefined ? takeLaunchToken() : opts.token;
  const doFetch = opts.fetch ?? ((...a: Parameters<typeof fetch>) => fetch(...a));
  const ES = opts.EventSource ?? (typeof EventSource !== 'undefined' ? EventSource : undefined);

  const listeners = new Set<EventListener>();
  let source: EventSource | null = null;

  function open(): void {
    if (source || !ES) return;
    const q = token && opts.tokenInEventUrl ? `?token=${encodeURIComponent(token)}` : '';
    source = new ES(`${base}/api/events${q}`);
    source.onmessage = (m: MessageEvent) => {
      let ev: ApiEvent;
      try {
        ev = JSON.parse(String(m.data)) as ApiEvent;
      } catch {
        return;
      }
      for (const l of [...listeners]) {
        try {
          l(ev);
        } catch {
          /* isolate listeners */
        }
      }
    };
  }

  function close(): void {
    source?.close();
    source = null;
  }

  return {
    async call(method: ApiMethod, payload: unknown): Promise<ApiResponse> {
      let res: Response;
      try {
        res = await doFetch(`${base}/api/rpc/${method}`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            ...(token ? { authorization: `Bearer ${token}` } : {}),
          },
          body: payload === undefined ? '' : JSON.stringify(payload),
        });
      } catch (e) {
        return { ok: false, error: { code: 'unavailable', field: null, message: `server unreachable: ${e instanceof Error ? e.message : String(e)}` } };
      }
      try {
        return (await res.json()) as ApiResponse;
      } catch {
        return {
          ok: false,
          error: { code: res.status === 401 ? 'unauthorized' : 'internal', field: null, message: `HTTP ${res.status} ${res.statusText}` },
        };
      }
    },
    subscribe(listener: EventListener): Unsubscribe {
      listeners.add(listener);
      open();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) close();
      };
    },
  };
}
