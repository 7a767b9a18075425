// Reference one-pass SGD exactly as DESIGN.md §1, O(B·v·d) per step: x ~ N(0, D) in latent space,
// y = ⟨x, b⟩, φ = W̃ᵀx, θ ← θ − γ Σ_b φ_b (⟨φ_b, θ⟩ − y_b), θ₀ = 0, and the exact risk
// R(θ) = ‖D^{1/2}(W̃θ − b)‖² at the checkpoints (before the t-th update; t = 0 is R(0) = ‖a‖²).
// Run r draws from Rng.stream(seed, draw, runOffset + r): v normals per batch element.
// This is the slow simulator that the rotated one (sgd-rotated.ts) is tested against.
import type { Problem } from '../model/problem';
import { Rng } from '../rng/rng';
import { DIVERGENCE_FACTOR, checkSgdArgs, type SgdOptions, type SgdRunsResult } from './sgd-runs';

export function exactRisk(problem: Problem, theta: Float64Array): number {
  const { v, d, D, b, W } = problem;
  let s = 0;
  for (let i = 0; i < v; i++) {
    let p = -b[i]!;
    const row = i * d;
    for (let k = 0; k < d; k++) p += W[row + k]! * theta[k]!;
    s += D[i]! * p * p;
  }
  return s;
}

/**
 * The batch gradient Σ_{b≤B} φ_b(⟨φ_b, θ⟩ − y_b) of one step, sampled naively: B·v normals from
 * `rng` (x = D^{1/2}g, y = ⟨x, b⟩, φ = W̃ᵀx), into `grad`. Shared by plain SGD and the optimizer
 * family (sgd-family.ts) so both consume the random stream identically. sqD = √D; x (v) and phi
 * (d) are scratch.
 */
export function naiveBatchGradient(problem: Problem, sqD: Float64Array, theta: Float64Array, B: number, rng: Rng, x: Float64Array, phi: Float64Array, grad: Float64Array): void {
  const { v, d, b, W } = problem;
  grad.fill(0);
  for (let bb = 0; bb < B; bb++) {
    rng.fillNormal(x);
    let y = 0;
    phi.fill(0);
    for (let i = 0; i < v; i++) {
      const xi = sqD[i]! * x[i]!;
      y += xi * b[i]!;
      const row = i * d;
      for (let kk = 0; kk < d; kk++) phi[kk] = phi[kk]! + W[row + kk]! * xi;
    }
    let pred = 0;
    for (let kk = 0; kk < d; kk++) pred += phi[kk]! * theta[kk]!;
    const res = pred - y;
    for (let kk = 0; kk < d; kk++) grad[kk] = grad[kk]! + phi[kk]! * res;
  }
}

export function sgdNaive(problem: Problem, opts: SgdOptions, checkpoints: number[]): SgdRunsResult {
  checkSgdArgs(opts, checkpoints);
  const { v, d, D } = problem;
  const { gamma, batch: B, runs } = opts;
  const sqD = Float64Array.from(D, Math.sqrt);
  const theta = new Float64Array(d);
  const grad = new Float64Array(d);
  const x = new Float64Array(v);
  const phi = new Float64Array(d);
  const nc = checkpoints.length;
  const curves = new Float64Array(runs * nc);
  const divergence: { run: number; step: number }[] = [];
  const last = nc ? checkpoints[nc - 1]! : 0;
  let updates = 0;
  let cancelled = false;
  const off = opts.runOffset ?? 0;
  for (let r = 0; r < runs && !cancelled; r++) {
    const rng = Rng.stream(opts.seed, opts.draw, off + r);
    theta.fill(0);
    let k = 0;
    let next = nc ? checkpoints[0]! : -1; // never read past the end (keeps V8 on the fast path)
    let R0 = NaN;
    for (let t = 0; ; t++) {
      if (t === next) {
        const R = exactRisk(problem, theta);
        if (k === 0) R0 = R;
        if (!Number.isFinite(R) || R > DIVERGENCE_FACTOR * (R0 > 0 ? R0 : 1)) {
          divergence.push({ run: r, step: t });
          for (let kk = k; kk < nc; kk++) curves[r * nc + kk] = NaN;
          break;
        }
        curves[r * nc + k] = R;
        k++;
        next = k < nc ? checkpoints[k]! : -1;
      }
      if (t >= last) break;
      if ((t & 0xff) === 0xff && opts.cancelled?.()) {
        cancelled = true;
        break;
      }
      naiveBatchGradient(problem, sqD, theta, B, rng, x, phi, grad);
      for (let kk = 0; kk < d; kk++) theta[kk] = theta[kk]! - gamma * grad[kk]!;
      updates += B * d;
    }
    opts.progress?.((r + 1) / runs);
  }
  return { curves, runs, checkpoints, divergence, cancelled, updates };
}
