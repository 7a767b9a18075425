// Worker thread of the study pool (pool.ts): computes study jobs with this thread's own
// linear-algebra backend and posts the curves back (buffers transferred, not copied).
import { parentPort } from 'node:worker_threads';
import { getBackend } from '../linalg/select';
import { computeJob, type StudyUnit } from '../../src-shared/study/units';
import type { StudySpec } from '../../src-shared/params/study-params';
import { isParamError } from '../../src-shared/params/errors';

const port = parentPort;
if (!port) throw new Error('unit-worker: must run in a worker thread');
const backend = getBackend();

port.on('message', (msg: { spec: StudySpec; units: StudyUnit[] }) => {
  try {
    for (const r of computeJob(msg.spec, msg.units, backend)) port.postMessage({ ok: true, result: r }, [r.r.buffer as ArrayBuffer, r.risk.buffer as ArrayBuffer, ...(r.runCurves ?? []).map((c) => c.buffer as ArrayBuffer)]);
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    port.postMessage({ ok: false, index: msg.units[0]?.index ?? -1, name: err.name, message: err.message, param: isParamError(e) ? e.param : undefined, stack: err.stack });
  }
});
port.postMessage({ ready: true, backend: backend.name });
