// Worker process entry: runs ONE task (one run) and reports to the job service.
//
// The process's main thread only talks to the parent (child_process IPC under Node, or
// process.parentPort under Electron utilityProcess) and starts a worker_thread (this same
// file) that runs the task. That way cancellation and progress never wait for the
// computation: a cancel request sets a SharedArrayBuffer flag that ctx.cancelled() reads
// (Atomics), and progress/partials are forwarded while the task thread is busy. If the task
// does not stop cooperatively, the parent kills the process (SIGKILL) after a grace period.
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import type { ParentToWorker, WorkerToParent } from './protocol';

interface ThreadData {
  flag: SharedArrayBuffer;
}

interface RunMsg {
  type: 'run';
  runId: number;
  kind: string;
  params: Record<string, unknown>;
}

type ThreadMsg = WorkerToParent;

// ---- process side ----

interface ParentLink {
  send(msg: WorkerToParent, done?: () => void): void;
  onMessage(cb: (msg: ParentToWorker) => void): void;
}

function parentLink(): ParentLink {
  const pp = (process as unknown as { parentPort?: { on(ev: 'message', cb: (e: { data: unknown }) => void): void; postMessage(m: unknown): void } }).parentPort;
  if (pp) {
    return {
      send: (msg, done) => {
        pp.postMessage(msg);
        done?.();
      },
      onMessage: (cb) => pp.on('message', (e) => cb(e.data as ParentToWorker)),
    };
  }
  if (!process.send) throw new Error('worker entry must be started by the job service (no IPC channel)');
  return {
    send: (msg, done) => {
      if (!process.connected) return done?.();
      process.send!(msg, undefined, {}, () => done?.());
    },
    onMessage: (cb) => process.on('message', (m) => cb(m as ParentToWorker)),
  };
}

function processMain(): void {
  const link = parentLink();
  const flag = new Int32Array(new SharedArrayBuffer(4));
  let started = false;
  let finished = false;
  const finish = (msg: WorkerToParent) => {
    if (finished) return;
    finished = true;
    link.send(msg, () => setTimeout(() => process.exit(0), 10));
  };

  // the parent going away means nobody wants the result
  process.on('disconnect', () => process.exit(0));

  // start the task thread right away: it loads the numerics while we wait for a run
  const self = fileURLToPath(import.meta.url);
  // from source the thread needs tsx registered first (thread-boot.mjs); bundled: this file
  const script = self.endsWith('.ts') ? self.replace(/entry\.ts$/, 'thread-boot.mjs') : self;
  const heapMb = Number(process.env.PLRF_WORKER_HEAP_MB);
  const thread = new Worker(script, {
    workerData: { flag: flag.buffer },
    ...(Number.isFinite(heapMb) && heapMb > 0 ? { resourceLimits: { maxOldGenerationSizeMb: heapMb } } : {}),
  });
  let lastProgress = 0;
  let lastPhase = '';
  let readySent = false;
  thread.on('message', (m: ThreadMsg | { type: 'loaded' }) => {
    if (m.type === 'loaded') {
      if (!readySent) {
        readySent = true;
        link.send({ type: 'ready', pid: process.pid });
      }
      return;
    }
    if (m.type === 'progress') {
      // throttle to ≤ 20/s; always pass phase changes and completion
      const now = Date.now();
      if (now - lastProgress < 50 && m.phase === lastPhase && m.fraction < 1) return;
      lastProgress = now;
      lastPhase = m.phase;
      link.send(m);
    } else if (m.type === 'partial') {
      link.send(m);
    } else {
      finish(m);
    }
  });
  thread.on('error', (e) => finish({ type: 'error', name: e.name, message: e.message, stack: e.stack }));
  thread.on('exit', (code) => {
    if (!finished) finish({ type: 'error', name: 'Error', message: `task thread exited with code ${code} without a result` });
  });

  link.onMessage((msg) => {
    if (msg.type === 'cancel') {
      Atomics.store(flag, 0, 1);
      if (!started) finish({ type: 'cancelled' });
      return;
    }
    if (msg.type !== 'start' || started) return;
    started = true;
    const run: RunMsg = { type: 'run', runId: msg.runId, kind: msg.kind, params: msg.params };
    thread.postMessage(run);
  });
}

// ---- task thread ----

async function loadBackend(): Promise<import('../../src-shared/linalg/backend').LinalgBackend> {
  try {
    const { getBackend } = await import('../linalg/select');
    return getBackend();
  } catch {
    const { portableBackend } = await import('../../src-shared/linalg/portable');
    return portableBackend;
  }
}

async function threadMain(): Promise<void> {
  const port = parentPort!;
  const data = workerData as ThreadData;
  const flag = new Int32Array(data.flag);
  const post = (m: ThreadMsg | { type: 'loaded' }) => port.postMessage(m);
  const fail = (e: unknown) => {
    const err = e instanceof Error ? e : new Error(String(e));
    post({ type: 'error', name: err.name, message: err.message, param: (err as { param?: string }).param, stack: err.stack });
  };
  let loaded: {
    getKind: typeof import('../../src-shared/compute/registry').getKind;
    env: import('../../src-shared/compute/registry').TaskEnv;
  };
  try {
    const { getKind } = await import('../../src-shared/compute/registry');
    for (const extra of (process.env.PLRF_EXTRA_KINDS ?? '').split(',').filter(Boolean)) await import(extra);
    const backend = await loadBackend();
    const { threadExecutor } = await import('../study/pool');
    loaded = { getKind, env: { backend, studyExecutor: () => threadExecutor({ fallbackBackend: backend }) } };
  } catch (e) {
    fail(e);
    return;
  }
  post({ type: 'loaded' });
  port.once('message', (msg: RunMsg) => {
    void (async () => {
      try {
        const spec = loaded.getKind(msg.kind);
        const params = spec.validate(msg.params);
        const output = await spec.run(
          params,
          loaded.env,
          {
            progress: (p) => post({ type: 'progress', fraction: p.fraction, phase: p.phase, at: Date.now() }),
            cancelled: () => Atomics.load(flag, 0) === 1,
            partial: (key, value) => post({ type: 'partial', key, value, at: Date.now() }),
          },
        );
        if (Atomics.load(flag, 0) === 1) post({ type: 'cancelled' });
        else post({ type: 'result', output });
      } catch (e) {
        if (e instanceof Error && e.name === 'CancelledError') post({ type: 'cancelled' });
        else fail(e);
      }
    })();
  });
}

if (isMainThread) processMain();
else void threadMain();
