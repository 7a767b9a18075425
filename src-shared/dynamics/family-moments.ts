// Exact expected risk of the optimizer family (issue 17; params/optimizer-params.ts) for Gaussian
// data, given the spectral data of one draw (or of a deterministic equivalent, measure.ts).
//
// Derivation. e = Uᵀ(θ − θ*), y ← Uᵀy (K = UΛUᵀ). In law φ̃ = Uᵀφ ~ N(0, Λ), label y_i = ⟨φ_i, θ*⟩ + ε_i,
// ε_i ~ N(0, σ²) independent (DESIGN §2), so G = Σ_{i≤B} φ̃_i(⟨φ̃_i, e⟩ − ε_i) and, given e,
//   E G = BΛe,   E GGᵀ = B·E[φφᵀeeᵀφφᵀ] + Bσ²Λ + B(B−1)Λeeᵀ Λ = B(B+1)Λeeᵀ Λ + B(eᵀΛe + σ²)Λ,
// by the Gaussian fourth moment E[φφᵀMφφᵀ] = 2ΛMΛ + tr(ΛM)Λ (Isserlis). The update is
//   y' = c y + g1 G,   e' = e − a G − b y,   a = g2 + g1 g3,  b = g3(1 − Δ),  c = 1 − Δ.
// Taking expectations of the squares and the cross product of mode j (L = Bλ_j, L2 = B(B+1)λ_j²),
// with P = E e_j², Q = E e_j y_j, S = E y_j² and R = E risk = σ² + Σ_j λ_j P_j:
//   P' = (1 − 2aL + a²L2) P + (2abL − 2b) Q + b² S + a²Bλ_j R
//   Q' = (g1L − a g1 L2) P + (c − acL − b g1 L) Q − bc S − a g1 Bλ_j R
//   S' = g1² L2 P + 2c g1 L Q + c² S + g1² Bλ_j R
// Only the diagonal of E eeᵀ enters (ΛE[eeᵀ]Λ is needed on the diagonal only), so the modes are
// coupled through R alone: x_j(t+1) = A_j(t) x_j(t) + f_j(t) R(t), a 3×3 block per mode plus a rank-one
// term. SGD (g3 = 0) gives P' = ρP + γ²BλR of DESIGN §2; B = 1 the authors' ODE (power_law_rf/ode.py).
// θ₀ = y₀ = 0: P_j(0) = m0_j, Q = S = 0.
//
// Measure form: the state is weighted by λ_j (x̃_j = λ_j x_j), so a general DiscreteMeasure (forcing_i =
// λ_i m0_i, kernel_i = λ_i² for an exact problem; μ_F, μ_K atoms for the deterministic equivalent)
// runs the same system: x̃_i(0) = (forcing_i, 0, 0), f̃_i = B·kernel_i·(a², −a g1, g1²), R = F0 + Σ x̃_i,P.
//
// Two ways to compute R at the checkpoints:
//  - familyRiskRecurrence: the step recurrence above, O(n · r) (the reference);
//  - familyRiskBlocks: exact single steps up to t = 4096, then blocks [t, t + m) with m ≤ dt·t (block
//    ends on every checkpoint and schedule kink). In a block the coefficients are frozen at the
//    block midpoint and R(t + k) = R(t) + c1 k + c2 k² is the parabola through R at the previous block
//    start, R(t) and the unknown R(t + m); then each mode is propagated exactly:
//      x(t+m) = A^m x(t) + (S_m R(t) + T_m c1 + W_m c2) f,
//      S_m = Σ_{k<m} A^k,  T_m = Σ_{k<m} (m − 1 − k) A^k = (m − 1)S_m − U_m,  U_m = Σ_{k<m} k A^k,
//      W_m = Σ_{k<m} (m − 1 − k)² A^k = (m − 1)²S_m − 2(m − 1)U_m + V_m,  V_m = Σ_{k<m} k² A^k,
//    (A^m, S_m, U_m by binary powering, see powerSums), and R(t + m) =
//    F0 + Σ x_P(t + m) is a scalar linear equation (c1, c2 are linear in it). Cost O(n · log r · #blocks), #blocks ≈ ln(r)/dt +
//    #checkpoints (no per-step work). Error: measured against the recurrence in
//    test/unit/engine/family-moments.test.ts (≤ 1e-3; worst seen 7e-4 at α = 1.5, d = 10, τ = 1/√d,
//    DANA-decaying, whose underdamped fast modes made the chord version without the exact start miss
//    by 7.6e-3; 8 decades to r = 1e8 checked once: ≤ 3.5e-4).
import type { DiscreteMeasure } from './measure';
import type { FamilyCoefs } from '../params/optimizer-params';

