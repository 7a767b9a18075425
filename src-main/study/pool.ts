// Node-side parallel executor of study jobs (src-shared/compute/study-task.ts UnitExecutor):
// a pool of worker threads, each with its own linear-algebra backend, fed jobs in the plan's
// order (largest cost first — LPT scheduling); each job's units are posted back one by one.
// Threads: PLRF_STUDY_THREADS, else os.availableParallelism(), never more than the number of jobs.
// The threads are started on first use and kept (unref'd, so they never hold the process open)
// for later runs of the same executor — a phase sweep pays the start-up (tsx + module load, a
// few hundred ms per thread) once; `close()` ends them. Cancellation is polled every 50 ms and
// terminates the threads at once (they are restarted on the next run). If threads cannot be
// started (e.g. no tsx loader in a bundled app) the jobs run inline, so a study always completes.
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

export interface ThreadExecutor extends UnitExecutor {
  /** terminate the pool's threads */
  close(): Promise<void>;
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
export function threadExecutor(opts: PoolOptions = {}): ThreadExecutor {
  let pool: Worker[] = [];
  const close = async () => {
    const ws = pool;
    pool = [];
    await Promise.all(ws.map((w) => w.terminate()));
  };
  return {
    close,
    async run(spec, jobs, onResult, cancelled) {
      const n = Math.min(opts.threads ?? defaultThreads(), jobs.length);
      if (n <= 1 && opts.fallbackBackend) return inlineExecutor(opts.fallbackBackend).run(spec, jobs, onResult, cancelled);
      try {
        while (pool.length < Math.max(1, n)) pool.push(...(await Promise.all(Array.from({ length: Math.max(1, n) - pool.length }, startWorker))));
      } catch (e) {
        await close();
        if (!opts.fallbackBackend) throw e;
        return inlineExecutor(opts.fallbackBackend).run(spec, jobs, onResult, cancelled);
      }
      const workers = pool.slice(0, Math.max(1, n));
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
      const abort = (e: Error) => {
        if (failed) return;
        failed = e;
        void close();
        fail(e);
      };
      const timer = setInterval(() => {
        if (cancelled()) abort(new CancelledError());
      }, 50);
      const feed = (w: Worker) => {
        const job = queue.shift();
        if (job) {
          left.set(w, job.length);
          w.postMessage({ spec, units: job });
        }
      };
      const listeners: [Worker, (m: Msg) => void, (e: Error) => void, (code: number) => void][] = [];
      for (const w of workers) {
        const onMessage = (m: Msg) => {
          if (failed || 'ready' in m) return;
          if (m.ok) {
            try {
              onResult(m.result);
            } catch (e) {
              abort(e instanceof Error ? e : new Error(String(e)));
              return;
            }
            outstanding--;
            const l = (left.get(w) ?? 1) - 1;
            left.set(w, l);
            if (outstanding === 0) finish();
            else if (l === 0) feed(w);
          } else {
            abort(m.param !== undefined ? new ParamError(m.param, m.message.replace(/^[^:]*: /, '')) : Object.assign(new Error(m.message), { name: m.name }));
          }
        };
        const onError = (e: Error) => abort(e);
        const onExit = (code: number) => {
          if (outstanding > 0) abort(new Error(`study worker thread exited with code ${code}`));
        };
        w.on('message', onMessage);
        w.on('error', onError);
        w.on('exit', onExit);
        listeners.push([w, onMessage, onError, onExit]);
        w.ref();
        feed(w);
      }
      try {
        await done;
      } finally {
        clearInterval(timer);
        for (const [w, m, e, x] of listeners) {
          w.off('message', m);
          w.off('error', e);
          w.off('exit', x);
          w.unref();
        }
      }
    },
  };
}
