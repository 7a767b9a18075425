// Node-side services: one call gives the PlrfApi service (store + job queue + workers).
export { createPlrfService, type PlrfServiceHandle, type ServiceOptions } from './api-service';
export { resolveDbPath, userDataDir } from './paths';
export { createForkWorkerHost, type WorkerHost, type WorkerHandle, type WorkerExit, type SpawnOptions } from './jobs/worker-host';
export { RunStore } from './store/run-store';
export { openDatabase } from './store/db';
