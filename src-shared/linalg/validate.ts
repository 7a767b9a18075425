// Argument checks shared by every linear-algebra backend: a ParamError naming the argument and
// the allowed range, raised before any work starts (O(size) checks, no numerics).
import { ParamError } from '../params/errors';

function checkDim(name: string, n: number): void {
  if (!Number.isInteger(n) || n < 1) throw new ParamError(name, `must be a positive integer (got ${n})`);
}

function checkFinite(name: string, x: Float64Array): void {
  for (let i = 0; i < x.length; i++) {
    const t = x[i]!;
    if (t - t !== 0) throw new ParamError(`${name}.${i}`, `must be finite (got ${t})`);
  }
}

export function checkSymArgs(A: Float64Array, n: number): void {
  checkDim('n', n);
  if (!(A instanceof Float64Array)) throw new ParamError('A', 'must be a Float64Array');
  if (A.length !== n * n) throw new ParamError('A', `must have length n² = ${n * n} (got ${A.length})`);
  checkFinite('A', A);
}

export function checkVectors(xs: Float64Array[], n: number): void {
  if (!Array.isArray(xs)) throw new ParamError('xs', 'must be an array of Float64Array');
  xs.forEach((x, r) => {
    if (!(x instanceof Float64Array)) throw new ParamError(`xs.${r}`, 'must be a Float64Array');
    if (x.length !== n) throw new ParamError(`xs.${r}`, `must have length n = ${n} (got ${x.length})`);
    checkFinite(`xs.${r}`, x);
  });
}

export function checkGramArgs(W: Float64Array, D: Float64Array, v: number, d: number): void {
  checkDim('v', v);
  checkDim('d', d);
  if (!(W instanceof Float64Array)) throw new ParamError('W', 'must be a Float64Array');
  if (!(D instanceof Float64Array)) throw new ParamError('D', 'must be a Float64Array');
  if (W.length !== v * d) throw new ParamError('W', `must have length v·d = ${v * d} (got ${W.length})`);
  if (D.length !== v) throw new ParamError('D', `must have length v = ${v} (got ${D.length})`);
  checkFinite('W', W);
  checkFinite('D', D);
}
