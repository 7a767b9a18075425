// The environment a task runs in outside the app's main process: the linear-algebra backend (the
// native addon where it loads, else the portable one) and the study pool's worker threads. Shared by
// the job worker (worker/entry.ts) and a Slurm array task (sweep/task-runner.ts), so a cell computed on
// a compute node runs exactly the code a local run does.
import type { TaskEnv } from '../../src-shared/compute/registry';
import type { LinalgBackend } from '../../src-shared/linalg/backend';

export async function loadBackend(): Promise<LinalgBackend> {
  try {
    return (await import('../linalg/select')).getBackend();
  } catch {
    return (await import('../../src-shared/linalg/portable')).portableBackend;
  }
}

/** the backend plus the study executor: one thread pool, made on first use and reused by every later
 *  run of this process (a warm worker keeps its threads warm instead of leaving one idle pool behind
 *  per study); close() ends its threads */
export async function loadTaskEnv(): Promise<{ env: TaskEnv; close: () => Promise<void> }> {
  const backend = await loadBackend();
  const { threadExecutor } = await import('../study/pool');
  let exec: ReturnType<typeof threadExecutor> | null = null;
  return {
    env: {
      backend,
      studyExecutor: () => (exec ??= threadExecutor({ fallbackBackend: backend })),
    },
    close: async () => {
      const x = exec;
      exec = null;
      await x?.close();
    },
  };
}
