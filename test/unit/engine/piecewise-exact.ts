// Test reference (not product code): the EXACT expected risk of the optimizer family for a
// PIECEWISE-CONSTANT schedule, at any r (1e12 included), with no per-step work.
//
// Derivation. With the coefficients constant on a piece [b_k, b_{k+1}), the moment recurrence of
// src-shared/dynamics/family-moments.ts (header) is, for the state X = (P_i, Q_i, S_i)_{i<n} ∈ R^{3n},
//   X(t+1) = blockdiag(A_i) X(t) + F R(t),   R(t) = F0 + Σ_i P_i(t),   F_i = B·kernel_i·(a², −a g1, g1²),
// i.e. X(t+1) = (blockdiag(A_i) + F 1_Pᵀ) X(t) + F·F0: a linear time-invariant affine map. In homogeneous
// coordinates Y = (X, 1) ∈ R^{3n+1} it is Y(t+1) = M Y(t), M = [[blockdiag(A_i) + F 1_Pᵀ, F·F0], [0, 1]],
// so Y(t + m) = M^m Y(t) exactly. M^m is applied by binary powering. To keep the slow modes accurate
// (A_PP = 1 − O(γλ) with γλ down to ~1e-12 would lose most digits as a double) we carry D = M − I,
// built entrywise without forming 1 − x: M^{2^k} = I + D_k, D_{k+1} = 2D_k + D_k², and Y ← Y + D_k Y per
// set bit of m. Pieces are split at the checkpoints, where R = F0 + Σ P_i is read. Cost
// O((3n+1)³ · log r) per piece; independent of r otherwise (no stepping, no interpolation of R).
import type { DiscreteMeasure } from '../../../src-shared/dynamics/measure';
import type { FamilyCoefs } from '../../../src-shared/params/optimizer-params';

export interface PiecewiseSchedule {
  /** piece starts: starts[0] = 0 < starts[1] < … (integers) */
  starts: number[];
  /** the coefficients on [starts[k], starts[k+1]) (the last piece extends to ∞) */
  values: FamilyCoefs[];
}

/** the schedule as a function of t (t may be fractional inside a piece: the block integrator's midpoints) */
export function piecewiseCoefFn(s: PiecewiseSchedule): (t: number) => FamilyCoefs {
  return (t) => {
    let lo = 0, hi = s.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (s.starts[mid]! <= t) lo = mid;
      else hi = mid - 1;
    }
    return s.values[lo]!;
  };
}

/** a piecewise-constant version of a smooth schedule: `perDecade` pieces per decade on a log grid
 *  (integer starts, deduplicated), each taking the smooth value at its start */
export function piecewiseFrom(smooth: (t: number) => FamilyCoefs, rmax: number, perDecade: number): PiecewiseSchedule {
  const starts = [0];
  const nMax = Math.ceil(Math.log10(rmax) * perDecade);
  for (let k = 0; k <= nMax; k++) {
    const b = Math.round(Math.pow(10, k / perDecade));
    if (b > starts[starts.length - 1]! && b < rmax) starts.push(b);
  }
  return { starts, values: starts.map((b) => smooth(b)) };
}

/** D = M − I (row-major, N = 3n + 1) for one set of coefficients */
function deltaMatrix(measure: DiscreteMeasure, batch: number, c: FamilyCoefs): Float64Array {
  const n = measure.lambda.length;
  const N = 3 * n + 1;
  const D = new Float64Array(N * N);
  const { g1, g2, g3, delta } = c;
  const a = g2 + g1 * g3;
  const cc = 1 - delta;
  const b = g3 * cc;
  for (let i = 0; i < n; i++) {
    const L = batch * measure.lambda[i]!;
    const L2 = batch * (batch + 1) * measure.lambda[i]! ** 2;
    const blk = [
      [-2 * a * L + a * a * L2, 2 * a * b * L - 2 * b, b * b],
      [g1 * L - a * g1 * L2, -delta - a * cc * L - b * g1 * L, -b * cc],
      [g1 * g1 * L2, 2 * cc * g1 * L, -delta * (2 - delta)],
    ];
    const w = batch * measure.kernel[i]!;
    const F = [a * a * w, -a * g1 * w, g1 * g1 * w];
    for (let r = 0; r < 3; r++) {
      const row = (3 * i + r) * N;
      for (let s = 0; s < 3; s++) D[row + 3 * i + s] = blk[r]![s]!;
      for (let j = 0; j < n; j++) D[row + 3 * j] = D[row + 3 * j]! + F[r]!; // rank one: F · R, R ∋ Σ P_j
      D[row + N - 1] = F[r]! * measure.F0; // affine part (homogeneous coordinate)
    }
  }
  return D;
}

