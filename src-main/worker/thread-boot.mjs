// DEVELOPMENT / TESTS ONLY (tsx is a devDependency): the worker-thread bootstrap when the job
// system runs from the TypeScript sources (vitest): register tsx in this thread, then load the
// TypeScript worker entry. The CLI, the web mode and the app run the built worker
// (out/node/<id>/worker.js, out/main/worker.js) and never load this file.
import { register } from 'tsx/esm/api';

register();
await import('./entry.ts');
