// The job queue: runs stored runs in worker processes, at most `concurrency` at once
// (default cores − 1, at least 1), FIFO by id.
//
// - progress: forwarded as events with a stable ETA (compute/eta.ts: the run's estimate blended with
//   the observed rate, smoothed, rising only slowly); for long work a heartbeat
//   re-emits the last progress with a fresh ETA at least every second;
// - partial results (ctx.partial) are written to the store as they arrive;
// - cancel: the worker is asked to stop (cooperative, ctx.cancelled()), and SIGKILLed if it
//   has not exited after `cancelGraceMs` (default 700 ms), so it stops within 1 s;
// - a worker that crashes, is killed or runs out of memory marks its run failed with the
//   reason; the queue continues with the next run.
import os from 'node:os';
import type { ApiEvent, LiveProgress, RunStatus } from '../../../src-shared/api/types';
import type { RunStore } from '../store/run-store';
import { EtaEstimator } from '../../../src-shared/compute/eta';
import type { WorkerExit, WorkerHandle, WorkerHost } from './worker-host';
import type { WorkerToParent } from '../../worker/protocol';

export interface QueueOptions {
  store: RunStore;
  host: WorkerHost;
  emit: (e: ApiEvent) => void;
  concurrency?: number;
  cancelGraceMs?: number;
  heartbeatMs?: number;
  /** extra environment for workers (e.g. PLRF_EXTRA_KINDS in tests) */
  workerEnv?: Record<string, string>;
  /** V8 heap limit per worker in MB (undefined: Node's default) */
  maxOldSpaceMb?: number;
  /** keep one started worker process waiting for the next run (hides ~1–3 s of start-up) */
  prewarm?: boolean;
  /** hard cap on a worker's resident memory (bytes): above it the worker is killed and its
   *  run fails with "out of memory" (typed arrays live outside V8's heap limit) */
  memoryCapBytes?: number;
  /** resident memory of a process (tests inject; default /proc) */
  residentBytes?: (pid: number) => number | null;
  /** runs one worker process may execute before it is replaced (warm reuse; default 20, 1 = none) */
  reuseRuns?: number;
  /** a run's estimated total seconds (the kind's cost model), the ETA's prior (null: unknown) */
  estimateSeconds?: (kind: string, params: Record<string, unknown>) => number | null;
}

interface Slot {
  handle: WorkerHandle;
  ready: boolean;
  job: Job | null;
  start: (() => void) | null;
  /** runs finished by this process (warm reuse) */
  runs: number;
}

interface Job {
  id: number;
  handle: WorkerHandle;
  startedAt: number;
  progress: LiveProgress;
  lastEmit: number;
  cancelRequested: boolean;
  killTimer: NodeJS.Timeout | null;
  final: boolean;
  resolveDone: () => void;
  /** the job's stable ETA (src-shared/compute/eta.ts) */
  eta: EtaEstimator;
}

export function defaultConcurrency(): number {
  const n = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return Math.max(1, n - 1);
}

/** the plain rule elapsed·(1 − f)/f (kept for reference; jobs use EtaEstimator, which is stable) */
export function etaSeconds(fraction: number, elapsedMs: number): number | null {
  if (!(fraction > 0.005) || elapsedMs < 300) return null;
  if (fraction >= 1) return 0;
  return Math.max(0, ((elapsedMs / 1000) * (1 - fraction)) / fraction);
}

export function describeExit(exit: WorkerExit): string {
  const tail = exit.stderrTail.trim();
  if (/heap out of memory|Allocation failed|out of memory/i.test(tail)) {
    return `worker ran out of memory${exit.signal ? ` (${exit.signal})` : ''}: ${lastLine(tail)}`;
  }
  if (exit.signal) return `worker process was killed by ${exit.signal}${tail ? `: ${lastLine(tail)}` : ''}`;
  return `worker process exited with code ${exit.code} before finishing${tail ? `: ${lastLine(tail)}` : ''}`;
}

function lastLine(s: string): string {
  const lines = s.split('\n').map((l) => l.trim()).filter(Boolean);
  return (lines[lines.length - 1] ?? '').slice(0, 300);
}

