// Sampled runs of the optimizer family (issue 17; params/optimizer-params.ts):
//   grad_t = Σ_{b≤B} φ_b(⟨φ_b, θ_t⟩ − y_b),  y_{t+1} = (1 − Δ_t) y_t + g1_t grad_t,
//   θ_{t+1} = θ_t − g2_t grad_t − g3_t y_{t+1},  θ₀ = y₀ = 0.
// Two simulators with the conventions of today's SGD ones (sgd-naive.ts, sgd-rotated.ts):
//  - familyNaive: O(B·v·d) per step in latent space, x ~ N(0, D), label ⟨x, b⟩, risk ‖D^{1/2}(W̃θ − b)‖²
//    (the reference);
//  - familyRotated: O(B·d) per step in the eigenbasis of K, exact in law: φ̃ = Λ^{1/2}g, label noise
//    ε ~ N(0, σ²), e₀ = −√m0, risk σ² + Σ_j λ_j e_j².
// Same random streams as the SGD simulators: run r uses Rng.stream(seed, draw, runOffset + r); per step
// and batch element the naive one draws v normals, the rotated one d normals then one for ε. For plain
// SGD the engine keeps its own simulators (bit-for-bit today's numbers); these serve every other member.
// Risk at step t is measured before the t-th update; divergence as in sgd-runs.ts.
import type { Problem } from '../model/problem';
import type { SpectralProblem } from './measure';
import type { CoefFn } from './family-moments';
import { Rng } from '../rng/rng';
import { exactRisk, naiveBatchGradient } from './sgd-naive';
import { DIVERGENCE_FACTOR, type Divergence, type SgdRunsResult } from './sgd-runs';

export interface FamilySgdOptions {
  coefs: CoefFn;
  batch: number;
  runs: number;
  seed: number;
  draw: number;
  runOffset?: number;
  cancelled?: () => boolean;
  progress?: (fraction: number) => void;
}

function checkArgs(opts: FamilySgdOptions, checkpoints: ArrayLike<number>): void {
  if (!(Number.isInteger(opts.batch) && opts.batch >= 1)) throw new RangeError('sgd: batch must be an integer ≥ 1');
  if (!(Number.isInteger(opts.runs) && opts.runs >= 1)) throw new RangeError('sgd: runs must be an integer ≥ 1');
  for (let k = 0; k < checkpoints.length; k++) {
    const t = checkpoints[k]!;
    if (!Number.isInteger(t) || t < 0 || (k > 0 && t <= checkpoints[k - 1]!)) throw new RangeError('checkpoints must be strictly increasing integers ≥ 0');
  }
}

/**
 * The shared run loop: `risk()` measures, `step(t)` performs one update; curves, divergence,
 * cancellation and progress as the SGD simulators.
 */
function runLoop(
  opts: FamilySgdOptions,
  checkpoints: number[],
  perStep: number,
  start: (r: number) => void,
  risk: () => number,
  step: (t: number) => void,
): SgdRunsResult {
  const nc = checkpoints.length;
  const curves = new Float64Array(opts.runs * nc);
  const divergence: Divergence[] = [];
  const last = nc ? checkpoints[nc - 1]! : 0;
  let updates = 0;
  let cancelled = false;
  for (let r = 0; r < opts.runs && !cancelled; r++) {
    start(r);
    let k = 0;
    let next = nc ? checkpoints[0]! : -1;
    let R0 = NaN;
    for (let t = 0; ; t++) {
      if (t === next) {
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
      if ((t & 0xff) === 0xff && opts.cancelled?.()) {
        cancelled = true;
        break;
      }
      step(t);
      updates += perStep;
    }
    opts.progress?.((r + 1) / opts.runs);
  }
  return { curves, runs: opts.runs, checkpoints, divergence, cancelled, updates };
}

/** apply the family update to (θ or e, y) given the batch gradient */
function applyUpdate(x: Float64Array, y: Float64Array, grad: Float64Array, g1: number, g2: number, g3: number, delta: number): void {
  const c = 1 - delta;
  const n = x.length;
  if (g3 === 0) {
    for (let j = 0; j < n; j++) x[j] = x[j]! - g2 * grad[j]!;
    return;
  }
  for (let j = 0; j < n; j++) {
    const yj = c * y[j]! + g1 * grad[j]!;
    y[j] = yj;
    x[j] = x[j]! - g2 * grad[j]! - g3 * yj;
  }
}

/** the O(B·v·d) reference simulator (latent space) */
export function familyNaive(problem: Problem, opts: FamilySgdOptions, checkpoints: number[]): SgdRunsResult {
  checkArgs(opts, checkpoints);
  const { v, d, D } = problem;
  const B = opts.batch;
  const sqD = Float64Array.from(D, Math.sqrt);
  const theta = new Float64Array(d);
  const mom = new Float64Array(d);
  const grad = new Float64Array(d);
  const x = new Float64Array(v);
  const phi = new Float64Array(d);
  let rng: Rng;
  const off = opts.runOffset ?? 0;
  return runLoop(
    opts,
    checkpoints,
    B * d,
    (r) => {
      rng = Rng.stream(opts.seed, opts.draw, off + r);
      theta.fill(0);
      mom.fill(0);
    },
    () => exactRisk(problem, theta),
    (t) => {
      naiveBatchGradient(problem, sqD, theta, B, rng, x, phi, grad);
      const c = opts.coefs(t);
      applyUpdate(theta, mom, grad, c.g1, c.g2, c.g3, c.delta);
    },
  );
}

/** the O(B·d) eigenbasis simulator (exact in law) */
export function familyRotated(problem: SpectralProblem, opts: FamilySgdOptions, checkpoints: number[]): SgdRunsResult {
  checkArgs(opts, checkpoints);
  const lambda = problem.lambda;
  const d = lambda.length;
  const B = opts.batch;
  const sigma = Math.sqrt(problem.sigma2);
  const sq = Float64Array.from(lambda, (l) => Math.sqrt(Math.max(0, l)));
  const e = new Float64Array(d);
  const mom = new Float64Array(d);
  const grad = new Float64Array(d);
  const G = new Float64Array(B * d);
  const res = new Float64Array(B);
  let rng: Rng;
  const off = opts.runOffset ?? 0;
  return runLoop(
    opts,
    checkpoints,
    B * d,
    (r) => {
      rng = Rng.stream(opts.seed, opts.draw, off + r);
      for (let j = 0; j < d; j++) e[j] = -Math.sqrt(problem.m0[j]!);
      mom.fill(0);
    },
    () => {
      let R = problem.sigma2;
      for (let j = 0; j < d; j++) R += lambda[j]! * e[j]! * e[j]!;
      return R;
    },
    (t) => {
      for (let bb = 0; bb < B; bb++) res[bb] = rng.fillNormalDot(G, bb * d, sq, e) - sigma * rng.normal();
      grad.fill(0);
      for (let bb = 0; bb < B; bb++) {
        const rb = res[bb]!;
        const o = bb * d;
        for (let j = 0; j < d; j++) grad[j] = grad[j]! + G[o + j]! * rb;
      }
      const c = opts.coefs(t);
      applyUpdate(e, mom, grad, c.g1, c.g2, c.g3, c.delta);
    },
  );
}