export type CoefFn = (t: number) => FamilyCoefs;

export interface FamilyRiskOptions {
  batch: number;
  /** block integrator: relative block length (default 0.02) */
  dt?: number;
  /** block integrator: single exact steps up to this step (default 4096: the fast, possibly oscillating
   *  modes of the first steps are stepped exactly; costs 4096·n, below one block pass at d ≥ 100) */
  exactSteps?: number;
  /** block integrator: R interpolated in a block by the chord (1) or the parabola through the previous block start (2, default) */
  order?: 1 | 2;
  /** stop with an error when R exceeds this multiple of R(0) (divergence) */
  divergenceFactor?: number;
  /** block integrator: steps where a schedule has a kink (blocks end there too) */
  breakpoints?: number[];
  /** block integrator: the schedule's own time scale at t (blocks are also ≤ dt times it) */
  timeScale?: (t: number) => number;
}

function checkCheckpoints(checkpoints: ArrayLike<number>): void {
  for (let k = 0; k < checkpoints.length; k++) {
    const t = checkpoints[k]!;
    if (!Number.isInteger(t) || t < 0 || (k > 0 && t <= checkpoints[k - 1]!)) throw new RangeError('checkpoints must be strictly increasing integers ≥ 0');
  }
}

/** the 3×3 block A (row-major, 9 entries) and the forcing direction (per unit B·kernel) of one atom */
export function familyBlock(lambda: number, batch: number, c: FamilyCoefs, A: Float64Array, f: Float64Array, off = 0): void {
  const { g1, g2, g3, delta } = c;
  const a = g2 + g1 * g3;
  const cc = 1 - delta;
  const b = g3 * cc;
  const L = batch * lambda;
  const L2 = batch * (batch + 1) * lambda * lambda;
  const o9 = 9 * off;
  A[o9] = 1 - 2 * a * L + a * a * L2;
  A[o9 + 1] = 2 * a * b * L - 2 * b;
  A[o9 + 2] = b * b;
  A[o9 + 3] = g1 * L - a * g1 * L2;
  A[o9 + 4] = cc - a * cc * L - b * g1 * L;
  A[o9 + 5] = -b * cc;
  A[o9 + 6] = g1 * g1 * L2;
  A[o9 + 7] = 2 * cc * g1 * L;
  A[o9 + 8] = cc * cc;
  const o3 = 3 * off;
  f[o3] = a * a;
  f[o3 + 1] = -a * g1;
  f[o3 + 2] = g1 * g1;
}

class DivergedError extends Error {
  constructor(step: number) {
    super(`the expected risk diverged at step ${step} (hyperparameters beyond the stability limit)`);
    this.name = 'DivergedError';
  }
}

/** R(t) at the checkpoints by stepping the moment recurrence (reference, O(n · max checkpoint)) */
export function familyRiskRecurrence(measure: DiscreteMeasure, coefs: CoefFn, opts: FamilyRiskOptions, checkpoints: ArrayLike<number>): Float64Array {
  checkCheckpoints(checkpoints);
  const B = opts.batch;
  const n = measure.lambda.length;
  const xP = Float64Array.from(measure.forcing);
  const xQ = new Float64Array(n);
  const xS = new Float64Array(n);
  const A = new Float64Array(9 * n);
  const f = new Float64Array(3 * n);
  const out = new Float64Array(checkpoints.length);
  const nc = checkpoints.length;
  const last = nc ? checkpoints[nc - 1]! : -1;
  let k = 0;
  let next = nc ? checkpoints[0]! : -1;
  let prev: FamilyCoefs | null = null;
  let R0 = NaN;
  const fac = opts.divergenceFactor ?? 1e12;
  for (let t = 0; t <= last; t++) {
    let R = measure.F0;
    for (let i = 0; i < n; i++) R += xP[i]!;
    if (t === 0) R0 = R;
    if (!(R <= fac * R0)) throw new DivergedError(t);
    if (t === next) {
      out[k++] = R;
      next = k < nc ? checkpoints[k]! : -1;
    }
    if (t === last) break;
    const c = coefs(t);
    if (!prev || c.g1 !== prev.g1 || c.g2 !== prev.g2 || c.g3 !== prev.g3 || c.delta !== prev.delta) {
      for (let i = 0; i < n; i++) familyBlock(measure.lambda[i]!, B, c, A, f, i);
      prev = c;
    }
    for (let i = 0; i < n; i++) {
      const p = xP[i]!;
      const q = xQ[i]!;
      const s = xS[i]!;
      const o = 9 * i;
      const w = B * measure.kernel[i]! * R;
      xP[i] = A[o]! * p + A[o + 1]! * q + A[o + 2]! * s + f[3 * i]! * w;
      xQ[i] = A[o + 3]! * p + A[o + 4]! * q + A[o + 5]! * s + f[3 * i + 1]! * w;
      xS[i] = A[o + 6]! * p + A[o + 7]! * q + A[o + 8]! * s + f[3 * i + 2]! * w;
    }
  }
  return out;
}

