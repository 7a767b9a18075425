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
// Three ways to compute R at the checkpoints:
//  - familyRiskRecurrence: the step recurrence above, O(n · r) (the reference);
//  - familyRiskConstant / prepareFamilyConstant (time-constant coefficients: heavy-ball momentum, DANA with
//    constant g1..Δ; not the dana-constant preset, whose Δ decays): exact, no per-step work — R(t) =
//    R∞ + Σ_k c_k z_k^t over the 3n roots of the secular equation of blockdiag(A_j) + rank one (derivation
//    in the section "Constant coefficients" below). Certified at t ≤ 1024 against the step recurrence.
//    Tested (test/unit/engine/family-constant.test.ts): ≤ 1e-9 relative vs the step recurrence to r = 1e6
//    (measured ~1e-13), = the SGD closed form for g3 = 0 to r = 1e12 (≤ 1e-9), complex roots included;
//  - familyRiskBlocks (any schedule): exact single steps up to t = 4096, then blocks [t, t + m) with m ≤ dt·t (block
//    ends on every checkpoint and schedule kink). In a block the coefficients are frozen at the
//    block midpoint and R(t + k) = R(t) + c1 k + c2 k² is the parabola through R at the previous block
//    start, R(t) and the unknown R(t + m); then each mode is propagated exactly:
//      x(t+m) = A^m x(t) + (S_m R(t) + T_m c1 + W_m c2) f,
//      S_m = Σ_{k<m} A^k,  T_m = Σ_{k<m} (m − 1 − k) A^k = (m − 1)S_m − U_m,  U_m = Σ_{k<m} k A^k,
//      W_m = Σ_{k<m} (m − 1 − k)² A^k = (m − 1)²S_m − 2(m − 1)U_m + V_m,  V_m = Σ_{k<m} k² A^k,
//    (only the vectors A^m x, S_m f, T_m f, W_m f are needed: right-to-left binary powering with one 3×3
//    squaring per bit, powerSumsVec, or a Taylor series in A − I for slow modes, taylorSumsVec), and R(t + m) =
//    F0 + Σ x_P(t + m) is a scalar linear equation (c1, c2 are linear in it). Cost O(n · log r · #blocks),
//    #blocks ≈ ln(r)/dt + #checkpoints (no per-step work). Error (≤ 1e-3 required): vs the step recurrence
//    in test/unit/engine/family-moments.test.ts (5.5–6 decades; worst seen 7e-4 at α = 1.5, d = 10,
//    τ = 1/√d, DANA-decaying, whose underdamped fast modes made the chord version without the exact start
//    miss by 7.6e-3) and family-moments-decades.test.ts (momentum stepped to 1e8, DANA-decaying to 1e7 at d = 8 and to 1e8 at n = 3: 4.5e-5; SGD
//    through the scalar row and the full 3×3 blocks vs the SGD closed form to 1e12: ~7e-8); vs the
//    constant-coefficient closed form over 12 decades (r ≤ 1e12, d = 200: momentum 2.8e-7, DANA 3.2e-8).
//    Schedules over 12 decades (family-piecewise-decades.test.ts): a piecewise-constant schedule (15 pieces
//    per decade, values of heavy-ball with γ ∝ (1 + t/100)^-0.5, the dana-decaying preset, SGD with
//    γ ∝ (1 + t/100)^-0.6) makes the system linear time-invariant and affine on each piece, so an exact
//    reference propagates it by binary powering (test/unit/engine/piecewise-exact.ts; = the step recurrence
//    to 1e6 within 4e-14); the blocks, given the piece starts as breakpoints, match it at 60 checkpoints in
//    [1, 1e12] within 8e-6 on R and 2.1e-4 on R − F0 (d = 8, α = 1.5, τ = 1/√d, B = 4 included). Why this
//    covers smooth schedules: for c(1 + t/t0)^p the relative coefficient change across a block is
//    ≈ |p|·m/t ≤ |p|·dt at every t ≫ t0 (scale invariance in log time), so the frozen-coefficient error per
//    block is the same in every decade — which the stepped checks to 1e7–1e8 measure — while the 12-decade
//    piecewise test measures the accumulation over all blocks of the remaining error, the interpolation of
//    R in each block (pieces are constant, so it is the only one there).
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
  /** block integrator: propagate the full 3×3 blocks even when g3 = 0 (default false: the scalar P row);
   *  lets tests check the 3×3 path against the SGD closed form */
  fullBlocks?: boolean;
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

/**
 * The block quantities of one mode as vectors (no 3×3 products but A^b's own squaring): with x the
 * state and f the forcing direction, out = [A^m x, S_m f, T_m f, W_m f] (12 entries). Right-to-left
 * binary powering over the bits of m: the current power b (matrix A^b, vectors s_b = S_b f, u_b = U_b f,
 * v_b = V_b f) doubles as
 *   s_2b = s_b + A^b s_b,  u_2b = u_b + A^b(u_b + b s_b),  v_2b = v_b + A^b(v_b + 2b u_b + b² s_b),
 * and joins the accumulated low bits a (X = A^a x, s_a, u_a, v_a) as
 *   s_{a+b} = s_b + A^b s_a,  u_{a+b} = u_b + A^b(u_a + b s_a),  v_{a+b} = v_b + A^b(v_a + 2b u_a + b² s_a),  X ← A^b X
 * (Σ_{k<a+b} k^p A^k split at k = b). Per bit: one 3×3 squaring and ≤ 7 matrix–vector products (the
 * matrix version, powerSums, needs 4–5 products). Once every entry of A^b is below 1e-30 the higher bits
 * contribute nothing: A^m x = 0 and the sums are those of length b.
 * T_m = (m − 1)S_m − U_m, W_m = (m − 1)²S_m − 2(m − 1)U_m + V_m.
 */
