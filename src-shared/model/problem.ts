// One draw of the PLRF problem (DESIGN.md §1): D = diag(j^{-2α}), b_j = j^{-β}, a = D^{1/2}b
// (j = 1..v), and the spiked features W̃ = τ b 1_dᵀ + Z with Z iid N(0, 1/d), τ = c/√d.
// W̃ is v×d row-major (W[i*d + k]). Z is drawn from Rng.stream(seed, draw, PROBLEM_STREAM),
// row by row, so a draw is reproducible from (seed, draw) alone on every platform.
import { ParamError } from '../params/errors';
import { PROBLEM_STREAM, Rng } from '../rng/rng';
import { spectralArrays, type DataSpectrum } from '../spectrum/source';

export interface ProblemSpec {
  alpha: number;
  beta: number;
  v: number;
  d: number;
  /** c in τ = c/√d */
  tau: number;
  seed: number;
  draw: number;
  /** a data spectrum in place of (α, β) (spectrum/source.ts; the first v entries are used) */
  spectrum?: DataSpectrum;
}

export interface Problem {
  v: number;
  d: number;
  /** the spike strength actually used, τ = c/√d */
  tauValue: number;
  /** diagonal of D, length v */
  D: Float64Array;
  /** target coefficients b, length v */
  b: Float64Array;
  /** a = D^{1/2} b, length v */
  a: Float64Array;
  /** W̃, v×d row-major */
  W: Float64Array;
}

/** the deterministic part of the problem: D, b, a (no random draw) */
export function powerLawData(alpha: number, beta: number, v: number): { D: Float64Array; b: Float64Array; a: Float64Array } {
  const D = new Float64Array(v);
  const b = new Float64Array(v);
  const a = new Float64Array(v);
  for (let j = 1; j <= v; j++) {
    D[j - 1] = Math.pow(j, -2 * alpha);
    b[j - 1] = Math.pow(j, -beta);
    a[j - 1] = Math.pow(j, -alpha - beta);
  }
  return { D, b, a };
}

export function makeProblem(spec: ProblemSpec): Problem {
  const { alpha, beta, v, d, tau, seed, draw, spectrum } = spec;
  if (!spectrum && !(alpha > 0)) throw new ParamError('alpha', `must be > 0, got ${alpha}`);
  if (!spectrum && !Number.isFinite(beta)) throw new ParamError('beta', `must be a finite number, got ${beta}`);
  if (!(Number.isInteger(v) && v >= 2)) throw new ParamError('v', `must be an integer ≥ 2, got ${v}`);
  if (!(Number.isInteger(d) && d >= 1 && d < v)) throw new ParamError('d', `must be an integer with 1 ≤ d < v, got d = ${d}, v = ${v}`);
  if (!(tau >= 0 && Number.isFinite(tau))) throw new ParamError('tau', `must be a number c ≥ 0, got ${tau}`);
  const { D, b, a } = spectrum ? spectralArrays({ kind: 'data', spectrum }, v) : powerLawData(alpha, beta, v);
  const W = new Float64Array(v * d);
  Rng.stream(seed, draw, PROBLEM_STREAM).fillNormal(W, 1 / Math.sqrt(d));
  const tauValue = tau / Math.sqrt(d);
  if (tauValue !== 0) {
    for (let i = 0; i < v; i++) {
      const s = tauValue * b[i]!;
      const row = i * d;
      for (let k = 0; k < d; k++) W[row + k] = W[row + k]! + s;
    }
  }
  return { v, d, tauValue, D, b, a, W };
}
