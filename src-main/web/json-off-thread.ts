// JSON.parse of large request bodies (importRun: up to 64 MiB) in a worker thread, so one big
// request does not freeze the server's event loop for every other client. The text goes to the
// thread as a transferred UTF-8 buffer; the parsed value comes back by structured clone.
// Small bodies are parsed inline (a thread costs a few milliseconds to start).
import { Worker } from 'node:worker_threads';

export const OFF_THREAD_BYTES = 1024 * 1024;

const CODE = `
const { parentPort, workerData } = require('node:worker_threads');
try {
  const text = new TextDecoder().decode(workerData);
  parentPort.postMessage({ ok: true, value: JSON.parse(text) });
} catch (e) {
  parentPort.postMessage({ ok: false, message: String(e && e.message || e) });
}`;

export function parseJsonOffThread(text: string): Promise<unknown> {
  const buf = new TextEncoder().encode(text);
  return new Promise((resolve, reject) => {
    const w = new Worker(CODE, { eval: true, workerData: buf, transferList: [buf.buffer as ArrayBuffer] });
    let settled = false;
    w.once('message', (m: { ok: boolean; value?: unknown; message?: string }) => {
      settled = true;
      if (m.ok) resolve(m.value);
      else reject(new SyntaxError(m.message));
      void w.terminate();
    });
    w.once('error', (e) => {
      if (!settled) reject(e);
    });
    w.once('exit', () => {
      if (!settled) reject(new Error('JSON parser thread stopped'));
    });
  });
}
