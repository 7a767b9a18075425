// Process side of a worker (plain JavaScript, so a worker process starts without compiling
// TypeScript): talks to the job service — child_process IPC under Node, process.parentPort
// under Electron utilityProcess — and runs the task in a worker_thread (entry.ts, through
// thread-boot.mjs when running from source). A cancel request sets a SharedArrayBuffer flag the
// task polls via ctx.cancelled(); progress (throttled to ≤ 20/s, trailing) and partial results
// are forwarded while the task thread computes. Messages: src-main/worker/protocol.ts.
import { isMainThread, Worker } from 'node:worker_threads';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** @returns {{ send(msg: object, done?: () => void): void, onMessage(cb: (msg: any) => void): void }} */
function parentLink() {
  const pp = /** @type {any} */ (process).parentPort;
  if (pp) {
    return {
      send: (msg, done) => {
        pp.postMessage(msg);
        done?.();
      },
      onMessage: (cb) => pp.on('message', (e) => cb(e.data)),
    };
  }
  if (!process.send) throw new Error('the worker must be started by the job service (no IPC channel)');
  return {
    send: (msg, done) => {
      if (!process.connected) return done?.();
      process.send(msg, undefined, {}, () => done?.());
    },
    onMessage: (cb) => process.on('message', (m) => cb(m)),
  };
}

/** @param {string} threadScript file of the task thread (runs entry.ts's thread side) */
export function processMain(threadScript) {
  const link = parentLink();
  const flag = new Int32Array(new SharedArrayBuffer(4));
  let started = false;
  let finished = false;
  // warm reuse (PLRF_WORKER_REUSE = runs per process, set by the job queue): after a RESULT the
  // process and its task thread stay loaded and announce 'ready' for the next run; errors,
  // cancellations and the last allowed run end the process as before
  const maxRuns = Math.max(1, Number(process.env.PLRF_WORKER_REUSE) || 1);
  let runsDone = 0;
  const finish = (msg) => {
    if (finished) return;
    finished = true;
    runsDone++;
    if (msg.type === 'result' && runsDone < maxRuns && Atomics.load(flag, 0) === 0) {
      link.send(msg);
      started = false;
      finished = false;
      pending = null;
      if (pendingTimer) clearTimeout(pendingTimer);
      pendingTimer = null;
      lastPhase = '';
      link.send({ type: 'ready', pid: process.pid });
      return;
    }
    link.send(msg, () => setTimeout(() => process.exit(0), 10));
  };

  // the parent going away means nobody wants the result
  process.on('disconnect', () => process.exit(0));

  // start the task thread right away: it loads the numerics while we wait for a run
  const heapMb = Number(process.env.PLRF_WORKER_HEAP_MB);
  const thread = new Worker(threadScript, {
    workerData: { flag: flag.buffer },
    ...(Number.isFinite(heapMb) && heapMb > 0 ? { resourceLimits: { maxOldGenerationSizeMb: heapMb } } : {}),
  });
  let lastProgress = 0;
  let lastPhase = '';
  let pending = null;
  let pendingTimer = null;
  let readySent = false;
  thread.on('message', (m) => {
    if (m.type === 'loaded') {
      if (!readySent) {
        readySent = true;
        link.send({ type: 'ready', pid: process.pid });
      }
      return;
    }
    if (m.type === 'progress') {
      const now = Date.now();
      if (now - lastProgress < 50 && m.phase === lastPhase && m.fraction < 1) {
        pending = m;
        if (!pendingTimer)
          pendingTimer = setTimeout(() => {
            pendingTimer = null;
            if (pending && !finished) {
              lastProgress = Date.now();
              link.send(pending);
            }
            pending = null;
          }, 50 - (now - lastProgress));
        return;
      }
      pending = null;
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
    thread.postMessage({ type: 'run', runId: msg.runId, kind: msg.kind, params: msg.params, resume: msg.resume });
  });
}

// started directly (Node fork from the TypeScript sources, i.e. tests): the task thread is
// entry.ts behind the tsx bootstrap (dev only). Built code forks worker.js instead.
// (Inside a bundle import.meta.url is the bundle's, so this does not fire there: entry.ts calls.)
const self = fileURLToPath(import.meta.url);
if (isMainThread && self.endsWith('process-main.mjs') && process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  processMain(fileURLToPath(new URL('./thread-boot.mjs', import.meta.url)));
}