// 3×3 helpers (row-major)
function mul3(X: Float64Array, Y: Float64Array, out: Float64Array): void {
  const x0 = X[0]!, x1 = X[1]!, x2 = X[2]!, x3 = X[3]!, x4 = X[4]!, x5 = X[5]!, x6 = X[6]!, x7 = X[7]!, x8 = X[8]!;
  const y0 = Y[0]!, y1 = Y[1]!, y2 = Y[2]!, y3 = Y[3]!, y4 = Y[4]!, y5 = Y[5]!, y6 = Y[6]!, y7 = Y[7]!, y8 = Y[8]!;
  out[0] = x0 * y0 + x1 * y3 + x2 * y6;
  out[1] = x0 * y1 + x1 * y4 + x2 * y7;
  out[2] = x0 * y2 + x1 * y5 + x2 * y8;
  out[3] = x3 * y0 + x4 * y3 + x5 * y6;
  out[4] = x3 * y1 + x4 * y4 + x5 * y7;
  out[5] = x3 * y2 + x4 * y5 + x5 * y8;
  out[6] = x6 * y0 + x7 * y3 + x8 * y6;
  out[7] = x6 * y1 + x7 * y4 + x8 * y7;
  out[8] = x6 * y2 + x7 * y5 + x8 * y8;
}

/**
 * A^n, S_n = Σ_{k<n} A^k, U_n = Σ_{k<n} k A^k for any n ≥ 1 by binary powering over the bits of n:
 * doubling  (P, S, U)_2m = (P², S + PS, U + P(U + mS)),  one more step  (P, S, U)_{m+1} = (PA, S + P, U + mP)
 * (all are polynomials in A, so they commute). Once every entry of A^m is below 1e-30 it is set to 0 and S,
 * U no longer change.
 */
function powerSums(A: Float64Array, n: number, P: Float64Array, S: Float64Array, U: Float64Array, V: Float64Array, t1: Float64Array, t2: Float64Array): void {
  P.set(A);
  S.fill(0);
  S[0] = 1;
  S[4] = 1;
  S[8] = 1;
  U.fill(0);
  V.fill(0);
  let m = 1;
  let bit = 1;
  while (bit * 2 <= n) bit *= 2;
  for (bit /= 2; bit >= 1; bit /= 2) {
    // V ← V + P(V + 2m U + m² S);  U ← U + P(U + m S);  S ← S + P S;  P ← P P
    for (let i = 0; i < 9; i++) t1[i] = V[i]! + 2 * m * U[i]! + m * m * S[i]!;
    mul3(P, t1, t2);
    for (let i = 0; i < 9; i++) V[i] = V[i]! + t2[i]!;
    for (let i = 0; i < 9; i++) t1[i] = U[i]! + m * S[i]!;
    mul3(P, t1, t2);
    for (let i = 0; i < 9; i++) U[i] = U[i]! + t2[i]!;
    mul3(P, S, t2);
    for (let i = 0; i < 9; i++) S[i] = S[i]! + t2[i]!;
    mul3(P, P, t2);
    P.set(t2);
    m *= 2;
    if (n & bit) {
      for (let i = 0; i < 9; i++) {
        S[i] = S[i]! + P[i]!;
        U[i] = U[i]! + m * P[i]!;
        V[i] = V[i]! + m * m * P[i]!;
      }
      mul3(P, A, t2);
      P.set(t2);
      m += 1;
    }
    let big = 0;
    for (let i = 0; i < 9; i++) {
      const v = Math.abs(P[i]!);
      if (v > big) big = v;
    }
    if (big < 1e-30) {
      P.fill(0);
      return;
    }
  }
}

