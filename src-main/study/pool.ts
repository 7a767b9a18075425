// Node-side parallel executor of study units (src-shared/compute/study-task.ts UnitExecutor):
// a pool of worker threads, each with its own linear-algebra backend, fed units in the plan's
// order (largest cost first — LPT scheduling); each job's units are posted back one by one. Threads: PLRF_STUDY_THREADS, else
// os.availableParallelism(), never more than the number of units. Cancellation is polled every
// 50 ms and terminates the threads at once. If threads cannot be started (e.g. no tsx loader in a
// bundled app) the units run inline, so a study always completes.
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { LinalgBackend } from '../../src-shared/linalg/backend';
import { CancelledError } from '../../src-shared/compute/task';
import { inlineExecutor, type UnitExecutor } from '../../src-shared/compute/study-task';
import type { StudyUnit, UnitResult } from '../../src-shared/study/units';
import { ParamError } from '../../src-shared/params/errors';

export interface PoolOptions {
  threads?: number;
  /** backend for the inline fallback */
  fallbackBackend?: LinalgBackend;
}

export function defaultThreads(): number {
  const env = Number(process.env.PLRF_STUDY_THREADS);
  if (Number.isInteger(env) && env >= 1) return env;
  return Math.max(1, typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length);
}

type Msg =
  | { ready: true; backend: string }
  | { ok: true; result: UnitResult }
  | { ok: false; index: number; name: string; message: string; param?: string; stack?: string };

function startWorker(): Promise<Worker> {
  return new Promise((resolve, reject) => {
    const w = new Worker(new URL('./unit-worker-boot.mjs', import.meta.url));
    const onMsg = (m: Msg) => {
      if ('ready' in m) {
        w.off('message', onMsg);
        w.off('error', onErr);
        resolve(w);
      }
    };
    const onErr = (e: Error) => reject(e);
    w.on('message', onMsg);
    w.once('error', onErr);
  });
}

/** a UnitExecutor over worker threads (see header) */
export function threadExecutor(opts: PoolOptions = {}): UnitExecutor {
  return {
    async run(spec, jobs, onResult, cancelled) {
      const n = Math.min(opts.threads ?? defaultThreads(), jobs.length);
      if (n <= 1 && opts.fallbackBackend) return inlineExecutor(opts.fallbackBackend).run(spec, jobs, onResult, cancelled);
      let workers: Worker[];
      try {
        workers = await Promise.all(Array.from({ length: Math.max(1, n) }, startWorker));
      } catch (e) {
        if (!opts.fallbackBackend) throw e;
        return inlineExecutor(opts.fallbackBackend).run(spec, jobs, onResult, cancelled);
      }
      const queue: StudyUnit[][] = [...jobs];
      let failed: Error | null = null;
      let finish: () => void = () => {};
      let fail: (e: Error) => void = () => {};
      const done = new Promise<void>((res, rej) => {
        finish = res;
        fail = rej;
      });
      let outstanding = jobs.reduce((s, j) => s + j.length, 0);
      const left = new Map<Worker, number>();
      const stopAll = () => {
        for (const w of workers) void w.terminate();
      };
      const timer = setInterval(() => {
        if (cancelled()) {
          failed = new CancelledError();
          stopAll();
          fail(failed);
        }
      }, 50);
      const feed = (w: Worker) => {
        const job = queue.shift();
        if (job) {
          left.set(w, job.length);
          w.postMessage({ spec, units: job });
        }
      };
      for (const w of workers) {
        w.on('message', (m: Msg) => {
          if (failed || 'ready' in m) return;
          if (m.ok) {
            try {
              onResult(m.result);
            } catch (e) {
              failed = e instanceof Error ? e : new Error(String(e));
              stopAll();
              fail(failed);
              return;
            }
            outstanding--;
            const l = (left.get(w) ?? 1) - 1;
            left.set(w, l);
            if (outstanding === 0) finish();
            else if (l === 0) feed(w);
          } else {
            failed = m.param !== undefined ? new ParamError(m.param, m.message.replace(/^[^:]*: /, '')) : Object.assign(new Error(m.message), { name: m.name });
            stopAll();
            fail(failed);
          }
        });
        w.on('error', (e) => {
          if (failed) return;
          failed = e;
          stopAll();
          fail(e);
        });
        w.on('exit', (code) => {
          if (failed || outstanding === 0) return;
          failed = new Error(`study worker thread exited with code ${code}`);
          stopAll();
          fail(failed);
        });
        feed(w);
      }
      try {
        await done;
      } finally {
        clearInterval(timer);
        stopAll();
      }
    },
  };
}
