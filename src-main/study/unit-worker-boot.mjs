// DEVELOPMENT / TESTS ONLY (tsx is a devDependency): the study-pool thread when the pool runs
// from the TypeScript sources (vitest): registers tsx's loader in this thread (programmatic
// registrations of the parent do not reach workers), then loads the TypeScript worker. Built
// code starts unit-worker.js next to its chunk instead (pool.ts unitWorkerUrl).
import { register } from 'tsx/esm/api';

register();
await import('./unit-worker.ts');