/**
 * Slow modes (m·‖D(A − I)D⁻¹‖∞ ≤ 1, D a diagonal balancing of the e–y coupling): with E = A − I and the hockey-stick identities Σ_{i<m} C(i, k) = C(m, k+1),
 * Σ_{i<m} C(i, k)·C(m−1−i, r) = C(m, k+r+1):
 *   A^m = Σ_k C(m, k) E^k,  S_m = Σ_k C(m, k+1) E^k,  T_m = Σ_k C(m, k+2) E^k,  W_m = Σ_k (2C(m, k+3) + C(m, k+2)) E^k,
 * (T_m = Σ_{i<m} (m−1−i)A^i, W_m = Σ_{i<m} (m−1−i)²A^i) — terms fall like (m‖E‖)^k/k!, so ≤ 20 products
 * instead of 4·log2(m) in powerSums, and T, W come without the cancellation of (m−1)S − U. Returns false
 * (nothing written) when m·‖E‖ > 1.
 */
function taylorSums(A: Float64Array, m: number, P: Float64Array, S: Float64Array, T: Float64Array, W: Float64Array, E: Float64Array, Ek: Float64Array, tmp: Float64Array): boolean {
  // ‖D E D⁻¹‖∞ with D = diag(1, s, s²), s = √(|E01|/|E10|) ≈ √(b/λ): balances the e–y coupling, so the
  // scaled norm is the mode's own rate (≈ √(bλ) + Δ) rather than the units of y
  const e01 = Math.abs(A[1]!);
  const e10 = Math.abs(A[3]!);
  const sc = e01 > 0 && e10 > 0 ? Math.sqrt(e01 / e10) : 1;
  let norm = 0;
  for (let r = 0; r < 3; r++) {
    let row = 0;
    for (let c = 0; c < 3; c++) {
      const v = A[3 * r + c]! - (r === c ? 1 : 0);
      E[3 * r + c] = v;
      row += Math.abs(v) * Math.pow(sc, r - c);
    }
    if (row > norm) norm = row;
  }
  const x = m * norm;
  if (!(x <= 1)) return false;
  // binomials C(m, k), …, C(m, k+3) by the recurrence C(m, j+1) = C(m, j)(m − j)/(j + 1)
  let c0 = 1;
  let c1 = m;
  let c2 = (m * (m - 1)) / 2;
  let c3 = (c2 * (m - 2)) / 3;
  Ek.fill(0);
  Ek[0] = 1;
  Ek[4] = 1;
  Ek[8] = 1;
  P.fill(0);
  S.fill(0);
  T.fill(0);
  W.fill(0);
  let bound = 1; // (m‖E‖)^k/k!
  for (let k = 0; k < 40; k++) {
    const w3 = 2 * c3 + c2;
    for (let i = 0; i < 9; i++) {
      const e = Ek[i]!;
      P[i] = P[i]! + c0 * e;
      S[i] = S[i]! + c1 * e;
      T[i] = T[i]! + c2 * e;
      W[i] = W[i]! + w3 * e;
    }
    bound = (bound * x) / (k + 1);
    if (bound < 1e-17) break;
    mul3(Ek, E, tmp);
    Ek.set(tmp);
    c0 = c1;
    c1 = c2;
    c2 = c3;
    c3 = (c3 * (m - k - 3)) / (k + 4);
  }
  return true;
}

/** scalar version of powerSums: [ρ^n, S_n, U_n, V_n] */
function powerSums1(rho: number, n: number, out: Float64Array): void {
  let P = rho;
  let S = 1;
  let U = 0;
  let V = 0;
  let m = 1;
  let bit = 1;
  while (bit * 2 <= n) bit *= 2;
  for (bit /= 2; bit >= 1; bit /= 2) {
    V = V + P * (V + 2 * m * U + m * m * S);
    U = U + P * (U + m * S);
    S = S + P * S;
    P = P * P;
    m *= 2;
    if (n & bit) {
      S += P;
      U += m * P;
      V += m * m * P;
      P *= rho;
      m += 1;
    }
    if (Math.abs(P) < 1e-300) {
      P = 0;
      break;
    }
  }
  out[0] = P;
  out[1] = S;
  out[2] = U;
  out[3] = V;
}

