// Sandboxed preload (bundled to CommonJS, contextIsolation on). Exposes exactly the typed
// contract's transport as `window.api`: call(method, payload) → ApiResponse over the one
// generic IPC channel, subscribe(listener) for ApiEvents, plus onMenu for menu commands.
// The renderer wraps it with createApiClient (src-shared/api) — the same PlrfClient as over
// HTTP in web mode. Responses are not turned into thrown errors here, because an Error
// crossing contextBridge keeps only its message and the forms need {code, field}.
import { contextBridge, ipcRenderer } from 'electron';
import { isApiMethod, type ApiEvent, type ApiResponse } from '../../src-shared/api';
import { API_CHANNEL, EVENT_CHANNEL, MENU_CHANNEL, MENU_COMMANDS, type MenuCommand } from './channels';

function subscribe<T>(channel: string, accept: (v: unknown) => v is T, listener: (v: T) => void): () => void {
  const h = (_e: unknown, v: unknown) => {
    if (accept(v)) listener(v);
  };
  ipcRenderer.on(channel, h);
  return () => void ipcRenderer.removeListener(channel, h);
}

const isEvent = (v: unknown): v is ApiEvent => !!v && typeof v === 'object' && typeof (v as { type?: unknown }).type === 'string';
const isMenu = (v: unknown): v is MenuCommand => (MENU_COMMANDS as readonly unknown[]).includes(v);

export const desktopTransport = {
  call: async (method: string, payload: unknown): Promise<ApiResponse> => {
    if (!isApiMethod(method)) return { ok: false, error: { code: 'unknown_method', field: null, message: `unknown method "${method}"` } };
    return (await ipcRenderer.invoke(API_CHANNEL, method, payload)) as ApiResponse;
  },
  subscribe: (listener: (e: ApiEvent) => void) => subscribe(EVENT_CHANNEL, isEvent, listener),
  onMenu: (listener: (cmd: MenuCommand) => void) => subscribe(MENU_CHANNEL, isMenu, listener),
};

contextBridge.exposeInMainWorld('api', desktopTransport);
