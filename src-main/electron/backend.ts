// The services behind the desktop window: the same store + job system as `plrf web` and the
// CLI (createPlrfService), exposed as the validated PlrfApi dispatcher and its event stream.
// The run database lives in Electron's userData dir (runs.db) unless $PLRF_DB is set. Under
// Electron, better-sqlite3 is loaded from the Electron-ABI copy built by start.mjs
// (`nativeBinding`). Workers: the store engineer's Electron utilityProcess host when present
// (src-main/electron/utility-worker-host.ts), else the plain fork host.
import { join } from 'node:path';
import { createApiDispatcher, type ApiDispatcher, type ApiEvent } from '../../src-shared/api';
import { createPlrfService, type ServiceOptions } from '../services/api-service';

export interface DesktopBackendOptions {
  userData: string;
  /** Electron-ABI better_sqlite3.node (see start.mjs); undefined under plain Node */
  nativeBinding?: string;
  workerHost?: ServiceOptions['workerHost'];
}

export interface DesktopBackend {
  dispatch: ApiDispatcher;
  onEvent(listener: (event: ApiEvent) => void): () => void;
  close(): Promise<void>;
}

export async function createDesktopBackend(opts: DesktopBackendOptions): Promise<DesktopBackend> {
  const service = createPlrfService({
    dbPath: process.env.PLRF_DB || join(opts.userData, 'runs.db'),
    nativeBinding: opts.nativeBinding,
    ...(opts.workerHost ? { workerHost: opts.workerHost } : {}),
  });
  return {
    dispatch: createApiDispatcher(service),
    onEvent: (l) => service.onEvent(l),
    close: () => service.close(),
  };
}
