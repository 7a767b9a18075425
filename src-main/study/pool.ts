// Node-side parallel executor of study jobs (src-shared/compute/study-task.ts UnitExecutor):
// `threads` computing lanes over the plan's jobs (largest cost first — LPT): `threads` worker
// threads, each with its own linear-algebra backend, while the calling thread stays free to report
// progress and poll cancellation (with `callerLane`, the calling thread itself is one of the lanes —
// it then blocks while computing; it is always the fallback lane when no worker thread is left). Every lane claims the next job itself from a shared counter
// (SharedArrayBuffer + Atomics): the whole run is posted to each worker thread at the start (queued
// while the thread is still loading), so a worker never waits for the calling thread — whose event
// loop is blocked while it computes a job — to feed it. (Feeding jobs by message left a freshly
// loaded worker idle until the calling thread finished its first, largest job: ~1.1× speed-up on
// 2 cores instead of ~1.8×.) Each job's units are posted back one by one (delivered when the
// calling thread next yields). Without `fallbackBackend` all lanes are worker threads.
// Threads: PLRF_STUDY_THREADS, else os.availableParallelism(), never more than the number of jobs.
// The threads are started on first use and kept (unref'd, so they never hold the process open)
// for later runs of the same executor — a phase sweep pays the start-up (module load, tens of
// ms per thread from the build) once; `close()` ends them. Cancellation is polled every 50 ms and
// terminates the threads at once (they are restarted on the next run). Progress inside jobs: each lane
// writes the cost it has done in this run (finished jobs + the part of its current one) to a shared
// Float64 slot; the calling thread reports Σ slots − the cost of the units delivered so far, every
// 250 ms and with every delivered unit. A worker thread that
// cannot start (e.g. its script missing) claims no job, so with the calling thread as
// a lane the study still completes; a lane lost with a claimed job unfinished fails the run.
import { appendFileSync } from 'node:fs';
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { LinalgBackend } from '../../src-shared/linalg/backend';
import { CancelledError } from '../../src-shared/compute/task';
import { inlineExecutor, jobCostOf, type UnitExecutor } from '../../src-shared/compute/study-task';
import { computeJob, type StudyUnit, type UnitResult } from '../../src-shared/study/units';
import type { StudySpec } from '../../src-shared/params/study-params';
import { ParamError } from '../../src-shared/params/errors';

