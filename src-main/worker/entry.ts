// Worker entry: runs ONE task (one run) and reports to the job service.
//
// Two halves: the process side (process-main.mjs, plain JavaScript: talks to the parent and
// owns the cancel flag) and the task thread (below: loads the registry, runs the task, posts
// progress / partials / the result). Cancellation and progress never wait for the computation:
// a cancel request sets a SharedArrayBuffer flag that ctx.cancelled() reads (Atomics). If the
// task does not stop cooperatively, the parent kills the process (SIGKILL) after a grace period.
//
// Built (out/node/<id>/worker.js for the CLI and the web mode, out/main/worker.js for the app's
// utilityProcess) this file is the worker program: the main thread calls processMain with this
// same file as the thread script. From the TypeScript sources (tests) the job service forks
// process-main.mjs and the thread comes here through thread-boot.mjs (tsx, dev only).
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import type { WorkerToParent } from './protocol';
import { processMain } from './process-main.mjs';
import { describeEngineError } from '../../src-shared/compute/engine-errors';

interface ThreadData {
  flag: SharedArrayBuffer;
}

interface RunMsg {
  type: 'run';
  runId: number;
  kind: string;
  params: Record<string, unknown>;
  resume?: { key: string; value: unknown }[];
}

type ThreadMsg = WorkerToParent;

// ---- task thread ----

async function threadMain(): Promise<void> {
  const port = parentPort!;
  const data = workerData as ThreadData;
  const flag = new Int32Array(data.flag);
  const post = (m: ThreadMsg | { type: 'loaded' }) => port.postMessage(m);
  const fail = (e: unknown) => {
    const err = e instanceof Error ? e : new Error(String(e));
    // no raw engine exception reaches the user (allocation failures read "out of memory")
    const d = describeEngineError(e);
    post({ type: 'error', name: d.name, message: d.message, param: (err as { param?: string }).param, stack: err.stack });
  };
  let loaded: {
    getKind: typeof import('../../src-shared/compute/registry').getKind;
    env: import('../../src-shared/compute/registry').TaskEnv;
  };
  try {
    const { getKind } = await import('../../src-shared/compute/registry');
    for (const extra of (process.env.PLRF_EXTRA_KINDS ?? '').split(',').filter(Boolean)) await import(extra);
    const { loadTaskEnv } = await import('./task-env');
    loaded = { getKind, env: (await loadTaskEnv()).env };
  } catch (e) {
    fail(e);
    return;
  }
  post({ type: 'loaded' });
  // one run at a time; a reused (warm) process sends the next run after the previous result
  port.on('message', (msg: RunMsg) => {
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
            ...(msg.resume?.length ? { resume: msg.resume } : {}),
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

if (isMainThread) {
  const self = fileURLToPath(import.meta.url);
  // entry.ts itself started under tsx (e.g. a utilityProcess from source): the thread needs tsx too
  processMain(self.endsWith('.ts') ? self.replace(/entry\.ts$/, 'thread-boot.mjs') : self);
}
else void threadMain();
