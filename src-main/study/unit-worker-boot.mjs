// Worker-thread entry of the study pool: registers tsx's loader in this thread (programmatic
// registrations of the parent do not reach workers), then loads the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./unit-worker.ts');
