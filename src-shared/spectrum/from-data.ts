// A data spectrum from a data matrix X (n samples × p features) and a target vector y (issue 14).
// Convention: columns of X and y are centred; Σ = X_cᵀX_c/n (the feature covariance) = U diag(λ) Uᵀ,
// g = X_cᵀy_c/n. The linear target is β̂ = Σ⁺g (least squares), and in the eigenbasis
//   b_j = u_jᵀβ̂ = u_jᵀg/λ_j,   a_j² = λ_j b_j² = (u_jᵀg)²/λ_j (the variance direction j explains).
// Only the spectral measure (λ_j, (u_jᵀg)²) is needed (backend.spectralMeasure), so b_j is taken
// ≥ 0: the sign of each b_j does not change the law of anything the engines compute (flip row j of
// W̃ — Z is symmetric in law and the spike τb_j flips with it). Directions with
// λ_j ≤ ZERO_REL·p·λ_max (constant features, exact collinearity) carry no signal and are dropped,
// with a note. The part of Var(y) that no linear function of x explains is reported (the PLRF
// target is noiseless; that part is not modelled).
import type { LinalgBackend } from '../linalg/backend';
import { ParamError } from '../params/errors';
import { makeDataSpectrum } from './source';
import type { Matrix, ParsedSpectrum } from './spectrum-file';

export const ZERO_REL = 1e-12;

export interface DataSpectrumInfo extends ParsedSpectrum {
  samples: number;
  features: number;
  dropped: number;
  /** Var(y) and the fraction of it explained linearly */
  targetVariance: number;
  explained: number;
}

export function spectrumFromData(name: string, X: Matrix, y: Float64Array, backend: LinalgBackend): DataSpectrumInfo {
  const { rows: n, cols: p } = X;
  if (y.length !== n) throw new ParamError('target', `has ${y.length} entries but the data matrix has ${n} rows (samples)`);
  if (n < 2) throw new ParamError('data', `needs at least 2 samples, got ${n}`);
  if (p < 2) throw new ParamError('data', `needs at least 2 features (columns), got ${p}`);
  const mean = new Float64Array(p);
  for (let i = 0; i < n; i++) for (let k = 0; k < p; k++) mean[k] = mean[k]! + X.data[i * p + k]!;
  for (let k = 0; k < p; k++) mean[k] = mean[k]! / n;
  let ym = 0;
  for (let i = 0; i < n; i++) ym += y[i]!;
  ym /= n;
  const Xc = new Float64Array(n * p);
  for (let i = 0; i < n; i++) for (let k = 0; k < p; k++) Xc[i * p + k] = X.data[i * p + k]! - mean[k]!;
  const w = new Float64Array(n).fill(1 / n);
  const S = backend.gram(Xc, w, n, p);
  const g = new Float64Array(p);
  let vy = 0;
  for (let i = 0; i < n; i++) {
    const yi = y[i]! - ym;
    vy += yi * yi;
    for (let k = 0; k < p; k++) g[k] = g[k]! + (Xc[i * p + k]! * yi) / n;
  }
  vy /= n;
  const sm = backend.spectralMeasure(S, p, [g]);
  let lmax = 0;
  for (const l of sm.values) lmax = Math.max(lmax, l);
  const tol = ZERO_REL * p * lmax;
  const lam: number[] = [];
  const bb: number[] = [];
  let expl = 0;
  for (let j = p - 1; j >= 0; j--) {
    const l = sm.values[j]!;
    if (!(l > tol)) continue;
    lam.push(l);
    const wj = sm.weights[0]![j]!;
    bb.push(Math.sqrt(wj) / l);
    expl += wj / l;
  }
  const dropped = p - lam.length;
  if (lam.length < 2) throw new ParamError('data', `the covariance has ${lam.length} nonzero eigenvalue(s); need v ≥ 2`);
  const notes: string[] = [];
  if (dropped) notes.push(`${dropped} of ${p} covariance directions have eigenvalue ≈ 0 (≤ ${tol.toExponential(2)}) and were dropped`);
  const explained = vy > 0 ? Math.min(1, expl / vy) : 0;
  if (vy > 0 && explained < 0.999) notes.push(`a linear function of x explains ${(100 * explained).toFixed(1)}% of Var(y); the rest is not modelled (noiseless PLRF target)`);
  return { spectrum: makeDataSpectrum(name, lam, bb), notes, samples: n, features: p, dropped, targetVariance: vy, explained };
}