export class JobQueue {
  readonly concurrency: number;
  private readonly o: QueueOptions;
  private readonly waiting: number[] = [];
  private readonly running = new Map<number, Job>();
  private readonly waiters = new Map<number, ((s: RunStatus) => void)[]>();
  private readonly heartbeat: NodeJS.Timeout;
  private closed = false;
  private spare: Slot | null = null;
  /** warm worker processes that finished a run and wait for the next one */
  private readonly idle: Slot[] = [];
  private readonly reuseRuns: number;

  constructor(o: QueueOptions) {
    this.o = o;
    this.concurrency = Math.max(1, Math.floor(o.concurrency ?? defaultConcurrency()));
    this.reuseRuns = Math.max(1, Math.floor(o.reuseRuns ?? 20));
    this.heartbeat = setInterval(() => this.beat(), o.heartbeatMs ?? 200);
    this.heartbeat.unref();
  }

  /** queue a stored run (status 'queued') */
  enqueue(id: number): void {
    if (this.closed) throw new Error('job queue is closed');
    if (this.waiting.includes(id) || this.running.has(id)) return;
    this.waiting.push(id);
    this.pump();
  }

  isActive(id: number): boolean {
    return this.running.has(id) || this.waiting.includes(id);
  }

  progressOf(id: number): LiveProgress | null {
    const j = this.running.get(id);
    if (j) return { ...j.progress, etaSeconds: j.eta.update(j.progress.fraction, Date.now() - j.startedAt) };
    if (this.waiting.includes(id)) return { fraction: 0, phase: 'queued', etaSeconds: null, updatedAt: Date.now() };
    return null;
  }

  /** pid of the worker process executing a run (tests, diagnostics) */
  workerPid(id: number): number | undefined {
    return this.running.get(id)?.handle.pid;
  }

  stats(): { running: number; queued: number } {
    return { running: this.running.size, queued: this.waiting.length };
  }

  /** resolves with the final status of a run handled by this queue */
  waitFor(id: number): Promise<RunStatus> {
    const s = this.o.store.getSummary(id);
    if (s && !this.isActive(id) && s.status !== 'queued' && s.status !== 'running') return Promise.resolve(s.status);
    return new Promise((resolve) => {
      const list = this.waiters.get(id) ?? [];
      list.push(resolve);
      this.waiters.set(id, list);
    });
  }

  /**
   * Cancel a queued or running run. Returns false when this queue does not hold it.
   * A running worker gets a cooperative request, then SIGKILL after the grace period.
   */
  cancel(id: number, reason = 'cancelled by the user'): boolean {
    const qi = this.waiting.indexOf(id);
    if (qi >= 0) {
      this.waiting.splice(qi, 1);
      this.finalize(id, 'cancelled', reason);
      return true;
    }
    const j = this.running.get(id);
    if (!j) return false;
    if (j.cancelRequested) return true;
    j.cancelRequested = true;
    j.progress = { ...j.progress, phase: 'cancelling' };
    j.handle.send({ type: 'cancel' });
    j.killTimer = setTimeout(() => j.handle.kill(), this.o.cancelGraceMs ?? 700);
    return true;
  }

