// Worker-thread bootstrap when running from source: register tsx in this thread, then load
// the TypeScript worker entry (which sees it is not the main thread and runs the task).
// The bundled app does not need this file (its entry is plain JavaScript).
import { register } from 'tsx/esm/api';

register();
await import('./entry.ts');
