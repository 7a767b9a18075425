// The services behind the desktop window: the same store + job system as `plrf web` and the
// CLI (createPlrfService), exposed as the validated PlrfApi dispatcher and its event stream.
// The run database is the one the CLI and the web mode use (services/paths.ts: the data folder,
// or $PLRF_DB); a runs.db left in Electron's userData by an earlier version is moved there once. Under
// Electron, better-sqlite3 is loaded from the Electron-ABI copy built by start.mjs
// (`nativeBinding`). Workers: the store engineer's Electron utilityProcess host when present
// (src-main/electron/utility-worker-host.ts), else the plain fork host.
import { createApiDispatcher, type ApiDispatcher, type ApiEvent } from '../../src-shared/api';
import { createPlrfService, type ServiceOptions } from '../services/api-service';
import { resolveDbPath } from '../services/paths';

export interface DesktopBackendOptions {
  userData: string;
  /** Electron-ABI better_sqlite3.node (see start.mjs); undefined under plain Node */
  nativeBinding?: string;
  workerHost?: ServiceOptions['workerHost'];
  /** where the note about a moved database goes */
  log?: (line: string) => void;
}

export interface DesktopBackend {
  /** the run database in use (shown in Help → About) */
  dbPath: string;
  dispatch: ApiDispatcher;
  onEvent(listener: (event: ApiEvent) => void): () => void;
  close(): Promise<void>;
}

export async function createDesktopBackend(opts: DesktopBackendOptions): Promise<DesktopBackend> {
  const dbPath = resolveDbPath(null, process.env, { legacyDirs: [opts.userData], log: opts.log });
  const service = createPlrfService({
    dbPath,
    nativeBinding: opts.nativeBinding,
    ...(opts.workerHost ? { workerHost: opts.workerHost } : {}),
  });
  return {
    dbPath,
    dispatch: createApiDispatcher(service),
    onEvent: (l) => service.onEvent(l),
    close: () => service.close(),
  };
}