  /** stop everything: kill workers, mark their runs (and the queued ones) interrupted */
  async close(reason = 'interrupted: the app was closed while it ran'): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.heartbeat);
    for (const id of this.waiting.splice(0)) this.finalize(id, 'interrupted', reason);
    const done: Promise<void>[] = [];
    for (const s of this.idle.splice(0)) {
      done.push(new Promise<void>((res) => s.handle.onExit(() => res())));
      s.handle.kill();
    }
    if (this.spare) {
      const h = this.spare.handle;
      this.spare = null;
      done.push(new Promise<void>((res) => h.onExit(() => res())));
      h.kill();
    }
    for (const j of this.running.values()) {
      done.push(new Promise<void>((res) => j.handle.onExit(() => res())));
      if (!j.final) {
        j.final = true;
        this.finalize(j.id, 'interrupted', reason);
      }
      j.handle.kill();
    }
    if (done.length === 0) return;
    // bounded wait for the workers to exit (the timer is cleared: it must not hold a CLI open)
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.all(done), new Promise((r) => (timer = setTimeout(r, 2000)))]);
    clearTimeout(timer);
  }

  private pump(): void {
    while (!this.closed && this.running.size < this.concurrency && this.waiting.length) {
      const id = this.waiting.shift()!;
      this.start(id);
    }
  }

  /** start a spare worker now (the web server and the app call this at start-up) */
  prewarm(): void {
    if (this.closed || this.spare || this.idle.length > 0 || this.o.prewarm === false) return;
    try {
      this.spare = this.spawnSlot();
    } catch {
      this.spare = null;
    }
  }

  private spawnSlot(): Slot {
    const env = { ...(this.o.workerEnv ?? {}), PLRF_WORKER_REUSE: String(this.reuseRuns) };
    const handle = this.o.host.spawn({ env, maxOldSpaceMb: this.o.maxOldSpaceMb });
    const slot: Slot = { handle, ready: false, job: null, start: null, runs: 0 };
    handle.onMessage((m) => {
      if (m.type === 'ready') {
        slot.ready = true;
        slot.start?.();
        return;
      }
      const job = slot.job;
      if (!job) return;
      this.onMessage(job, m);
      if (m.type === 'result') this.release(slot, job);
    });
    handle.onExit((exit) => {
      if (slot.job) this.onExit(slot.job, exit);
      else {
        if (this.spare === slot) this.spare = null;
        const i = this.idle.indexOf(slot);
        if (i >= 0) this.idle.splice(i, 1);
      }
    });
    return slot;
  }

  /**
   * A worker delivered its result: the run is over. The process stays warm for the next queued
   * run if it may run more (it follows the same rule: PLRF_WORKER_REUSE), else it exits itself.
   */
  private release(slot: Slot, job: Job): void {
    slot.runs++;
    if (slot.runs >= this.reuseRuns) return; // the process exits; onExit ends the job as before
    if (job.killTimer) clearTimeout(job.killTimer);
    slot.job = null;
    slot.start = null;
    slot.ready = false; // until its next 'ready'
    this.running.delete(job.id);
    job.resolveDone();
    this.notify(job.id);
    if (this.closed || this.idle.length >= this.concurrency) slot.handle.kill();
    else this.idle.push(slot);
    this.pump();
  }

  private priorOf(kind: string, params: Record<string, unknown>): number | null {
    try {
      return this.o.estimateSeconds?.(kind, params) ?? null;
    } catch {
      return null;
    }
  }

  private start(id: number): void {
    const { store } = this.o;
    const summary = store.getSummary(id);
    if (!summary || !store.markRunning(id, process.pid)) {
      this.notify(id);
      return;
    }
    let slot: Slot;
    try {
      const warm = this.idle.shift();
      if (warm) slot = warm;
      else if (this.spare) {
        slot = this.spare;
        this.spare = null;
      } else slot = this.spawnSlot();
    } catch (e) {
      this.finalize(id, 'failed', `could not start a worker process: ${e instanceof Error ? e.message : String(e)}`);
      queueMicrotask(() => this.pump());
      return;
    }
    const handle = slot.handle;
    const now = Date.now();
    let resolveDone!: () => void;
    const exited = new Promise<void>((r) => (resolveDone = r));
    const job: Job = {
      id,
      handle,
      startedAt: now,
      progress: { fraction: 0, phase: 'starting', etaSeconds: null, updatedAt: now },
      eta: new EtaEstimator(this.priorOf(summary.kind, summary.params)),
      lastEmit: 0,
      cancelRequested: false,
      killTimer: null,
      final: false,
      resolveDone,
    };
    void exited;
    this.running.set(id, job);
    this.o.emit({ type: 'status', runId: id, status: 'running', error: null, emittedAt: now });
    slot.job = job;
    slot.start = () => {
      if (!job.cancelRequested) {
        // finished units saved earlier for this run (copied from the interrupted run it re-runs)
        const resume = store.resumableParts(id);
        handle.send({ type: 'start', runId: id, kind: summary.kind, params: summary.params, ...(resume.length ? { resume } : {}) });
      }
    };
    if (slot.ready) slot.start();
    if (this.o.prewarm !== false && this.waiting.length === 0) queueMicrotask(() => this.prewarm());
  }

  private onMessage(job: Job, m: WorkerToParent): void {
    const { store, emit } = this.o;
    if (job.final) return;
    switch (m.type) {
      case 'ready':
        return;
      case 'progress': {
        if (job.cancelRequested) return;
        const fraction = Math.min(1, Math.max(0, Number.isFinite(m.fraction) ? m.fraction : 0));
        job.progress = { fraction, phase: String(m.phase).slice(0, 200), etaSeconds: null, updatedAt: Date.now() };
        this.emitProgress(job, m.at);
        return;
      }
      case 'partial':
        try {
          store.savePartial(job.id, String(m.key).slice(0, 200), m.value, m.at);
          emit({ type: 'partial', runId: job.id, key: String(m.key).slice(0, 200), emittedAt: m.at });
        } catch (e) {
          this.fail(job, `could not save partial result "${m.key}": ${e instanceof Error ? e.message : String(e)}`);
        }
        return;
      case 'result':
        job.final = true;
        try {
          store.finish(job.id, m.output);
          this.notifyStatus(job.id, 'done', null);
        } catch (e) {
          store.setFinalStatus(job.id, 'failed', `could not store the result: ${e instanceof Error ? e.message : String(e)}`);
          this.notifyStatus(job.id, 'failed', `could not store the result`);
        }
        return;
      case 'cancelled':
        job.final = true;
        this.finalize(job.id, 'cancelled', 'cancelled by the user');
        return;
      case 'error': {
        job.final = true;
        const msg =
          m.name === 'ParamError'
            ? `invalid ${m.message}`
            : m.name === 'OutOfMemory'
              ? m.message
              : /out of memory|memory limit/i.test(m.message)
              ? `worker ran out of memory: ${m.message}`
              : `${m.name && m.name !== 'Error' ? m.name + ': ' : ''}${m.message}`;
        this.finalize(job.id, 'failed', msg.slice(0, 2000));
        return;
      }
    }
  }

  private fail(job: Job, reason: string): void {
    if (job.final) return;
    job.final = true;
    this.finalize(job.id, 'failed', reason);
    job.handle.kill();
  }

  private onExit(job: Job, exit: WorkerExit): void {
    if (job.killTimer) clearTimeout(job.killTimer);
    this.running.delete(job.id);
    if (!job.final) {
      job.final = true;
      if (job.cancelRequested) this.finalize(job.id, 'cancelled', 'cancelled by the user (worker stopped)');
      else this.finalize(job.id, 'failed', describeExit(exit));
    }
    job.resolveDone();
    this.notify(job.id);
    this.pump();
  }

  private emitProgress(job: Job, at = Date.now()): void {
    job.lastEmit = Date.now();
    this.o.emit({
      type: 'progress',
      runId: job.id,
      fraction: job.progress.fraction,
      phase: job.progress.phase,
      etaSeconds: job.eta.update(job.progress.fraction, Date.now() - job.startedAt),
      emittedAt: at,
    });
  }

  private beat(): void {
    const now = Date.now();
    const cap = this.o.memoryCapBytes;
    if (cap && this.o.residentBytes) {
      for (const j of this.running.values()) {
        if (j.final || j.handle.pid === undefined) continue;
        const rss = this.o.residentBytes(j.handle.pid);
        if (rss !== null && rss > cap)
          this.fail(j, `out of memory: the worker used ${(rss / 1024 ** 3).toFixed(2)} GiB, over its cap of ${(cap / 1024 ** 3).toFixed(2)} GiB (the estimate was too low); the run was stopped`);
      }
    }
    // silent for 800 ms → re-emit (with the 200 ms tick: never more than ~1 s between events)
    for (const j of this.running.values()) if (!j.final && now - j.lastEmit >= 800) this.emitProgress(j, now);
  }

  private finalize(id: number, status: 'failed' | 'cancelled' | 'interrupted', error: string): void {
    if (this.o.store.setFinalStatus(id, status, error)) this.notifyStatus(id, status, error);
    if (!this.running.has(id)) this.notify(id);
  }

  private notifyStatus(id: number, status: RunStatus, error: string | null): void {
    this.o.emit({ type: 'status', runId: id, status, error, emittedAt: Date.now() });
    if (!this.running.has(id)) this.notify(id);
  }

  private notify(id: number): void {
    if (this.running.has(id)) return;
    const list = this.waiters.get(id);
    if (!list) return;
    this.waiters.delete(id);
    const s = this.o.store.getSummary(id)?.status ?? 'failed';
    for (const r of list) r(s);
  }
}