/** the block-integrator grid: block starts and lengths covering 0..last, ending on every stop */
export function blockGrid(stops: ArrayLike<number>, dt: number, timeScale?: (t: number) => number, exactSteps = 0): { starts: number[]; lengths: number[] } {
  const starts: number[] = [];
  const lengths: number[] = [];
  const nc = stops.length;
  const last = nc ? stops[nc - 1]! : 0;
  let k = 0;
  let t = 0;
  while (t < last) {
    while (k < nc && stops[k]! <= t) k++;
    const cap = t < exactSteps ? 1 : Math.max(1, Math.floor(dt * (timeScale ? Math.min(t, timeScale(t)) : t)));
    const m = Math.min(cap, stops[k]! - t);
    starts.push(t);
    lengths.push(m);
    t += m;
  }
  return { starts, lengths };
}

/** R(t) at the checkpoints by the log-time block integrator (see header) */
export function familyRiskBlocks(measure: DiscreteMeasure, coefs: CoefFn, opts: FamilyRiskOptions, checkpoints: ArrayLike<number>): Float64Array {
  checkCheckpoints(checkpoints);
  const B = opts.batch;
  const dt = opts.dt ?? 0.02;
  const quadratic = (opts.order ?? 2) === 2;
  const n = measure.lambda.length;
  const xP = Float64Array.from(measure.forcing);
  const xQ = new Float64Array(n);
  const xS = new Float64Array(n);
  const uP = new Float64Array(n);
  const uQ = new Float64Array(n);
  const uS = new Float64Array(n);
  const wP = new Float64Array(n);
  const wQ = new Float64Array(n);
  const wS = new Float64Array(n);
  const A = new Float64Array(9);
  const f = new Float64Array(3);
  const P = new Float64Array(9);
  const S = new Float64Array(9);
  const U = new Float64Array(9);
  const V = new Float64Array(9);
  const t1 = new Float64Array(9);
  const t2 = new Float64Array(9);
  const t3 = new Float64Array(9);
  const s1 = new Float64Array(4);
  const nc = checkpoints.length;
  const out = new Float64Array(nc);
  const fac = opts.divergenceFactor ?? 1e12;
  const last = nc ? checkpoints[nc - 1]! : 0;
  const stops = [...new Set([...Array.from(checkpoints), ...(opts.breakpoints ?? []).filter((b) => Number.isInteger(b) && b > 0 && b < last)])].sort((x, y) => x - y);
  const { starts, lengths } = blockGrid(stops, dt, opts.timeScale, opts.exactSteps ?? 4096);
  let R = measure.F0;
  for (let i = 0; i < n; i++) R += xP[i]!;
  const R0 = R;
  let k = 0;
  if (nc && checkpoints[0] === 0) out[k++] = R;
  let Rp = NaN; // R at the start of the previous block (quadratic interpolation of R in a block)
  let mp = 0;
  for (let bI = 0; bI < starts.length; bI++) {
    const t = starts[bI]!;
    const m = lengths[bI]!;
    const c = coefs(m === 1 ? t : t + (m - 1) / 2);
    const scalar = c.g3 === 0; // SGD-like: the P row is closed (b = 0)
    // R(t + k) = R + c1 k + c2 k², c1 = a1 + b1·R(t + m), c2 = a2 + b2·R(t + m): the parabola through
    // (−mp, Rp), (0, R), (m, R(t + m)) when a previous block exists (order 2), else the chord (order 1)
    let a1: number, b1: number, a2: number, b2: number;
    if (quadratic && mp > 0) {
      const dp = mp * (mp + m), d0 = mp * m, d1 = m * (m + mp);
      a2 = Rp / dp - R / d0;
      b2 = 1 / d1;
      a1 = (-m * Rp) / dp + ((m - mp) * R) / d0;
      b1 = mp / d1;
    } else {
      a1 = -R / m;
      b1 = 1 / m;
      a2 = 0;
      b2 = 0;
    }
    const m1 = m - 1;
    let sumU = measure.F0;
    let sumW = 0;
    for (let i = 0; i < n; i++) {
      familyBlock(measure.lambda[i]!, B, c, A, f, 0);
      const wk = B * measure.kernel[i]!;
      const p = xP[i]!;
      if (m === 1) {
        if (scalar) {
          uP[i] = A[0]! * p + f[0]! * wk * R;
        } else {
          const q = xQ[i]!;
          const s = xS[i]!;
          uP[i] = A[0]! * p + A[1]! * q + A[2]! * s + f[0]! * wk * R;
          uQ[i] = A[3]! * p + A[4]! * q + A[5]! * s + f[1]! * wk * R;
          uS[i] = A[6]! * p + A[7]! * q + A[8]! * s + f[2]! * wk * R;
          wQ[i] = 0;
          wS[i] = 0;
        }
        wP[i] = 0;
        sumU += uP[i]!;
        continue;
      }
      if (scalar) {
        powerSums1(A[0]!, m, s1);
        const Sm = s1[1]!, Um = s1[2]!, Vm = s1[3]!;
        const Tm = m1 * Sm - Um;
        const Wm = m1 * m1 * Sm - 2 * m1 * Um + Vm;
        const fP = f[0]! * wk;
        uP[i] = s1[0]! * p + (Sm * R + Tm * a1 + Wm * a2) * fP;
        wP[i] = (Tm * b1 + Wm * b2) * fP;
        sumU += uP[i]!;
        sumW += wP[i]!;
        continue;
      }
      if (taylorSums(A, m, P, S, U, V, t1, t2, t3)) {
        // slow mode: U, V hold T_m, W_m directly
        for (let j = 0; j < 9; j++) {
          const Sj = S[j]!, Tj = U[j]!, Wj = V[j]!;
          t1[j] = Sj * R + Tj * a1 + Wj * a2;
          t3[j] = Tj * b1 + Wj * b2;
        }
      } else {
        powerSums(A, m, P, S, U, V, t1, t2);
        // G0 = S R + T a1 + W a2, G1 = T b1 + W b2 with T = (m−1)S − U, W = (m−1)²S − 2(m−1)U + V
        for (let j = 0; j < 9; j++) {
          const Sj = S[j]!, Uj = U[j]!;
          const Tj = m1 * Sj - Uj;
          const Wj = m1 * m1 * Sj - 2 * m1 * Uj + V[j]!;
          t1[j] = Sj * R + Tj * a1 + Wj * a2;
          t3[j] = Tj * b1 + Wj * b2;
        }
      }
      const q = xQ[i]!;
      const s = xS[i]!;
      const f0 = f[0]! * wk;
      const f1 = f[1]! * wk;
      const f2 = f[2]! * wk;
      // u = A^m x + G0 f;  w = G1 f
      uP[i] = P[0]! * p + P[1]! * q + P[2]! * s + t1[0]! * f0 + t1[1]! * f1 + t1[2]! * f2;
      uQ[i] = P[3]! * p + P[4]! * q + P[5]! * s + t1[3]! * f0 + t1[4]! * f1 + t1[5]! * f2;
      uS[i] = P[6]! * p + P[7]! * q + P[8]! * s + t1[6]! * f0 + t1[7]! * f1 + t1[8]! * f2;
      const w0 = t3[0]! * f0 + t3[1]! * f1 + t3[2]! * f2;
      wP[i] = w0;
      wQ[i] = t3[3]! * f0 + t3[4]! * f1 + t3[5]! * f2;
      wS[i] = t3[6]! * f0 + t3[7]! * f1 + t3[8]! * f2;
      sumU += uP[i]!;
      sumW += w0;
    }
    const R1 = sumU / (1 - sumW);
    if (scalar) {
      for (let i = 0; i < n; i++) xP[i] = uP[i]! + wP[i]! * R1;
      // Q, S are not used by the P row when g3 = 0; keep them consistent by stepping them lazily:
      // they only matter if a later block has g3 ≠ 0 (a schedule that switches momentum on), which
      // this engine does not build (g3 ≡ 0 or never 0 for c·(1 + t/t0)^p with c ≠ 0).
    } else {
      for (let i = 0; i < n; i++) {
        xP[i] = uP[i]! + wP[i]! * R1;
        xQ[i] = uQ[i]! + wQ[i]! * R1;
        xS[i] = uS[i]! + wS[i]! * R1;
      }
    }
    Rp = R;
    mp = m;
    R = R1;
    const tEnd = t + m;
    if (!(R <= fac * R0)) throw new DivergedError(tEnd);
    if (k < nc && checkpoints[k] === tEnd) out[k++] = R;
  }
  return out;
}

