// The resource budget of this machine (src-shared/compute/budget.ts admits runs against it):
//   memory: PLRF_MEMORY_BUDGET = bytes ("8e9"), with a unit ("6G", "512M"), or a fraction of
//           the machine's memory ("0.4"); default DEFAULT_MEMORY_FRACTION of os.totalmem();
//   time:   PLRF_TIME_BUDGET = seconds; default 6 hours (longer runs need confirmation).
// Workers are capped at the memory budget plus WORKER_OVERHEAD (Node itself): a worker whose
// resident memory passes the cap is stopped and its run fails with "out of memory" (queue.ts).
import { readFileSync } from 'node:fs';
import os from 'node:os';
import type { ResourceBudget } from '../../src-shared/compute/budget';
import { setEstimateMachine } from '../../src-shared/compute/cost-model';

export const DEFAULT_MEMORY_FRACTION = 0.5;
export const DEFAULT_TIME_BUDGET_S = 6 * 3600;
export const WORKER_OVERHEAD = 384 * 1024 ** 2;

export function parseMemoryBudget(text: string | undefined, total = os.totalmem()): number {
  const t = (text ?? '').trim();
  if (t === '') return DEFAULT_MEMORY_FRACTION * total;
  const m = /^(\d+(?:\.\d*)?(?:e\d+)?)\s*([kmgt]i?b?)?$/i.exec(t);
  if (!m) throw new Error(`PLRF_MEMORY_BUDGET must be bytes (8e9), a size (6G) or a fraction of memory (0.4), got "${t}"`);
  const x = Number(m[1]);
  if (!m[2]) return x <= 1 ? x * total : x;
  const unit = m[2][0]!.toLowerCase();
  return x * 1024 ** ({ k: 1, m: 2, g: 3, t: 4 } as Record<string, number>)[unit]!;
}

/**
 * The machine the time estimates assume (src-shared/compute/cost-model.ts): a study's lanes as the
 * pool uses them (PLRF_STUDY_THREADS, else the cores) and the backend (PLRF_BACKEND).
 */
export function configureEstimateMachine(env: NodeJS.ProcessEnv = process.env): void {
  const t = Number(env.PLRF_STUDY_THREADS);
  const lanes = Number.isInteger(t) && t >= 1 ? t : Math.max(1, typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length);
  // the backend the workers will use: PLRF_BACKEND=portable, else the native addon (not loaded here —
  // the service's own process never computes; a build without the addon is estimated as native)
  const backend: 'native' | 'portable' = env.PLRF_BACKEND === 'portable' ? 'portable' : 'native';
  setEstimateMachine({ lanes, backend });
}

export function defaultBudget(env: NodeJS.ProcessEnv = process.env): ResourceBudget {
  const seconds = env.PLRF_TIME_BUDGET ? Number(env.PLRF_TIME_BUDGET) : DEFAULT_TIME_BUDGET_S;
  if (!(seconds > 0)) throw new Error(`PLRF_TIME_BUDGET must be a number of seconds > 0, got "${env.PLRF_TIME_BUDGET}"`);
  return { memoryBytes: parseMemoryBudget(env.PLRF_MEMORY_BUDGET), seconds };
}

/** resident memory of a process in bytes (Linux /proc), or null where unknown */
export function residentBytes(pid: number): number | null {
  try {
    const text = readFileSync(`/proc/${pid}/status`, 'utf8');
    const m = /VmRSS:\s+(\d+) kB/.exec(text);
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}
