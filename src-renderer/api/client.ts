// The renderer's one API client (PlrfClient of src-shared/api): in Electron over the preload's
// IPC transport (`window.api`), in web mode over HTTP (api/http-transport.ts). Tests inject a
// client with setApi.
import { createApiClient, type ApiTransport, type PlrfClient } from '../../src-shared/api';
import { createHttpTransport } from './http-transport';

export type MenuCommand = 'new-run' | 'import' | 'export' | 'theme-light' | 'theme-dark' | 'theme-system' | 'runs' | 'compare' | 'phases' | 'spectrum';

export interface DesktopTransport extends ApiTransport {
  onMenu?(listener: (cmd: MenuCommand) => void): () => void;
}

declare global {
  interface Window {
    api?: DesktopTransport;
  }
}

let client: PlrfClient | null = null;

export function setApi(c: PlrfClient | null): void {
  client = c;
}

export function isDesktop(): boolean {
  return typeof window !== 'undefined' && !!window.api;
}

export function api(): PlrfClient {
  if (!client) client = createApiClient(isDesktop() ? window.api! : createHttpTransport());
  return client;
}

export function onMenu(listener: (cmd: MenuCommand) => void): () => void {
  return isDesktop() && window.api!.onMenu ? window.api!.onMenu(listener) : () => {};
}

/** the message to show for a failed call, and the form field it belongs to (without "params.") */
export function errorInfo(e: unknown): { field: string | null; message: string } {
  const err = e as { field?: string | null; message?: string };
  let field = typeof err?.field === 'string' ? err.field : null;
  if (field?.startsWith('params.')) field = field.slice(7);
  let message = err?.message ?? String(e);
  // ApiError prefixes the message with the field; ParamError with the param
  for (const p of [err?.field, field]) if (p && message.startsWith(`${p}: `)) message = message.slice(p.length + 2);
  if (field && message.startsWith(`${field}: `)) message = message.slice(field.length + 2);
  return { field, message };
}
