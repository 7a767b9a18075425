// Node-side parallel executor of study jobs (src-shared/compute/study-task.ts UnitExecutor):
// `threads` computing lanes over one queue in the plan's order (largest cost first — LPT): the
// calling thread itself (with `fallbackBackend`; it starts at once, while the worker threads are
// still loading) plus threads − 1 worker threads, each with its own linear-algebra backend and
// two jobs in flight so that it never waits for the (busy) calling thread to feed it. Each job's
// units are posted back one by one. Without `fallbackBackend` all lanes are worker threads.
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
import { computeJob, type StudyUnit, type UnitResult } from '../../src-shared/study/units';
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
    w.unref(); // idle pool threads never hold the process open (a run refs its lanes)
    w.on('error', () => {}); // an idle thread's failure is reported by the next run (exit/abort)
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
  const forget = (w: Worker) => {
    pool = pool.filter((x) => x !== w);
  };
  let generation = 0; // bumped by close(): threads still starting from before are ended
  const close = async () => {
    generation++;
    const ws = pool;
    pool = [];
    await Promise.all(ws.map((w) => w.terminate()));
  };
  return {
    close,
    async run(spec, jobs, onResult, cancelled) {
      const lanes = Math.min(opts.threads ?? defaultThreads(), jobs.length);
      const main = opts.fallbackBackend;
      if (lanes <= 1 && main) return inlineExecutor(main).run(spec, jobs, onResult, cancelled);
      const nWorkers = Math.max(1, main ? lanes - 1 : lanes);
      const queue: StudyUnit[][] = [...jobs];
      let failed: Error | null = null;
      let outstanding = jobs.reduce((s, j) => s + j.length, 0);
      let finish: () => void = () => {};
      let fail: (e: Error) => void = () => {};
      const done = new Promise<void>((res, rej) => {
        finish = res;
        fail = rej;
      });
      done.catch(() => {});
      const abort = (e: Error) => {
        if (failed) return;
        failed = e;
        void close();
        fail(e);
      };
      const deliver = (r: UnitResult): boolean => {
        try {
          onResult(r);
        } catch (e) {
          abort(e instanceof Error ? e : new Error(String(e)));
          return false;
        }
        outstanding--;
        if (outstanding === 0) finish();
        return true;
      };
      const timer = setInterval(() => {
        if (cancelled()) abort(new CancelledError());
      }, 50);
      const listeners: [Worker, (m: Msg) => void, (e: Error) => void, (code: number) => void][] = [];
      const inFlight = new Map<Worker, number[]>(); // units left per posted job, in order
      const feed = (w: Worker) => {
        const job = queue.shift();
        if (!job) return;
        inFlight.get(w)!.push(job.length);
        w.postMessage({ spec, units: job });
      };
      const attach = (w: Worker) => {
        inFlight.set(w, []);
        const onMessage = (m: Msg) => {
          if (failed || 'ready' in m) return;
          if (!m.ok) {
            abort(m.param !== undefined ? new ParamError(m.param, m.message.replace(/^[^:]*: /, '')) : Object.assign(new Error(m.message), { name: m.name }));
            return;
          }
          if (!deliver(m.result)) return;
          const q = inFlight.get(w)!;
          q[0]!--;
          if (q[0] === 0) {
            q.shift();
            feed(w);
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
        feed(w);
      };
      // worker lanes: reuse the pool, start what is missing (jobs are queued until they are up)
      let ended = false;
      const starting = (async () => {
        const gen = generation;
        try {
          while (pool.length < nWorkers) {
            const w = await startWorker();
            if (gen !== generation) {
              void w.terminate();
              return;
            }
            w.once('exit', () => forget(w));
            pool.push(w);
          }
        } catch (e) {
          if (!main) abort(e instanceof Error ? e : new Error(String(e)));
          return; // with a main lane the remaining jobs simply run there
        }
        if (!failed && !ended) for (const w of pool.slice(0, nWorkers)) attach(w);
      })();
      try {
        // the calling thread's lane
        if (main) {
          while (!failed && queue.length > 0) {
            await new Promise<void>((res) => setImmediate(res));
            if (failed) break;
            if (cancelled()) {
              abort(new CancelledError());
              break;
            }
            const job = queue.shift();
            if (!job) break;
            try {
              for (const r of computeJob(spec, job, main, cancelled)) if (!deliver(r)) break;
            } catch (e) {
              abort(e instanceof Error ? e : new Error(String(e)));
            }
          }
        }
        // the worker lanes: wait for them only if they still have work
        if (!failed && outstanding > 0) {
          await starting;
          if (main && !failed && outstanding > 0 && listeners.length === 0) {
            // no worker lane came up: finish inline
            await inlineExecutor(main).run(spec, queue.splice(0), (r) => void deliver(r), cancelled);
          }
        }
        if (outstanding === 0) finish();
        await done;
      } finally {
        ended = true;
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