/**
 * Frozen-coefficient stability of one set of coefficients: the largest spectral radius over the 3×3
 * blocks A_j, and the rank-one coupling q = Σ_j [(I − A_j)^{-1} f̃_j]_P (R(∞) = F0/(1 − q) when the
 * blocks are stable; q ≥ 1 means the coupled system has an eigenvalue ≥ 1). For SGD q is the q(γ) of
 * dynamics/stability.ts. Stable ⇔ radius < 1 and 0 ≤ q < 1 (for SGD exactly; for momentum the
 * blocks' eigenvalues may be complex and the condition is the one at z = 1).
 */
export function familyStability(measure: Pick<DiscreteMeasure, 'lambda' | 'kernel'>, batch: number, c: FamilyCoefs): { radius: number; q: number } {
  const A = new Float64Array(9);
  const f = new Float64Array(3);
  let radius = 0;
  let q = 0;
  for (let i = 0; i < measure.lambda.length; i++) {
    const l = measure.lambda[i]!;
    if (!(l > 0)) continue;
    familyBlock(l, batch, c, A, f, 0);
    const r = c.g3 === 0 && c.g1 === 0 ? Math.abs(A[0]!) : spectralRadius3(A);
    if (r > radius) radius = r;
    // (I − A) z = f  → z_P
    const M = [1 - A[0]!, -A[1]!, -A[2]!, -A[3]!, 1 - A[4]!, -A[5]!, -A[6]!, -A[7]!, 1 - A[8]!];
    const zP = c.g3 === 0 ? f[0]! / M[0]! : solve3P(M, f);
    q += batch * measure.kernel[i]! * zP;
  }
  return { radius, q };
}

