// Worker thread of the study pool (pool.ts): takes the jobs of a run one by one from the shared
// claim counter (next job in plan order, as every other lane), computes them with this thread's
// own linear-algebra backend and posts the curves back unit by unit (buffers transferred, not
// copied). Stops claiming when the counter is past the last job (the run is done or aborted).
import { parentPort } from 'node:worker_threads';
import { getBackend } from '../linalg/select';
import { computeJob } from '../../src-shared/study/units';
import { isParamError } from '../../src-shared/params/errors';
import type { WorkerRun } from './pool';

const port = parentPort;
if (!port) throw new Error('unit-worker: must run in a worker thread');
const backend = getBackend();

port.on('message', (msg: WorkerRun) => {
  const claims = new Int32Array(msg.claims);
  const slots = msg.progress ? new Float64Array(msg.progress) : null;
  let done = 0;
  for (;;) {
    const j = Atomics.add(claims, 0, 1);
    if (j >= msg.jobs.length) return;
    Atomics.store(claims, 1 + j, msg.lane);
    const units = msg.jobs[j]!;
    const w = units.reduce((a, u) => a + u.cost, 0);
    try {
      // progress (pool.ts slots): the cost this lane has done in the run, its current job's part included
      const res = computeJob(msg.spec, units, backend, undefined, slots ? (f) => void (slots[msg.lane] = done + f * w) : undefined);
      done += w;
      if (slots) slots[msg.lane] = done;
      for (const r of res) port.postMessage({ ok: true, result: r }, [r.r.buffer as ArrayBuffer, r.risk.buffer as ArrayBuffer, ...(r.runCurves ?? []).map((c) => c.buffer as ArrayBuffer)]);
    } catch (e) {
      const err = e instanceof Error ? e : new Error(String(e));
      port.postMessage({ ok: false, index: units[0]?.index ?? -1, name: err.name, message: err.message, param: isParamError(e) ? e.param : undefined, stack: err.stack });
      return;
    }
  }
});
port.postMessage({ ready: true, backend: backend.name });
