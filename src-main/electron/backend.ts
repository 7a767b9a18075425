// The services behind the desktop window: the same store + job system as `plrf web` and the
// CLI, exposed as the PlrfApi dispatcher (validated payloads) and an event stream.
import type { ApiDispatcher, ApiEvent } from '../../src-shared/api';

export interface DesktopBackendOptions {
  userData: string;
  /** Electron-ABI better_sqlite3.node (see start.mjs); undefined under plain Node */
  nativeBinding?: string;
}

export interface DesktopBackend {
  dispatch: ApiDispatcher;
  onEvent(listener: (event: ApiEvent) => void): () => void;
  close(): Promise<void>;
}

export async function createDesktopBackend(_opts: DesktopBackendOptions): Promise<DesktopBackend> {
  throw new Error('desktop backend not wired yet');
}
