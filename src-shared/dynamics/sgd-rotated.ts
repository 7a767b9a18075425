// One-pass SGD simulated exactly in law in the eigenbasis of K (DESIGN.md §2), O(B·d) per step.
// With e = Uᵀ(θ − θ*): features φ̃ = Λ^{1/2}g, g ~ N(0, I_d); label noise ε ~ N(0, σ²) independent
// of φ̃ (y = ⟨φ, θ*⟩ + ε since (φ, y) is jointly Gaussian); the step
//   e ← e − γ Σ_{b=1..B} φ̃_b (⟨φ̃_b, e⟩ − ε_b),   risk R = σ² + Σ_j λ_j e_j².
// Start e₀ = −Uᵀθ* (θ₀ = 0). Only |e₀_j| = √m0_j matters: flipping the sign of e_j and g_j
// together leaves the law invariant, so e₀ = −√m0 is used. Run r draws from
// Rng.stream(seed, draw, runOffset + r): per step, for each batch element, d normals for g then
// one for ε. Risk at step t is measured before the t-th update (t = 0 is R(0)).
import type { SpectralProblem } from './measure';
import { Rng } from '../rng/rng';
import { DIVERGENCE_FACTOR, checkSgdArgs, type SgdOptions, type SgdRunsResult } from './sgd-runs';

export function sgdRotated(problem: SpectralProblem, opts: SgdOptions, checkpoints: number[]): SgdRunsResult {
  checkSgdArgs(opts, checkpoints);
  const { gamma, batch: B, runs } = opts;
  const lambda = problem.lambda;
  const d = lambda.length;
  const sigma = Math.sqrt(problem.sigma2);
  const sq = Float64Array.from(lambda, (l) => Math.sqrt(Math.max(0, l)));
  const e = new Float64Array(d);
  const G = new Float64Array(B * d);
  const res = new Float64Array(B);
  let cur = new Float64Array(d);
  let prev = new Float64Array(d);
  const nc = checkpoints.length;
  const curves = new Float64Array(runs * nc);
  const divergence: { run: number; step: number }[] = [];
  const last = nc ? checkpoints[nc - 1]! : 0;
  const risk = (): number => {
    let s = problem.sigma2;
    for (let j = 0; j < d; j++) s += lambda[j]! * e[j]! * e[j]!;
    return s;
  };
  let updates = 0;
  let cancelled = false;
  const off = opts.runOffset ?? 0;
  for (let r = 0; r < runs && !cancelled; r++) {
    const rng = Rng.stream(opts.seed, opts.draw, off + r);
    for (let j = 0; j < d; j++) e[j] = -Math.sqrt(problem.m0[j]!);
    let pending = false; // B = 1: an update e −= pendingCoef·prev not yet applied
    let pendingCoef = 0;
    let k = 0;
    let next = nc ? checkpoints[0]! : -1; // never read past the end (keeps V8 on the fast path)
    let R0 = NaN;
    for (let t = 0; ; t++) {
      if (t === next) {
        if (pending) {
          for (let j = 0; j < d; j++) e[j] = e[j]! - pendingCoef * prev[j]!;
          pending = false;
        }
        const R = risk();
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
      if ((t & 0xfff) === 0xfff && opts.cancelled?.()) {
        cancelled = true;
        break;
      }
      // residuals of the batch at the current e
      if (B === 1) {
        // fused: apply the pending update of the previous step while drawing this step's features
        const sdot = pending ? rng.fillNormalDot(cur, 0, sq, e, -pendingCoef, prev) : rng.fillNormalDot(cur, 0, sq, e);
        pendingCoef = gamma * (sdot - sigma * rng.normal());
        pending = true;
        const tmp = prev;
        prev = cur;
        cur = tmp;
      } else {
        for (let b = 0; b < B; b++) {
          const s = rng.fillNormalDot(G, b * d, sq, e);
          res[b] = gamma * (s - sigma * rng.normal());
        }
        for (let b = 0; b < B; b++) {
          const rb = res[b]!;
          const off2 = b * d;
          for (let j = 0; j < d; j++) e[j] = e[j]! - rb * G[off2 + j]!;
        }
      }
      updates += B * d;
    }
    opts.progress?.((r + 1) / runs);
  }
  return { curves, runs, checkpoints, divergence, cancelled, updates };
}