export interface PoolOptions {
  threads?: number;
  /** backend for the inline fallback */
  fallbackBackend?: LinalgBackend;
  /**
   * the calling thread computes jobs as one of the lanes (threads − 1 worker threads). Default
   * false: `threads` worker threads and the calling thread stays free to report progress (a job
   * computed here blocks its event loop — the bar and the ETA froze for the whole largest job);
   * it computes only when no worker thread is left (fallback).
   */
  callerLane?: boolean;
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

/** a run as posted to the worker threads: the jobs and the shared claim counter (see header) */
export interface WorkerRun {
  spec: StudySpec;
  jobs: StudyUnit[][];
  /** Int32Array: [next job to claim, lane that claimed job 0, job 1, …] */
  claims: SharedArrayBuffer;
  /** this thread's lane id (≥ 1; the calling thread is lane 0) */
  lane: number;
  /** Float64Array, one slot per lane: cost done by the lane in this run (finished jobs + the current one's part) */
  progress?: SharedArrayBuffer;
}

/**
 * The thread script: in a build (out/node, out/main — plain JavaScript) unit-worker.js next to
 * the chunk holding this code; from source (tests, under a TypeScript loader) the tsx bootstrap
 * unit-worker-boot.mjs (tsx is a devDependency).
 */
export function unitWorkerUrl(moduleUrl: string = import.meta.url): URL {
  const fromSource = /\.[cm]?ts$/.test(new URL(moduleUrl).pathname);
  return new URL(fromSource ? './unit-worker-boot.mjs' : './unit-worker.js', moduleUrl);
}

/** starts a worker thread (it loads in the background; messages posted meanwhile are queued) */
function startWorker(): Worker {
  const w = new Worker(unitWorkerUrl());
  w.unref(); // idle pool threads never hold the process open (a run refs its lanes)
  w.on('error', () => {}); // an idle thread's failure is reported by the next run (exit/abort)
  return w;
}

/**
 * Diagnostics: with PLRF_POOL_TRACE=<file>, each finished run appends one JSON line
 * {"pid", "units": [units computed by lane 0 (calling thread), lane 1, …]} — how a study was
 * spread over the lanes (the packaged-app test checks that every lane computed units).
 */
function traceLanes(claims: Int32Array, jobs: StudyUnit[][], callerLane: boolean): void {
  const file = process.env.PLRF_POOL_TRACE;
  if (!file) return;
  const units: number[] = [];
  jobs.forEach((job, j) => {
    const lane = Atomics.load(claims, 1 + j);
    if (lane >= 0) units[lane] = (units[lane] ?? 0) + job.length;
  });
  // the computing lanes: without the calling thread as a lane (and it took no job), the worker threads
  const all = Array.from(units, (n) => n ?? 0);
  const lanes = callerLane || all[0]! > 0 ? all : all.slice(1);
  appendFileSync(file, JSON.stringify({ pid: process.pid, units: lanes }) + '\n');
}

/** a UnitExecutor over worker threads (see header) */
export function threadExecutor(opts: PoolOptions = {}): ThreadExecutor {
  let pool: Worker[] = [];
  const forget = (w: Worker) => {
    pool = pool.filter((x) => x !== w);
  };
  const close = async () => {
    const ws = pool;
    pool = [];
    await Promise.all(ws.map((w) => w.terminate()));
  };
  return {
    close,
    async run(spec, jobs, onResult, cancelled, onProgress) {
      const lanes = Math.min(opts.threads ?? defaultThreads(), jobs.length);
      const main = opts.fallbackBackend;
      if (lanes <= 1 && main) return inlineExecutor(main).run(spec, jobs, onResult, cancelled, onProgress);
      const callerLane = !!main && opts.callerLane === true;
      const nWorkers = Math.max(1, callerLane ? lanes - 1 : lanes);
      // without the calling thread as a lane: it computes only once every worker thread is gone
      let wakeCaller: () => void = () => {};
      const noWorkerLeft = new Promise<void>((res) => (wakeCaller = res));
      // shared claim counter: every lane takes the next job in plan order (largest first) as soon
      // as it is free — no round trip through this (busy) thread's event loop
      const claims = new Int32Array(new SharedArrayBuffer(4 * (jobs.length + 1)));
      claims.fill(-1, 1);
      const claim = (): number => {
        const j = Atomics.add(claims, 0, 1);
        if (j >= jobs.length) return -1;
        Atomics.store(claims, 1 + j, 0);
        return j;
      };
      // progress inside jobs: every lane writes the cost done in its current job to its slot (read
      // here synchronously, also while this thread computes a job of its own)
      // (cumulative per lane: the cost of its finished jobs plus the part of its current one; what was
      // delivered here is subtracted, so finished jobs whose units are still in flight count too)
      const slots = new Float64Array(new SharedArrayBuffer(8 * (nWorkers + 1)));
      const unitCost = new Map<number, number>();
      for (const job of jobs) for (const u of job) unitCost.set(u.index, u.cost);
      let delivered = 0;
      const inJobs = () => {
        let c = 0;
        for (let i = 0; i < slots.length; i++) c += slots[i]!;
        return Math.max(0, c - delivered);
      };
      const jobOf = new Map<number, number>(); // unit index → job
      const left = jobs.map((j) => j.length); // undelivered units per job
      jobs.forEach((job, j) => job.forEach((u) => jobOf.set(u.index, j)));
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
        Atomics.store(claims, 0, jobs.length); // no lane claims another job
        void close();
        fail(e);
      };
      const deliver = (r: UnitResult): boolean => {
        try {
          delivered += unitCost.get(r.index) ?? 0;
          onProgress?.(inJobs());
          onResult(r);
        } catch (e) {
          abort(e instanceof Error ? e : new Error(String(e)));
          return false;
        }
        const j = jobOf.get(r.index);
        if (j !== undefined) left[j]!--;
        outstanding--;
        if (outstanding === 0) finish();
        return true;
      };
      let tick = 0;
      const timer = setInterval(() => {
        if (cancelled()) abort(new CancelledError());
        else if (onProgress && ++tick % 5 === 0) onProgress(inJobs());
      }, 50);
      const listeners: [Worker, (m: Msg) => void, (e: Error) => void, (code: number) => void][] = [];
      // worker lanes: reuse the pool, start what is missing; post the run at once (queued while
      // a thread loads — it starts claiming jobs as soon as it is up)
      let startError: Error | null = null;
      try {
        while (pool.length < nWorkers) {
          const w = startWorker();
          w.once('exit', () => forget(w));
          pool.push(w);
        }
      } catch (e) {
        startError = e instanceof Error ? e : new Error(String(e));
      }
      const workers = pool.slice(0, nWorkers);
      let live = workers.length;
      // a lane that is gone: an error if it leaves a claimed job unfinished or no lane is left
      const laneLost = (lane: number, e: Error) => {
        if (failed || outstanding === 0) return;
        live--;
        for (let j = 0; j < jobs.length; j++) if (Atomics.load(claims, 1 + j) === lane && left[j]! > 0) return abort(e);
        if (live === 0) {
          if (main) wakeCaller();
          else abort(e);
        }
      };
      workers.forEach((w, k) => {
        const lane = k + 1;
        let lost = false;
        const lose = (e: Error) => {
          if (lost) return;
          lost = true;
          laneLost(lane, e);
        };
        const onMessage = (m: Msg) => {
          if (failed || 'ready' in m) return;
          if (!m.ok) {
            abort(m.param !== undefined ? new ParamError(m.param, m.message.replace(/^[^:]*: /, '')) : Object.assign(new Error(m.message), { name: m.name }));
            return;
          }
          deliver(m.result);
        };
        const onError = (e: Error) => lose(e);
        const onExit = (code: number) => lose(new Error(`study worker thread exited with code ${code}`));
        w.on('message', onMessage);
        w.on('error', onError);
        w.on('exit', onExit);
        listeners.push([w, onMessage, onError, onExit]);
        w.ref();
        const msg: WorkerRun = { spec, jobs, claims: claims.buffer as SharedArrayBuffer, lane, progress: slots.buffer as SharedArrayBuffer };
        w.postMessage(msg);
      });
      if (workers.length === 0 && !main) abort(startError ?? new Error('study: no worker thread could be started'));
      try {
        // the calling thread's lane
        if (main && !callerLane && workers.length > 0) await Promise.race([done, noWorkerLeft]);
        if (main && outstanding > 0) {
          while (!failed) {
            await new Promise<void>((res) => setImmediate(res));
            if (failed) break;
            if (cancelled()) {
              abort(new CancelledError());
              break;
            }
            const j = claim();
            if (j < 0) break;
            try {
              const w = jobCostOf(jobs[j]!);
              const base = slots[0]!;
              const res = computeJob(spec, jobs[j]!, main, cancelled, (f) => {
                slots[0] = base + f * w;
                onProgress?.(inJobs());
              });
              slots[0] = base + w;
              for (const r of res) if (!deliver(r)) break;
            } catch (e) {
              abort(e instanceof Error ? e : new Error(String(e)));
            }
          }
        }
        if (outstanding === 0) finish();
        await done;
        traceLanes(claims, jobs, callerLane);
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