function det3(M: number[]): number {
  return M[0]! * (M[4]! * M[8]! - M[5]! * M[7]!) - M[1]! * (M[3]! * M[8]! - M[5]! * M[6]!) + M[2]! * (M[3]! * M[7]! - M[4]! * M[6]!);
}

/** first component of M⁻¹ f (Cramer) */
function solve3P(M: number[], f: Float64Array): number {
  const D = det3(M);
  const N = [f[0]!, M[1]!, M[2]!, f[1]!, M[4]!, M[5]!, f[2]!, M[7]!, M[8]!];
  return det3(N) / D;
}

/**
 * spectral radius of a real 3×3 matrix. The roots μ of the characteristic cubic of A − I are found
 * (eigenvalues 1 + μ): the blocks of slow modes have a near-triple eigenvalue at 1, where the roots of A's
 * own cubic lose ~ε^{1/3} ≈ 6e-6, while those of the shifted cubic keep ~ε^{1/3}·‖A − I‖.
 */
export function spectralRadius3(A: ArrayLike<number>): number {
  const B = [A[0]! - 1, A[1]!, A[2]!, A[3]!, A[4]! - 1, A[5]!, A[6]!, A[7]!, A[8]! - 1];
  const tr = B[0]! + B[4]! + B[8]!;
  const m2 = B[0]! * B[4]! - B[1]! * B[3]! + B[0]! * B[8]! - B[2]! * B[6]! + B[4]! * B[8]! - B[5]! * B[7]!;
  const det = det3(B);
  // μ³ − tr μ² + m2 μ − det = 0; one real root by bisection inside the Cauchy bound, then deflate
  const pol = (z: number): number => ((z - tr) * z + m2) * z - det;
  const bound = 1e-300 + 2 * Math.max(Math.abs(tr), Math.sqrt(Math.abs(m2)), Math.cbrt(Math.abs(det)));
  let lo = -bound;
  let hi = bound;
  for (let it = 0; it < 2000; it++) {
    const mid = 0.5 * (lo + hi);
    if (mid <= lo || mid >= hi) break;
    if (pol(mid) > 0) hi = mid;
    else lo = mid;
  }
  const r = 0.5 * (lo + hi);
  // μ³ − tr μ² + m2 μ − det = (μ − r)(μ² + pμ + qq)
  const p = r - tr;
  const qq = m2 + r * p;
  const disc = p * p - 4 * qq;
  let r2: number;
  if (disc >= 0) {
    const sd = Math.sqrt(disc);
    r2 = Math.max(Math.abs(1 + (-p + sd) / 2), Math.abs(1 + (-p - sd) / 2));
  } else {
    const x = -p / 2;
    r2 = Math.sqrt((1 + x) * (1 + x) + (-disc / 4));
  }
  return Math.max(Math.abs(1 + r), r2);
}
