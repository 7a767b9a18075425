// The IPC adapter: ONE generic request channel (API_CHANNEL) carrying (method, payload) of the
// typed PlrfApi contract. The handler validates the sender frame, then hands the raw payload
// to the API dispatcher (createApiDispatcher: validates method and payload with the shared
// zod schemas, never throws, returns ApiResponse with structured errors {code, field, message}).
import type { IpcMainInvokeEvent } from 'electron';
import type { ApiDispatcher, ApiEvent, ApiResponse } from '../../src-shared/api';
import { API_CHANNEL, EVENT_CHANNEL } from './channels';
import { isTrustedSender } from './security';

export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

export interface IpcOptions {
  /** the dev server origin under `electron-vite dev` (else only app:// frames are trusted) */
  devOrigin?: string;
  log?: (msg: string) => void;
}

export function registerApiIpc(ipcMain: IpcMainLike, dispatch: ApiDispatcher, opts: IpcOptions): () => void {
  ipcMain.handle(API_CHANNEL, async (event, method, payload): Promise<ApiResponse> => {
    if (!isTrustedSender(event.senderFrame, opts.devOrigin)) {
      opts.log?.(`rejected IPC from untrusted frame ${event.senderFrame?.url ?? '(none)'}`);
      return { ok: false, error: { code: 'unauthorized', field: null, message: 'untrusted sender' } };
    }
    if (typeof method !== 'string') {
      return { ok: false, error: { code: 'bad_request', field: null, message: 'method must be a string' } };
    }
    try {
      return await dispatch(method, payload);
    } catch (e) {
      // the dispatcher never throws; keep the channel total anyway
      return { ok: false, error: { code: 'internal', field: null, message: e instanceof Error ? e.message : String(e) } };
    }
  });
  return () => ipcMain.removeHandler(API_CHANNEL);
}

export interface WebContentsLike {
  isDestroyed(): boolean;
  send(channel: string, ...args: unknown[]): void;
}

/** forward a service event to every live window */
export function broadcastEvent(targets: Iterable<WebContentsLike>, event: ApiEvent): void {
  for (const wc of targets) if (!wc.isDestroyed()) wc.send(EVENT_CHANNEL, event);
}
