// The shape of a long computation that runs in a worker process (or inline in tests and the
// CLI): pure TypeScript, reporting progress and polling for cancellation. The job service in
// src-main runs these; the engine, theory and study modules provide them.
export interface Progress {
  /** fraction done in [0, 1] */
  fraction: number;
  /** short human label of the current phase, e.g. "eigen-decomposition d=800" */
  phase: string;
}

export interface TaskContext {
  /** report progress; cheap to call often (the host throttles) */
  progress(p: Progress): void;
  /** true once cancellation was requested; tasks poll it between units of work */
  cancelled(): boolean;
  /** persist a finished part (e.g. one d of a study) before the whole task ends */
  partial?(key: string, value: unknown): void;
  /** parts saved by an earlier, interrupted attempt with the same params (a re-run resumes from them) */
  resume?: readonly { key: string; value: unknown }[];
}

export class CancelledError extends Error {
  constructor() {
    super('cancelled');
    this.name = 'CancelledError';
  }
}

/** a no-op context for synchronous callers and tests */
export const silentContext: TaskContext = {
  progress: () => {},
  cancelled: () => false,
};
