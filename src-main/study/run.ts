// Node-side entry of a study: `runStudy` with the linear-algebra backend of this process and
// the worker-thread executor (pool.ts), so a study uses every core. The job system, the CLI and
// benchmarks call this; src-shared's runStudy alone runs the units inline (one core).
import { getBackend } from '../linalg/select';
import { runStudy, type StudyResult } from '../../src-shared/compute/study-task';
import type { StudySpec, StudySpecInput } from '../../src-shared/params/study-params';
import type { TaskContext } from '../../src-shared/compute/task';
import { threadExecutor } from './pool';

export async function runStudyParallel(spec: StudySpec | StudySpecInput, ctx: TaskContext, opts: { threads?: number } = {}): Promise<StudyResult> {
  const backend = getBackend();
  const executor = threadExecutor({ threads: opts.threads, fallbackBackend: backend });
  try {
    return await runStudy(spec, backend, ctx, { executor });
  } finally {
    await executor.close();
  }
}