/** Y ← M^m Y with M = I + D (binary powering on D, see header) */
function advance(D0: Float64Array, N: number, m: number, Y: Float64Array): void {
  let D = D0;
  const tmp = new Float64Array(N);
  let rest = m;
  while (rest > 0) {
    if (rest % 2 === 1) {
      for (let r = 0; r < N; r++) {
        let s = 0;
        const row = r * N;
        for (let k = 0; k < N; k++) s += D[row + k]! * Y[k]!;
        tmp[r] = s;
      }
      for (let r = 0; r < N; r++) Y[r] = Y[r]! + tmp[r]!;
    }
    rest = Math.floor(rest / 2);
    if (rest > 0) {
      const E = new Float64Array(N * N);
      for (let r = 0; r < N; r++) {
        for (let k = 0; k < N; k++) {
          const drk = D[r * N + k]!;
          if (drk === 0) continue;
          for (let s = 0; s < N; s++) E[r * N + s] = E[r * N + s]! + drk * D[k * N + s]!;
        }
      }
      for (let q = 0; q < N * N; q++) E[q] = E[q]! + 2 * D[q]!;
      D = E;
    }
  }
}

/** R(t) at the checkpoints (strictly increasing integers ≥ 0), exactly, for a piecewise-constant schedule */
export function piecewiseRiskExact(measure: DiscreteMeasure, batch: number, sched: PiecewiseSchedule, checkpoints: ArrayLike<number>): Float64Array {
  const n = measure.lambda.length;
  const N = 3 * n + 1;
  const Y = new Float64Array(N);
  for (let i = 0; i < n; i++) Y[3 * i] = measure.forcing[i]!;
  Y[N - 1] = 1;
  const riskOf = (): number => {
    let R = measure.F0;
    for (let i = 0; i < n; i++) R += Y[3 * i]!;
    return R;
  };
  const out = new Float64Array(checkpoints.length);
  let t = 0;
  let piece = 0;
  let D = deltaMatrix(measure, batch, sched.values[0]!);
  for (let k = 0; k < checkpoints.length; k++) {
    const target = checkpoints[k]!;
    while (t < target) {
      const end = piece + 1 < sched.starts.length ? Math.min(target, sched.starts[piece + 1]!) : target;
      advance(D, N, end - t, Y);
      t = end;
      if (piece + 1 < sched.starts.length && t === sched.starts[piece + 1]!) {
        piece++;
        D = deltaMatrix(measure, batch, sched.values[piece]!);
      }
    }
    out[k] = riskOf();
  }
  return out;
}

/** R(t) at the checkpoints, exactly, for a piecewise-constant PLAIN-SGD schedule (g1 = g3 = 0, so the
 *  P rows close: D = diag(−2aL + a²L₂) + F 1ᵀ on (P, 1), N = n + 1), given as the step size per piece.
 *  Same propagation as piecewiseRiskExact, ~27× cheaper per piece at n = 8. */
export function piecewiseRiskExactSgd(measure: DiscreteMeasure, batch: number, starts: number[], gammas: number[], checkpoints: ArrayLike<number>): Float64Array {
  const n = measure.lambda.length;
  const N = n + 1;
  const build = (a: number): Float64Array => {
    const D = new Float64Array(N * N);
    for (let i = 0; i < n; i++) {
      const L = batch * measure.lambda[i]!;
      const L2 = batch * (batch + 1) * measure.lambda[i]! ** 2;
      const F = a * a * batch * measure.kernel[i]!;
      const row = i * N;
      for (let j = 0; j < n; j++) D[row + j] = F;
      D[row + i] = D[row + i]! - 2 * a * L + a * a * L2;
      D[row + N - 1] = F * measure.F0;
    }
    return D;
  };
  const Y = new Float64Array(N);
  for (let i = 0; i < n; i++) Y[i] = measure.forcing[i]!;
  Y[N - 1] = 1;
  const out = new Float64Array(checkpoints.length);
  let t = 0;
  let piece = 0;
  let D = build(gammas[0]!);
  for (let k = 0; k < checkpoints.length; k++) {
    const target = checkpoints[k]!;
    while (t < target) {
      const end = piece + 1 < starts.length ? Math.min(target, starts[piece + 1]!) : target;
      advance(D, N, end - t, Y);
      t = end;
      if (piece + 1 < starts.length && t === starts[piece + 1]!) {
        piece++;
        D = build(gammas[piece]!);
      }
    }
    let R = measure.F0;
    for (let i = 0; i < n; i++) R += Y[i]!;
    out[k] = R;
  }
  return out;
}