function powerSumsVec(A: Float64Array, m: number, x0: number, x1: number, x2: number, f0: number, f1: number, f2: number, out: Float64Array): void {
  let p0 = A[0]!, p1 = A[1]!, p2 = A[2]!, p3 = A[3]!, p4 = A[4]!, p5 = A[5]!, p6 = A[6]!, p7 = A[7]!, p8 = A[8]!;
  let sb0 = f0, sb1 = f1, sb2 = f2;
  let ub0 = 0, ub1 = 0, ub2 = 0;
  let vb0 = 0, vb1 = 0, vb2 = 0;
  let X0 = x0, X1 = x1, X2 = x2;
  let sa0 = 0, sa1 = 0, sa2 = 0;
  let ua0 = 0, ua1 = 0, ua2 = 0;
  let va0 = 0, va1 = 0, va2 = 0;
  let b = 1;
  let rest = m;
  for (;;) {
    if (rest & 1) {
      // join: uses the old s_a, u_a
      const y0 = va0 + 2 * b * ua0 + b * b * sa0, y1 = va1 + 2 * b * ua1 + b * b * sa1, y2 = va2 + 2 * b * ua2 + b * b * sa2;
      va0 = vb0 + p0 * y0 + p1 * y1 + p2 * y2;
      va1 = vb1 + p3 * y0 + p4 * y1 + p5 * y2;
      va2 = vb2 + p6 * y0 + p7 * y1 + p8 * y2;
      const z0 = ua0 + b * sa0, z1 = ua1 + b * sa1, z2 = ua2 + b * sa2;
      ua0 = ub0 + p0 * z0 + p1 * z1 + p2 * z2;
      ua1 = ub1 + p3 * z0 + p4 * z1 + p5 * z2;
      ua2 = ub2 + p6 * z0 + p7 * z1 + p8 * z2;
      const w0 = sa0, w1 = sa1, w2 = sa2;
      sa0 = sb0 + p0 * w0 + p1 * w1 + p2 * w2;
      sa1 = sb1 + p3 * w0 + p4 * w1 + p5 * w2;
      sa2 = sb2 + p6 * w0 + p7 * w1 + p8 * w2;
      const q0 = X0, q1 = X1, q2 = X2;
      X0 = p0 * q0 + p1 * q1 + p2 * q2;
      X1 = p3 * q0 + p4 * q1 + p5 * q2;
      X2 = p6 * q0 + p7 * q1 + p8 * q2;
    }
    rest = Math.floor(rest / 2);
    if (rest === 0) break;
    // double b
    {
      const y0 = vb0 + 2 * b * ub0 + b * b * sb0, y1 = vb1 + 2 * b * ub1 + b * b * sb1, y2 = vb2 + 2 * b * ub2 + b * b * sb2;
      vb0 += p0 * y0 + p1 * y1 + p2 * y2;
      vb1 += p3 * y0 + p4 * y1 + p5 * y2;
      vb2 += p6 * y0 + p7 * y1 + p8 * y2;
      const z0 = ub0 + b * sb0, z1 = ub1 + b * sb1, z2 = ub2 + b * sb2;
      ub0 += p0 * z0 + p1 * z1 + p2 * z2;
      ub1 += p3 * z0 + p4 * z1 + p5 * z2;
      ub2 += p6 * z0 + p7 * z1 + p8 * z2;
      const w0 = sb0, w1 = sb1, w2 = sb2;
      sb0 += p0 * w0 + p1 * w1 + p2 * w2;
      sb1 += p3 * w0 + p4 * w1 + p5 * w2;
      sb2 += p6 * w0 + p7 * w1 + p8 * w2;
      const n0 = p0 * p0 + p1 * p3 + p2 * p6, n1 = p0 * p1 + p1 * p4 + p2 * p7, n2 = p0 * p2 + p1 * p5 + p2 * p8;
      const n3 = p3 * p0 + p4 * p3 + p5 * p6, n4 = p3 * p1 + p4 * p4 + p5 * p7, n5 = p3 * p2 + p4 * p5 + p5 * p8;
      const n6 = p6 * p0 + p7 * p3 + p8 * p6, n7 = p6 * p1 + p7 * p4 + p8 * p7, n8 = p6 * p2 + p7 * p5 + p8 * p8;
      p0 = n0; p1 = n1; p2 = n2; p3 = n3; p4 = n4; p5 = n5; p6 = n6; p7 = n7; p8 = n8;
      b *= 2;
    }
    const big = Math.max(Math.abs(p0), Math.abs(p1), Math.abs(p2), Math.abs(p3), Math.abs(p4), Math.abs(p5), Math.abs(p6), Math.abs(p7), Math.abs(p8));
    if (big < 1e-30) {
      // A^b ≈ 0 and rest ≥ 1: the join gives s_b, u_b, v_b and X = 0
      sa0 = sb0; sa1 = sb1; sa2 = sb2;
      ua0 = ub0; ua1 = ub1; ua2 = ub2;
      va0 = vb0; va1 = vb1; va2 = vb2;
      X0 = 0; X1 = 0; X2 = 0;
      break;
    }
  }
  const m1 = m - 1;
  out[0] = X0; out[1] = X1; out[2] = X2;
  out[3] = sa0; out[4] = sa1; out[5] = sa2;
  out[6] = m1 * sa0 - ua0; out[7] = m1 * sa1 - ua1; out[8] = m1 * sa2 - ua2;
  out[9] = m1 * m1 * sa0 - 2 * m1 * ua0 + va0; out[10] = m1 * m1 * sa1 - 2 * m1 * ua1 + va1; out[11] = m1 * m1 * sa2 - 2 * m1 * ua2 + va2;
}

