// What a user sees when the engine throws something that is not a ParamError: allocation
// failures (RangeError "Invalid typed array length", "Array buffer allocation failed") become a
// clear "out of memory" sentence, anything else "engine error: <message>" — never a raw
// RangeError/TypeError name and stack (issue 12).
import { isParamError } from '../params/errors';

const ALLOC = /invalid typed array length|array buffer allocation failed|invalid array length|invalid string length|allocation failed|out of memory/i;

export function describeEngineError(e: unknown): { name: string; message: string } {
  if (isParamError(e)) return { name: 'ParamError', message: (e as Error).message };
  const err = e instanceof Error ? e : new Error(String(e));
  if (err.name === 'CancelledError') return { name: 'CancelledError', message: 'cancelled' };
  if (ALLOC.test(err.message)) return { name: 'OutOfMemory', message: `out of memory: the computation could not allocate its arrays (${err.message}); lower the sizes (v, d, runs, batch, checkpoints)` };
  if (err.name === 'RangeError' || err.name === 'TypeError') return { name: 'EngineError', message: `engine error: ${err.message}` };
  return { name: err.name === 'Error' ? 'Error' : 'EngineError', message: err.message };
}