/**
 * Slow modes (m·‖D(A − I)D⁻¹‖∞ ≤ 1, D = diag(1, s, s²) with s = √(|E01|/|E10|) ≈ √(b/λ), balancing the
 * e–y coupling so the scaled norm is the mode's own rate ≈ √(bλ) + Δ rather than the units of y): with
 * E = A − I and the hockey-stick identities Σ_{i<m} C(i, k) = C(m, k+1), Σ_{i<m} C(i, k)·C(m−1−i, r) = C(m, k+r+1),
 *   A^m = Σ_k C(m, k) E^k,  S_m = Σ_k C(m, k+1) E^k,  T_m = Σ_k C(m, k+2) E^k,  W_m = Σ_k (2C(m, k+3) + C(m, k+2)) E^k,
 * applied to x and f (two matrix–vector products per term); terms fall like (m‖E‖)^k/k!, and T, W come
 * without the cancellation of (m−1)S − U. out as in powerSumsVec. Returns false (nothing written) when
 * m·‖D(A − I)D⁻¹‖∞ > 1.
 */
function taylorSumsVec(A: Float64Array, m: number, x0: number, x1: number, x2: number, f0: number, f1: number, f2: number, out: Float64Array): boolean {
  const e0 = A[0]! - 1, e1 = A[1]!, e2 = A[2]!, e3 = A[3]!, e4 = A[4]! - 1, e5 = A[5]!, e6 = A[6]!, e7 = A[7]!, e8 = A[8]! - 1;
  const a01 = Math.abs(e1);
  const a10 = Math.abs(e3);
  const sc = a01 > 0 && a10 > 0 ? Math.sqrt(a01 / a10) : 1;
  const isc = 1 / sc;
  // ‖D E D⁻¹‖∞, entry (r, c) scaled by sc^(r − c)
  const r0 = Math.abs(e0) + Math.abs(e1) * isc + Math.abs(e2) * isc * isc;
  const r1 = Math.abs(e3) * sc + Math.abs(e4) + Math.abs(e5) * isc;
  const r2 = Math.abs(e6) * sc * sc + Math.abs(e7) * sc + Math.abs(e8);
  const x = m * Math.max(r0, r1, r2);
  if (!(x <= 1)) return false;
  let c0 = 1;
  let c1 = m;
  let c2 = (m * (m - 1)) / 2;
  let c3 = (c2 * (m - 2)) / 3;
  let X0 = 0, X1 = 0, X2 = 0, S0 = 0, S1 = 0, S2 = 0, T0 = 0, T1 = 0, T2 = 0, W0 = 0, W1 = 0, W2 = 0;
  let y0 = x0, y1 = x1, y2 = x2;
  let g0 = f0, g1 = f1, g2 = f2;
  let bound = 1;
  for (let k = 0; k < 40; k++) {
    const w3 = 2 * c3 + c2;
    X0 += c0 * y0; X1 += c0 * y1; X2 += c0 * y2;
    S0 += c1 * g0; S1 += c1 * g1; S2 += c1 * g2;
    T0 += c2 * g0; T1 += c2 * g1; T2 += c2 * g2;
    W0 += w3 * g0; W1 += w3 * g1; W2 += w3 * g2;
    bound = (bound * x) / (k + 1);
    if (bound < 1e-17) break;
    const ny0 = e0 * y0 + e1 * y1 + e2 * y2, ny1 = e3 * y0 + e4 * y1 + e5 * y2, ny2 = e6 * y0 + e7 * y1 + e8 * y2;
    y0 = ny0; y1 = ny1; y2 = ny2;
    const ng0 = e0 * g0 + e1 * g1 + e2 * g2, ng1 = e3 * g0 + e4 * g1 + e5 * g2, ng2 = e6 * g0 + e7 * g1 + e8 * g2;
    g0 = ng0; g1 = ng1; g2 = ng2;
    c0 = c1;
    c1 = c2;
    c2 = c3;
    c3 = (c3 * (m - k - 3)) / (k + 4);
  }
  out[0] = X0; out[1] = X1; out[2] = X2;
  out[3] = S0; out[4] = S1; out[5] = S2;
  out[6] = T0; out[7] = T1; out[8] = T2;
  out[9] = W0; out[10] = W1; out[11] = W2;
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
  const s1 = new Float64Array(4);
  const o12 = new Float64Array(12);
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
    const scalar = c.g3 === 0 && !opts.fullBlocks; // SGD-like: the P row is closed (b = 0)
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
      const f0 = f[0]! * wk;
      const f1 = f[1]! * wk;
      const f2 = f[2]! * wk;
      if (!taylorSumsVec(A, m, p, xQ[i]!, xS[i]!, f0, f1, f2, o12)) powerSumsVec(A, m, p, xQ[i]!, xS[i]!, f0, f1, f2, o12);
      // u = A^m x + (S R + T a1 + W a2) f;  w = (T b1 + W b2) f
      uP[i] = o12[0]! + o12[3]! * R + o12[6]! * a1 + o12[9]! * a2;
      uQ[i] = o12[1]! + o12[4]! * R + o12[7]! * a1 + o12[10]! * a2;
      uS[i] = o12[2]! + o12[5]! * R + o12[8]! * a1 + o12[11]! * a2;
      const w0 = o12[6]! * b1 + o12[9]! * b2;
      wP[i] = w0;
      wQ[i] = o12[7]! * b1 + o12[10]! * b2;
      wS[i] = o12[8]! * b1 + o12[11]! * b2;
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

// ---------------------------------------------------------------------------------------------------
// Constant coefficients: R(t) with no per-step work (familyRiskConstant).
//
// With A_j constant, x_j(t+1) = A_j x_j(t) + f̃_j R(t), R(t) = F0 + Σ_j x_{j,P}(t) is the affine recursion
// of the 3n×3n matrix M = blockdiag(A_j) + f̃ gᵀ (g picks every P component): block-diagonal plus rank one.
// z-transform (X̂(z) = Σ_t x(t) z^{−t}): X̂_j = (zI − A_j)^{−1}(z x_j(0) + f̃_j R̂), so
//   R̂(z) = [F0 z/(z − 1) + z Φ(z)] / (1 − K̂(z)),  K̂(z) = Σ_j e1ᵀ(zI − A_j)^{−1} f̃_j,  Φ(z) = Σ_j e1ᵀ(zI − A_j)^{−1} x_j(0),
// the renewal equation R = F + K ∗ R in the z-domain (K(τ) = Σ_j e1ᵀA_j^{τ−1} f̃_j). The poles of R̂ are z = 1
// and the 3n roots of the secular equation 1 − K̂(z) = 0 (the eigenvalues of M; K̂ has up to 3 poles per
// mode, the eigenvalues of A_j, complex for underdamped momentum modes), hence, for simple roots,
//   R(t) = R∞ + Σ_k c_k z_k^t,  R∞ = F0/(1 − K̂(1)),  c_k = [F0/(z_k − 1) + Φ(z_k)] / (−K̂′(z_k)).
// Numerics: everything in ν = 1 − z with E_j = A_j − I formed without cancellation (familyBlockE), so slow
// roots keep relative precision (ν ~ 1e−12); with C = νI + E_j, e1ᵀ(zI − A_j)^{−1}v = −e1ᵀC^{−1}v =
// −e1ᵀadj(C)v/det C, a quadratic over a cubic in ν (coefficients per atom, resolventPolys; no
// eigen-decomposition), so with κ(ν) = Σ_j e1ᵀC_j^{−1}f̃_j and φ(ν) = Σ_j e1ᵀC_j^{−1}x_j(0):
//   secular equation 1 + κ(ν) = 0,  R∞ = F0/(1 + κ(0)),  c_k = [F0/ν_k + φ(ν_k)] / κ′(ν_k),  κ′ = −Σ_j e1ᵀC_j^{−2}f̃_j,
// and z^t = exp(t·log(1 − ν)) with log|1 − ν| = ½ log1p(−2Re ν + |ν|²). The 3n roots are those of the
// degree-3n polynomial P(ν) = (1 + κ(ν)) Π_j det C_j(ν), found all at once by the Aberth–Ehrlich
// iteration (as MPSolve does for secular equations; Bini & Robol, J. Comput. Appl. Math. 272 (2014) 276):
//   ν_i ← ν_i − N_i/(1 − N_i Σ_{k≠i} 1/(ν_i − ν_k)),  1/N_i = P′/P = κ′/(1 + κ) + Σ_j tr(adj C_j)/det C_j,
// started next to the poles (the eigenvalues of −E_j, pushed off by 1e−3 of the distance to the nearest
// other pole). Clusters: every slow atom has y-poles within ~κλ of ν = Δ and ν = Δ(2 − Δ) (E22 = −Δ(2 − Δ)
// for every atom, E11 = −Δ − O(λ)); in absolute ν a root there is known to ~ε·Δ, i.e. to ~ε·Δ/(κλ) of
// the cluster's spacing (1e−6 at λ = 1e−9: deterministic-equivalent measures failed the certificate).
// So each root is ν = origin + τ with origin ∈ {0, Δ, Δ(2 − Δ)} (the nearest to its starting pole), the
// diagonal of C is formed as (E00 + origin) + τ, (E11 + Δ) + (origin − Δ) + τ, (origin − Δ(2 − Δ)) + τ
// with E11 + Δ = −(ac + bg1)L computed directly, and ν_i − ν_k = τ_i − τ_k within a cluster.
// Certificate: R(t) of the expansion at t = 0…16, 32, …, 1024 must match the step recurrence to 1e−10 relative, else
// an error is thrown (never a silently wrong curve; the caller falls back to the block integrator).
// Cost O(n²) per Aberth sweep (4–10 sweeps seen), O(n) per checkpoint: d = 1600 ≈ 0.4–0.5 s, a
// deterministic-equivalent measure (~1000 atoms) ≈ 0.2–0.3 s. A root that lands on a pole in floating
// point (a pole κ barely feels) gets c = 0, its limit.

/** E = A − I of one atom (row-major), formed without the cancellation of 1 − (…) */
export function familyBlockE(lambda: number, batch: number, c: FamilyCoefs, E: Float64Array): void {
  const { g1, g2, g3, delta } = c;
  const a = g2 + g1 * g3;
  const cc = 1 - delta;
  const b = g3 * cc;
  const L = batch * lambda;
  const L2 = batch * (batch + 1) * lambda * lambda;
  E[0] = -2 * a * L + a * a * L2;
  E[1] = 2 * a * b * L - 2 * b;
  E[2] = b * b;
  E[3] = g1 * L - a * g1 * L2;
  E[4] = -delta - a * cc * L - b * g1 * L;
  E[5] = -b * cc;
  E[6] = g1 * g1 * L2;
  E[7] = 2 * cc * g1 * L;
  E[8] = -delta * (2 - delta);
}

/** roots of the monic cubic μ³ + p2 μ² + p1 μ + p0 (complex, as re/im pairs), by bisection for a real root + deflation */
function cubicRoots(p2: number, p1: number, p0: number, out: Float64Array, off: number): void {
  const pol = (z: number): number => ((z + p2) * z + p1) * z + p0;
  const bound = 1e-300 + 2 * Math.max(Math.abs(p2), Math.sqrt(Math.abs(p1)), Math.cbrt(Math.abs(p0)));
  let lo = -bound;
  let hi = bound;
  for (let it = 0; it < 2000; it++) {
    const mid = 0.5 * (lo + hi);
    if (mid <= lo || mid >= hi) break;
    if (pol(mid) > 0) hi = mid;
    else lo = mid;
  }
  const r = 0.5 * (lo + hi);
  // μ³ + p2 μ² + p1 μ + p0 = (μ − r)(μ² + s μ + q)
  const s = p2 + r;
  const q = p1 + r * s;
  const disc = s * s - 4 * q;
  out[off] = r;
  out[off + 1] = 0;
  if (disc >= 0) {
    const sd = Math.sqrt(disc);
    const r1 = s >= 0 ? (-s - sd) / 2 : (-s + sd) / 2;
    const r2 = r1 !== 0 ? q / r1 : 0;
    out[off + 2] = r1;
    out[off + 3] = 0;
    out[off + 4] = r2;
    out[off + 5] = 0;
  } else {
    const sd = Math.sqrt(-disc) / 2;
    out[off + 2] = -s / 2;
    out[off + 3] = sd;
    out[off + 4] = -s / 2;
    out[off + 5] = -sd;
  }
}

/**
 * The per-atom rational functions in τ for one origin (ν = origin + τ; the diagonal of C = νI + E formed as
 * (E00 + s0) + τ, (E11 + Δ + s1) + τ, (E22 + Δ(2 − Δ) + s2) + τ with s0 = origin, s1 = origin − Δ,
 * s2 = origin − Δ(2 − Δ), E in the shifted layout of prepareFamilyConstant, so a root in a y-pole cluster
 * is resolved relative to the cluster, not to |ν|):
 * det C = τ³ + d2τ² + d1τ + d0, e1ᵀ adj(C) f̃ = n2τ² + n1τ + n0, adj(C)00·x_P = p2τ² + p1τ + p0 — 8 numbers
 * per atom (closed P rows: det = τ + d0, numerators f̃_P and x_P; flagged by d2 = NaN). With them a
 * resolvent evaluation costs ~70 flops per atom instead of a complex adjugate (~250).
 */
function resolventPolys(E: Float64Array, f: Float64Array, x0P: Float64Array, scalar: Uint8Array, n: number, s0: number, s1: number, s2: number): Float64Array {
  const out = new Float64Array(8 * n);
  for (let j = 0; j < n; j++) {
    const o = 9 * j, q = 8 * j;
    const e0 = E[o]! + s0;
    if (scalar[j]) {
      out[q] = NaN;
      out[q + 2] = e0;
      out[q + 5] = f[3 * j]!;
      out[q + 7] = x0P[j]!;
      continue;
    }
    const e1 = E[o + 4]! + s1, e2 = E[o + 8]! + s2;
    const c01 = E[o + 1]!, c02 = E[o + 2]!, c10 = E[o + 3]!, c12 = E[o + 5]!, c20 = E[o + 6]!, c21 = E[o + 7]!;
    const f0 = f[3 * j]!, f1 = f[3 * j + 1]!, f2 = f[3 * j + 2]!;
    const m00 = e1 * e2 - c12 * c21;
    out[q] = e0 + e1 + e2;
    out[q + 1] = e0 * e1 + e0 * e2 + e1 * e2 - c01 * c10 - c02 * c20 - c12 * c21;
    out[q + 2] = e0 * m00 - c01 * (c10 * e2 - c12 * c20) + c02 * (c10 * c21 - e1 * c20);
    out[q + 3] = (e1 + e2) * f0 - c01 * f1 - c02 * f2;
    out[q + 4] = m00 * f0 - (c01 * e2 - c02 * c21) * f1 + (c01 * c12 - c02 * e1) * f2;
    out[q + 5] = f0; // n2
    out[q + 6] = (e1 + e2) * x0P[j]!; // p1 (p2 = x_P)
    out[q + 7] = m00 * x0P[j]!; // p0
  }
  return out;
}

/** at τ = (vr, vi): [κ, κ′, φ, Σ_j (det C_j)′/det C_j] as re/im pairs into out (8 entries), from resolventPolys */
function resolventSumsPoly(C: Float64Array, x0P: Float64Array, n: number, vr: number, vi: number, out: Float64Array): void {
  const t2r = vr * vr - vi * vi, t2i = 2 * vr * vi;
  const t3r = t2r * vr - t2i * vi, t3i = t2r * vi + t2i * vr;
  let kr = 0, ki = 0, dkr = 0, dki = 0, pr = 0, pi = 0, tr = 0, ti = 0;
  for (let j = 0; j < n; j++) {
    const q = 8 * j;
    const d2 = C[q]!;
    if (d2 !== d2) {
      // closed P row: 1/(τ + d0)
      const dr = vr + C[q + 2]!;
      const dd = dr * dr + vi * vi;
      const ir = dr / dd, ii = -vi / dd;
      const f0 = C[q + 5]!;
      kr += f0 * ir;
      ki += f0 * ii;
      dkr -= f0 * (ir * ir - ii * ii);
      dki -= f0 * 2 * ir * ii;
      pr += C[q + 7]! * ir;
      pi += C[q + 7]! * ii;
      tr += ir;
      ti += ii;
      continue;
    }
    const d1 = C[q + 1]!, d0 = C[q + 2]!, n1 = C[q + 3]!, n0 = C[q + 4]!, n2 = C[q + 5]!, p1 = C[q + 6]!, p0 = C[q + 7]!;
    const Dr = t3r + d2 * t2r + d1 * vr + d0, Di = t3i + d2 * t2i + d1 * vi;
    const Dpr = 3 * t2r + 2 * d2 * vr + d1, Dpi = 3 * t2i + 2 * d2 * vi;
    const Nr = n2 * t2r + n1 * vr + n0, Ni = n2 * t2i + n1 * vi;
    const Npr = 2 * n2 * vr + n1, Npi = 2 * n2 * vi;
    const x = x0P[j]!;
    const Pr = x * t2r + p1 * vr + p0, Pi = x * t2i + p1 * vi;
    const dd = Dr * Dr + Di * Di;
    const ir = Dr / dd, ii = -Di / dd; // 1/D
    // κ_j = N/D
    const kjr = Nr * ir - Ni * ii, kji = Nr * ii + Ni * ir;
    kr += kjr;
    ki += kji;
    // D′/D
    const gr = Dpr * ir - Dpi * ii, gi = Dpr * ii + Dpi * ir;
    tr += gr;
    ti += gi;
    // κ_j′ = N′/D − κ_j·D′/D
    dkr += Npr * ir - Npi * ii - (kjr * gr - kji * gi);
    dki += Npr * ii + Npi * ir - (kjr * gi + kji * gr);
    pr += Pr * ir - Pi * ii;
    pi += Pr * ii + Pi * ir;
  }
  out[0] = kr; out[1] = ki; out[2] = dkr; out[3] = dki; out[4] = pr; out[5] = pi; out[6] = tr; out[7] = ti;
}

export interface FamilyConstantCurve {
  /** R(∞) = F0/(1 + κ(0)) */
  riskInfinity: number;
  /** the 3n roots ν_k = 1 − z_k (re/im pairs) and their coefficients c_k */
  roots: Float64Array;
  coefs: Float64Array;
  /** Aberth sweeps used */
  sweeps: number;
  /** R at integer steps t ≥ 0 */
  risk(checkpoints: ArrayLike<number>): Float64Array;
}

/**
 * Constant coefficients, no per-step work (see the section comment above). Throws when the certificate
 * (t = 0…16, 32, …, 1024 against the step recurrence) fails or the coefficients are unstable.
 */
/** Aberth starts: this fraction of the distance from a pole to its nearest neighbour */
const FAMILY_START_OFFSET = 1e-3;
/** a root is final once its Aberth correction is below this fraction of |ν| (the step just taken
 *  leaves an error of order the cube of the correction: cubic convergence) */
const FAMILY_ROOT_TOL = 1e-12;
/** Aberth sweeps before giving up (≤ 14 seen over 142 converging cases: d = 50, 300, α ∈ {0.6, 1, 1.8}, β ∈ {0.3, 0.9},
 *  μ ∈ {0.3, 0.9, 0.99}, 0.2 or 0.95 γ_max(μ), B ∈ {1, 4}; 2 of 144 did not converge and were refused) */
const FAMILY_MAX_SWEEPS = 60;
export function prepareFamilyConstant(measure: DiscreteMeasure, batch: number, c: FamilyCoefs): FamilyConstantCurve {
  // atoms: equal λ merged (identical blocks: the sum of their states obeys the same recursion with the
  // summed forcing and kernel); atoms with kernel 0 and forcing 0 dropped (they carry nothing)
  const idx = Array.from(measure.lambda, (_, i) => i).sort((i, j) => measure.lambda[i]! - measure.lambda[j]!);
  const lam: number[] = [];
  const frc: number[] = [];
  const ker: number[] = [];
  for (const i of idx) {
    const l = measure.lambda[i]!, F = measure.forcing[i]!, K = measure.kernel[i]!;
    if (K === 0 && F === 0) continue;
    if (K === 0) throw new RangeError('constant-coefficient closed form: an atom with kernel 0 and forcing ≠ 0 (driving-only) is not supported');
    if (lam.length && lam[lam.length - 1] === l) {
      frc[frc.length - 1]! += F;
      ker[ker.length - 1]! += K;
    } else {
      lam.push(l);
      frc.push(F);
      ker.push(K);
    }
  }
  const n = lam.length;
  const E = new Float64Array(9 * n); // shifted layout (resolventSums)
  const Eu = new Float64Array(9 * n); // E = A − I itself
  const f = new Float64Array(3 * n);
  const scalar = new Uint8Array(n);
  const Eb = new Float64Array(9);
  const A9 = new Float64Array(9);
  const f3 = new Float64Array(3);
  const { g1, g2, g3, delta } = c;
  const aa = g2 + g1 * g3;
  const cc = 1 - delta;
  const bb = g3 * cc;
  let N = 0;
  for (let j = 0; j < n; j++) {
    familyBlockE(lam[j]!, batch, c, Eb);
    Eu.set(Eb, 9 * j);
    E.set(Eb, 9 * j);
    E[9 * j + 4] = -(aa * cc + bb * g1) * batch * lam[j]!; // E11 + Δ
    E[9 * j + 8] = 0; // E22 + Δ(2 − Δ)
    familyBlock(lam[j]!, batch, c, A9, f3, 0);
    const w = batch * ker[j]!;
    f[3 * j] = f3[0]! * w;
    f[3 * j + 1] = f3[1]! * w;
    f[3 * j + 2] = f3[2]! * w;
    scalar[j] = Eb[1] === 0 && Eb[2] === 0 ? 1 : 0;
    N += scalar[j] ? 1 : 3;
  }
  const x0P = Float64Array.from(frc);
  // origins of the root coordinates ν = origin + τ: 0 (slow e-poles), Δ and Δ(2 − Δ) (the y-pole clusters)
  const ov = [0, delta, delta * (2 - delta)];
  const sh1 = [-delta, 0, delta * (1 - delta)];
  const sh2 = [-delta * (2 - delta), -delta * (1 - delta), 0];
  const ori = new Uint8Array(N);
  const tau = new Float64Array(2 * N);
  // starting points: the poles ν = −eig(E_j) (only −E00 for a closed P row), real ones near a cluster
  // polished by Newton on det(C) in τ, then pushed off the pole
  const ev = new Float64Array(6);
  let r0 = 0;
  for (let j = 0; j < n; j++) {
    const o = 9 * j;
    if (scalar[j]) {
      tau[2 * r0] = -Eu[o]!;
      tau[2 * r0 + 1] = 0;
      ori[r0] = 0;
      r0++;
      continue;
    }
    const tr = Eu[o]! + Eu[o + 4]! + Eu[o + 8]!;
    const m2 = Eu[o]! * Eu[o + 4]! - Eu[o + 1]! * Eu[o + 3]! + Eu[o]! * Eu[o + 8]! - Eu[o + 2]! * Eu[o + 6]! + Eu[o + 4]! * Eu[o + 8]! - Eu[o + 5]! * Eu[o + 7]!;
    const det = Eu[o]! * (Eu[o + 4]! * Eu[o + 8]! - Eu[o + 5]! * Eu[o + 7]!) - Eu[o + 1]! * (Eu[o + 3]! * Eu[o + 8]! - Eu[o + 5]! * Eu[o + 6]!) + Eu[o + 2]! * (Eu[o + 3]! * Eu[o + 7]! - Eu[o + 4]! * Eu[o + 6]!);
    // eigenvalues μ of E: μ³ − tr μ² + m2 μ − det; poles ν = −μ: ν³ + tr ν² + m2 ν + det
    cubicRoots(tr, m2, det, ev, 0);
    for (let k = 0; k < 3; k++) {
      const re = ev[2 * k]!, im = ev[2 * k + 1]!;
      let best = 0;
      for (let q = 1; q < 3; q++) if (Math.abs(re - ov[q]!) < Math.abs(re - ov[best]!)) best = q;
      let t = re - ov[best]!;
      if (best !== 0 && im === 0) {
        // Newton on det(E' + (s + τ)I) in τ (derivative: the trace of the adjugate)
        const d0 = Eu[o]! + ov[best]!, d1 = E[o + 4]! + sh1[best]!, d2 = sh2[best]!;
        const e01 = Eu[o + 1]!, e02 = Eu[o + 2]!, e10 = Eu[o + 3]!, e12 = Eu[o + 5]!, e20 = Eu[o + 6]!, e21 = Eu[o + 7]!;
        for (let it = 0; it < 8; it++) {
          const x0 = d0 + t, x1 = d1 + t, x2 = d2 + t;
          const c00 = x1 * x2 - e12 * e21, c11 = x0 * x2 - e02 * e20, c22 = x0 * x1 - e01 * e10;
          const dt = x0 * c00 - e01 * (e10 * x2 - e12 * e20) + e02 * (e10 * e21 - x1 * e20);
          const der = c00 + c11 + c22;
          if (!(der !== 0)) break;
          const step = dt / der;
          t -= step;
          if (Math.abs(step) <= 1e-16 * Math.abs(t)) break;
        }
      }
      tau[2 * r0] = t;
      tau[2 * r0 + 1] = im;
      ori[r0] = best;
      r0++;
    }
  }
  const ovA = Float64Array.from(ori, (q) => ov[q]!); // each root's origin
  const polys = [0, 1, 2].map((q) => resolventPolys(E, f, x0P, scalar, n, ov[q]!, sh1[q]!, sh2[q]!));
  // push each start off its pole by a small fraction of the distance to the nearest other pole (roots
  // of clustered poles sit very close to their own pole); the nearest pole is searched among the 8
  // neighbours on each side in the order of Re ν (a scale for the offset, not an exact distance)
  {
    const pr = Float64Array.from(tau);
    const order = Array.from({ length: N }, (_, i) => i).sort((i, k) => (ori[i] === ori[k] ? pr[2 * i]! - pr[2 * k]! : ovA[i]! - ovA[k]!));
    for (let q = 0; q < N; q++) {
      const i = order[q]!;
      let d2min = Infinity;
      for (let w = Math.max(0, q - 8); w <= Math.min(N - 1, q + 8); w++) {
        const k = order[w]!;
        if (k === i) continue;
        const ur = (ori[i] === ori[k] ? 0 : ovA[i]! - ovA[k]!) + (pr[2 * i]! - pr[2 * k]!), ui = pr[2 * i + 1]! - pr[2 * k + 1]!;
        const d2 = ur * ur + ui * ui;
        if (d2 > 0 && d2 < d2min) d2min = d2;
      }
      const nu = Math.hypot(ovA[i]! + pr[2 * i]!, pr[2 * i + 1]!);
      const s = FAMILY_START_OFFSET * (Math.min(Math.sqrt(d2min), nu) || 1e-300);
      const th = 2 * Math.PI * ((i * 0.6180339887498949) % 1); // distinct directions (equal poles happen)
      tau[2 * i] = pr[2 * i]! + s * Math.cos(th);
      tau[2 * i + 1] = pr[2 * i + 1]! + s * Math.sin(th);
    }
  }
  const ws = new Float64Array(8);
  const done = new Uint8Array(N);
  let sweeps = 0;
  let converged = false;
  for (; sweeps < FAMILY_MAX_SWEEPS; sweeps++) {
    let active = 0;
    for (let i = 0; i < N; i++) {
      if (done[i]) continue;
      const o = ori[i]!;
      const vr = tau[2 * i]!, vi = tau[2 * i + 1]!;
      resolventSumsPoly(polys[o]!, x0P, n, vr, vi, ws);
      // P′/P = κ′/(1 + κ) + Σ tr(adj C)/det C
      const hr = 1 + ws[0]!, hi = ws[1]!;
      const hh = hr * hr + hi * hi;
      let gr = (ws[2]! * hr + ws[3]! * hi) / hh + ws[6]!;
      let gi = (ws[3]! * hr - ws[2]! * hi) / hh + ws[7]!;
      // Σ_{k≠i} 1/(ν_i − ν_k)
      let sr = 0, si = 0;
      // ν_i − ν_k with the origins taken apart (exact within a cluster)
      const oi = ori[i]!, ovi = ovA[i]!;
      for (let k = 0; k < N; k++) {
        if (k === i) continue;
        const dr = (ori[k] === oi ? 0 : ovi - ovA[k]!) + (vr - tau[2 * k]!), di = vi - tau[2 * k + 1]!;
        const d2 = dr * dr + di * di;
        if (d2 === 0) continue; // two iterates on one point: the nudge below separates them
        sr += dr / d2;
        si -= di / d2;
      }
      // w = N/(1 − N S) = 1/(P′/P − S)
      gr -= sr;
      gi -= si;
      const g2_ = gr * gr + gi * gi;
      const wr = gr / g2_, wi = -gi / g2_;
      if (!Number.isFinite(wr) || !Number.isFinite(wi)) {
        // an iterate on a pole or on another iterate: nudge it and go on
        const sc = 1e-7 * (Math.abs(ov[o]! + vr) + Math.abs(vi));
        tau[2 * i] = vr + sc;
        tau[2 * i + 1] = vi + 0.7 * sc;
        active++;
        continue;
      }
      tau[2 * i] = vr - wr;
      tau[2 * i + 1] = vi - wi;
      const wa = Math.abs(wr) + Math.abs(wi);
      // converged: relative to τ (the distance from the origin), or to ε·|ν| (a root at its origin)
      if (wa <= FAMILY_ROOT_TOL * (Math.abs(vr) + Math.abs(vi)) || wa <= 1e-16 * (Math.abs(ov[o]! + vr) + Math.abs(vi))) done[i] = 1;
      else active++;
    }
    if (active === 0) {
      converged = true;
      break;
    }
  }
  // near-multiple roots (a mode at critical damping) converge only linearly: refuse rather than spend
  // O(n²) sweeps (the caller falls back to the block integrator)
  if (!converged) throw new Error(`constant-coefficient closed form: the Aberth iteration did not converge in ${FAMILY_MAX_SWEEPS} sweeps`);
  // coefficients
  resolventSumsPoly(polys[0]!, x0P, n, 0, 0, ws);
  const F0 = measure.F0;
  const riskInfinity = F0 / (1 + ws[0]!);
  const coefs = new Float64Array(2 * N);
  const roots = new Float64Array(2 * N);
  for (let k = 0; k < N; k++) {
    const o = ori[k]!;
    const tr_ = tau[2 * k]!, ti_ = tau[2 * k + 1]!;
    resolventSumsPoly(polys[o]!, x0P, n, tr_, ti_, ws);
    const vr = ov[o]! + tr_, vi = ti_;
    roots[2 * k] = vr;
    roots[2 * k + 1] = vi;
    // c = [F0/ν + φ]/κ′
    const v2 = vr * vr + vi * vi;
    const ar = (F0 * vr) / v2 + ws[4]!, ai = (-F0 * vi) / v2 + ws[5]!;
    const br = ws[2]!, bi = ws[3]!;
    const b2 = br * br + bi * bi;
    coefs[2 * k] = (ar * br + ai * bi) / b2;
    coefs[2 * k + 1] = (ai * br - ar * bi) / b2;
    if (!Number.isFinite(coefs[2 * k]!) || !Number.isFinite(coefs[2 * k + 1]!)) {
      // the root sits on a pole in floating point (a pole of Π det C_j that κ barely feels): there
      // c = −r_φ(ν − p)/r_κ + … → 0; the certificate below checks the result
      coefs[2 * k] = 0;
      coefs[2 * k + 1] = 0;
    }
  }
  // log(1 − ν) per root
  const lr = new Float64Array(N), li = new Float64Array(N);
  for (let k = 0; k < N; k++) {
    const vr = roots[2 * k]!, vi = roots[2 * k + 1]!;
    lr[k] = 0.5 * Math.log1p(-2 * vr + vr * vr + vi * vi);
    li[k] = Math.atan2(-vi, 1 - vr);
  }
  const risk = (cps: ArrayLike<number>): Float64Array => {
    const out = new Float64Array(cps.length);
    for (let q = 0; q < cps.length; q++) {
      const t = cps[q]!;
      let s = riskInfinity;
      for (let k = 0; k < N; k++) {
        const mag = t === 0 ? 1 : Math.exp(t * lr[k]!);
        if (mag === 0) continue;
        const ph = t * li[k]!;
        s += mag * (coefs[2 * k]! * Math.cos(ph) - coefs[2 * k + 1]! * Math.sin(ph));
      }
      out[q] = s;
    }
    return out;
  };
  // certificate: the step recurrence at t = 0…16 and 32, 64, …, 1024 (O(1024·n): slow roots show there)
  const small = [...Array.from({ length: 17 }, (_, t) => t), 32, 64, 128, 256, 512, 1024];
  const ref = familyRiskRecurrence(measure, () => c, { batch, divergenceFactor: Infinity }, small);
  const got = risk(small);
  let err = 0;
  for (let t = 0; t < small.length; t++) err = Math.max(err, Math.abs(got[t]! / ref[t]! - 1));
  if (!(err <= 1e-10)) throw new Error(`constant-coefficient closed form: the root expansion misses the step recurrence by ${err.toExponential(2)} at t ≤ 1024 (${sweeps} Aberth sweeps)`);
  return { riskInfinity, roots, coefs, sweeps, risk };
}

/** R(t) at the checkpoints for time-constant coefficients, exact with no per-step work (see above) */
export function familyRiskConstant(measure: DiscreteMeasure, batch: number, c: FamilyCoefs, checkpoints: ArrayLike<number>): Float64Array {
  checkCheckpoints(checkpoints);
  return prepareFamilyConstant(measure, batch, c).risk(checkpoints);
}
