// Closed-form expected-risk curve R(t) of the Volterra recurrence (DESIGN.md §2, measure.ts):
//   y(t+1) = A y(t) + c F0,  A = diag(ρ) + c 1ᵀ,  R(t) = F0 + 1ᵀy(t),  c_i = γ²B kernel_i,
// with no per-step work: R(t) = R∞ + Σ_m a_m μ_m^t + Σ_p b_p ρ_p^t.
//
// Derivation (z-transform of the Volterra equation): R̂(μ) = [F0 μ/(μ−1) + Σ_i f_i μ/(μ−ρ_i)] / G(μ)
// with G(μ) = 1 − Σ_i c_i/(μ − ρ_i). In ν = 1 − μ and δ_i = 1 − ρ_i = γBλ_i(2 − γ(B+1)λ_i) (computed
// without cancellation), the modes ν_m are the roots of the secular equation
//   g(ν) = 1 − Σ_{c_i>0} c_i/(δ_i − ν) = 0,   ν_0 < δ_0 < ν_1 < δ_1 < … < ν_{n−1} < δ_{n−1},
// i.e. the eigenvalues of diag(δ) − z zᵀ, z = √c (A is similar to diag(ρ) + z zᵀ via diag(z)).
// Residues: a_m = [Σ_i f_i/(δ_i − ν_m) − F0/ν_m] / Σ_i c_i/(δ_i − ν_m)²,  R∞ = F0/G(1),
// b_p = f_p / G(ρ_p) for atoms with c_p = 0 (they force R but do not feel it).
//
// Numerics (as in LAPACK dlaed4 / Gu & Eisenstat, SIAM J. Matrix Anal. Appl. 16 (1995) 172):
// - each root is stored as (origin, τ) with the origin the nearest pole δ_k (or 0 for the slowest
//   mode ν_0 when it lies below δ_0/2), and every difference δ_i − ν is formed as (δ_i − origin) − τ,
//   so 1 − μ is accurate to relative precision even when μ ≈ 1 − 1e-12 (γ near γ_max, tiny λ);
// - roots by the two-pole rational (Bunch–Nielsen–Sorensen) iteration safeguarded by bisection;
// - the weights are recomputed from the computed roots (Löwner formula
//   ĉ_i = |ν_i − δ_i| Π_{m≠i} |ν_m − δ_i|/|δ_m − δ_i|), making the roots exact for the nearby
//   problem ĉ — the residues then stay consistent (Σ_m a_m + R∞ = R(0));
// - 1 − q = G(1) = Π_m ν_m/δ_m (no cancellation as γ → γ_max); μ^t = exp(t·log1p(−ν)).
// Deflation: atoms with equal δ (relative 1e-14) are merged (F and K only depend on the sums),
// atoms with kernel_i = 0 are driving-only, atoms with λ_i = 0 (δ_i = 0) join F0.
// Cost: O(n²) (a few secular evaluations per root, the Löwner product, one residue sum per root),
// O(n) per checkpoint. Speed (issue 2): on positive spectra with n ≥ 256 every Cauchy sum
// Σ a_i/(δ_i − ν)^p, and the Löwner product, takes the atoms with δ_i ≤ ν/R or ≥ Rν (R = 8 when
// min δ ≥ 1e-14, else 16 when ≥ 1e-18, else no series) from power series over prefix / suffix
// moment tables (FarField, LownerFar; truncation < 3e-16 relative) and sums only the rest directly
// — on a spectrum over 12 decades that is ~1/7 of the atoms; the direct sums, the Löwner product
// and the checkpoint sums run as WebAssembly SIMD kernels (dynamics-wasm.ts, own exp of a few ulp)
// when available, else as the TypeScript loops below (`kernel: 'typescript'` forces those).
import type { DiscreteMeasure } from './measure';
import { deltaOf, type SgdStepOptions } from './recurrence';
import { CancelledError } from '../compute/task';
import { dynamicsArena } from './dynamics-wasm';

export interface ClosedFormOptions extends SgdStepOptions {
  /** polled every 64 roots (O(64·n) work); true ⇒ CancelledError is thrown */
  cancelled?: () => boolean;
  /** 'auto' (default): WebAssembly SIMD loops when available; 'typescript': the TypeScript loops */
  kernel?: 'auto' | 'typescript';
}

const EPS = 2.220446049250313e-16;

export interface ClosedFormCurve {
  /** R(t) at the given integer steps (any order, t ≥ 0) */
  risk(checkpoints: ArrayLike<number>): Float64Array;
  /** lim R(t) = F0/(1 − q) (Infinity when unstable) */
  riskInfinity: number;
  /** spectral radius of the state update, max(1 − ν_0, ρ of driving-only atoms) */
  spectralRadius: number;
  /** the modes: R(t) = constant + Σ coef_k (1 − nu_k)^t  (nu sorted ascending) */
  modes: { nu: Float64Array; coef: Float64Array; constant: number };
}

interface Atoms {
  d: Float64Array; // δ, ascending
  w: Float64Array; // c = γ²B kernel (> 0 for coupled atoms)
  f: Float64Array; // forcing
}

function prepareAtoms(measure: DiscreteMeasure, gamma: number, batch: number): { coupled: Atoms; driving: Atoms; F0: number } {
  const n = measure.lambda.length;
  if (measure.forcing.length !== n || measure.kernel.length !== n) throw new RangeError('closed form: lambda, forcing and kernel must have equal lengths');
  const delta = new Float64Array(n);
  for (let i = 0; i < n; i++) delta[i] = deltaOf(measure.lambda[i]!, gamma, batch);
  const idx = Array.from({ length: n }, (_, i) => i).sort((a, b) => delta[a]! - delta[b]!);
  let F0 = measure.F0;
  const gd: number[] = [], gw: number[] = [], gf: number[] = [];
  for (const i of idx) {
    const dl = delta[i]!;
    const w = gamma * gamma * batch * measure.kernel[i]!;
    const f = measure.forcing[i]!;
    if (dl === 0) {
      F0 += f; // ρ = 1: a constant forcing term (kernel at λ = 0 vanishes)
      continue;
    }
    const k = gd.length - 1;
    if (k >= 0 && Math.abs(dl - gd[k]!) <= 1e-14 * Math.abs(dl)) {
      gw[k] = gw[k]! + w;
      gf[k] = gf[k]! + f;
      continue;
    }
    gd.push(dl);
    gw.push(w);
    gf.push(f);
  }
  const cd: number[] = [], cw: number[] = [], cf: number[] = [];
  const pd: number[] = [], pf: number[] = [];
  for (let k = 0; k < gd.length; k++) {
    if (gw[k]! > 0) {
      cd.push(gd[k]!);
      cw.push(gw[k]!);
      cf.push(gf[k]!);
    } else if (gf[k] !== 0) {
      pd.push(gd[k]!);
      pf.push(gf[k]!);
    }
  }
  return {
    coupled: { d: Float64Array.from(cd), w: Float64Array.from(cw), f: Float64Array.from(cf) },
    driving: { d: Float64Array.from(pd), w: new Float64Array(pd.length), f: Float64Array.from(pf) },
    F0,
  };
}

/** scratch result of one secular evaluation */
interface Eval {
  psi: number; // Σ_{i<m} w_i/(δ_i − ν)   (≤ 0)
  phi: number; // Σ_{i≥m} w_i/(δ_i − ν)   (≥ 0)
  dpsi: number; // Σ_{i<m} w_i/(δ_i − ν)²
  dphi: number; // Σ_{i≥m} w_i/(δ_i − ν)²
}

/** one secular evaluation at ν = base + τ with the split at m, written into out */
type SecularEvaluator = (m: number, base: number, tau: number, out: Eval) => void;

function evalSecular(d: Float64Array, w: Float64Array, lo: number, m: number, hi: number, base: number, tau: number, out: Eval): void {
  let psi = 0, dpsi = 0, phi = 0, dphi = 0;
  for (let i = lo; i < m; i++) {
    const inv = 1 / (d[i]! - base - tau);
    const t = w[i]! * inv;
    psi += t;
    dpsi += t * inv;
  }
  for (let i = m; i < hi; i++) {
    const inv = 1 / (d[i]! - base - tau);
    const t = w[i]! * inv;
    phi += t;
    dphi += t * inv;
  }
  out.psi = psi;
  out.phi = phi;
  out.dpsi = dpsi;
  out.dphi = dphi;
}

// Far field of the Cauchy sums Σ a_i/(d_i − ν)^p (p = 1, 2) for positive ascending poles and a
// target ν > 0 (speeds up every O(n²) sum on wide spectra): the atoms with d_i ≤ ν/R and with
// d_i ≥ Rν are summed as convergent power series from prefix/suffix tables built once, O(n·K):
//   Σ_{i<a} a_i/(d_i − ν) = −Σ_k M_k ν^{−(k+1)},  Σ_{i<a} a_i/(d_i − ν)² = Σ_k (k+1) M_k ν^{−(k+2)},
//   Σ_{i≥b} a_i/(d_i − ν) = Σ_k N_k ν^k,         Σ_{i≥b} a_i/(d_i − ν)² = Σ_k (k+1) N_{k+1} ν^k,
// M_k = Σ_{i<a} a_i d_i^k, N_k = Σ_{i≥b} a_i d_i^{−(k+1)} (all terms of one sign for a ≥ 0: no
// cancellation); only d_i ∈ (ν/R, Rν) is summed directly. With R = 16 and K = 14 terms the
// truncation is ≤ 16^−14·16/15 ≈ 1.5e-17 (p = 1) and ≤ 15·16^−14·(16/15)² ≈ 2.4e-16 (p = 2)
// relative to the far-field Σ |a_i|/|d_i − ν|^p — at the level of the rounding of the direct sums.
const FAR_R = 16;
const FAR_K = 14;
/** d^{−(K+1)} must stay finite: the series are used only when every pole is ≥ this */
const FAR_MIN_POLE = 1e-18;
const FAR_MIN_ATOMS = 256;

/** the series parameters for a spectrum whose smallest pole is d0: the widest far field whose tables stay finite */
function farParams(d0: number): { R: number; K: number } | null {
  if (d0 >= 1e-14) return { R: 8, K: 20 }; // truncation 8^−20·8/7 ≈ 1e-18 (p = 1), ≈ 2.4e-17 (p = 2)
  if (d0 >= FAR_MIN_POLE) return { R: FAR_R, K: FAR_K };
  return null;
}

/** the moment tables keep one entry per block of FAR_BLOCK atoms (small tables: no page-fault cost);
 * the direct range of a query is widened outward to block boundaries, which only moves atoms from
 * the series to the direct sum */
const FAR_BLOCK = 16;

/** [a, b) widened to block boundaries (b clamped to n) */
function blockRange(a: number, b: number, n: number): [number, number] {
  return [a - (a % FAR_BLOCK), Math.min(n, b + ((FAR_BLOCK - (b % FAR_BLOCK)) % FAR_BLOCK))];
}

/** out[B] = Σ of x over block B (FAR_BLOCK consecutive entries) */
function blockSums(x: Float64Array, out: Float64Array): void {
  const n = x.length;
  for (let B = 0, i = 0; i < n; B++) {
    const end = Math.min(n, i + FAR_BLOCK);
    let acc = 0;
    for (; i < end; i++) acc += x[i]!;
    out[B] = acc;
  }
}

class FarField {
  private readonly pre: Float64Array; // pre[k·s + A] = Σ_{i<A·FAR_BLOCK} a_i d_i^k, k = 0..K
  private readonly suf: Float64Array; // suf[k·s + B] = Σ_{i≥B·FAR_BLOCK} a_i d_i^{−(k+1)}, k = 0..K
  private readonly s: number;
  private readonly n: number;
  private readonly K: number;
  constructor(a: Float64Array, d: Float64Array, K = FAR_K) {
    this.K = K;
    const n = (this.n = d.length);
    const nb = Math.ceil(n / FAR_BLOCK);
    const s = (this.s = nb + 1);
    const pre = (this.pre = new Float64Array((K + 1) * s));
    const suf = (this.suf = new Float64Array((K + 1) * s));
    // row by row: t_i = a_i d_i^k, then a_i d_i^{−(k+1)}; block sums first, then the prefix / suffix
    const t = new Float64Array(n);
    const inv = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      t[i] = a[i]!;
      inv[i] = 1 / d[i]!;
    }
    const blk = new Float64Array(nb);
    for (let k = 0; k <= K; k++) {
      blockSums(t, blk);
      const r = k * s;
      let acc = 0;
      for (let B = 0; B < nb; B++) {
        pre[r + B] = acc;
        acc += blk[B]!;
      }
      pre[r + nb] = acc;
      for (let i = 0; i < n; i++) t[i] = t[i]! * d[i]!;
    }
    for (let i = 0; i < n; i++) t[i] = a[i]! * inv[i]!;
    for (let k = 0; k <= K; k++) {
      blockSums(t, blk);
      const r = k * s;
      let acc = 0;
      for (let B = nb - 1; B >= 0; B--) {
        acc += blk[B]!;
        suf[r + B] = acc;
      }
      suf[r + nb] = 0;
      for (let i = 0; i < n; i++) t[i] = t[i]! * inv[i]!;
    }
  }
  /**
   * out[0] += Σ_{i<a} a_i/(d_i − ν), out[1] += Σ_{i<a} a_i/(d_i − ν)²; out[2], out[3]: the same over
   * i ≥ b; a and b must be block boundaries (or b = n)
   */
  add(a: number, b: number, nu: number, out: Float64Array): void {
    const s = this.s;
    const K = this.K;
    if (a > 0) {
      const A = a / FAR_BLOCK;
      const iv = 1 / nu;
      let p = iv;
      let s1 = 0, s2 = 0;
      for (let k = 0; k < K; k++) {
        const t = this.pre[k * s + A]! * p;
        s1 += t;
        s2 += (k + 1) * t;
        p *= iv;
      }
      out[0] = out[0]! - s1;
      out[1] = out[1]! + s2 * iv;
    }
    if (b < this.n) {
      const B = b / FAR_BLOCK;
      let p = 1;
      let s1 = 0, s2 = 0;
      for (let k = 0; k < K; k++) {
        s1 += this.suf[k * s + B]! * p;
        s2 += (k + 1) * this.suf[(k + 1) * s + B]! * p;
        p *= nu;
      }
      out[2] = out[2]! + s1;
      out[3] = out[3]! + s2;
    }
  }
}

/** number of poles ≤ x (d ascending) */
function countAtMost(d: Float64Array, x: number): number {
  let lo = 0, hi = d.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (d[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** index of the first pole ≥ x (d ascending) */
function firstAtLeast(d: Float64Array, x: number): number {
  let lo = 0, hi = d.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (d[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Root m of g(ν) = 1 − Σ w_i/(d_i − ν) (d ascending, w > 0) as ν = origin + τ.
 * Returns origin index (−1 = the origin 0) and τ.
 */
function secularRoot(d: Float64Array, wsum: number, m: number, ev: Eval, evalAt: SecularEvaluator): { o: number; tau: number } {
  let o: number; // origin pole index, −1 for 0
  let base: number;
  let lo: number, hi: number; // bracket in τ: g(lo) > 0 > g(hi)
  let tau: number;
  let dL: number, dR: number; // nearest poles relative to origin (dL = -Infinity for m = 0)
  if (m > 0) {
    const gap = d[m]! - d[m - 1]!;
    evalAt(m, d[m - 1]!, gap / 2, ev);
    const gmid = 1 - ev.psi - ev.phi;
    if (gmid >= 0) {
      o = m;
      lo = -gap / 2;
      hi = 0;
    } else {
      o = m - 1;
      lo = 0;
      hi = gap / 2;
    }
    base = d[o]!;
    dL = d[m - 1]! - base;
    dR = d[m]! - base;
    tau = o === m ? -gap / 2 : gap / 2;
    // first step from the midpoint data
    tau += rationalStep(gmid, ev, dL - tau, dR - tau);
  } else {
    const d0 = d[0]!;
    if (d0 > 0) {
      evalAt(0, 0, d0 / 2, ev);
      const gmid = 1 - ev.psi - ev.phi;
      if (gmid < 0) {
        o = -1;
        base = 0;
        lo = d0 - wsum;
        hi = d0 / 2;
        tau = d0 / 2;
      } else {
        o = 0;
        base = d0;
        lo = -d0 / 2;
        hi = 0;
        tau = -d0 / 2;
      }
      dL = -Infinity;
      dR = d0 - base;
      tau += rationalStep(gmid, ev, dL, dR - tau);
    } else {
      o = 0;
      base = d0;
      lo = -wsum;
      hi = 0;
      dL = -Infinity;
      dR = 0;
      tau = -wsum / 2;
    }
  }
  if (!(tau > lo && tau < hi)) tau = 0.5 * (lo + hi);
  for (let it = 0; it < 100; it++) {
    evalAt(m, base, tau, ev);
    const g = 1 - ev.psi - ev.phi;
    if (g > 0) lo = tau;
    else hi = tau;
    const eR = dR - tau;
    const eL = dL - tau;
    const errBound = 8 * EPS * (2 + ev.phi - ev.psi);
    if (Math.abs(g) <= errBound || g === 0) break;
    let step = rationalStep(g, ev, eL, eR);
    let next = tau + step;
    if (!(next > lo && next < hi)) {
      next = 0.5 * (lo + hi);
      step = next - tau;
    }
    const near = Math.min(Math.abs(dR - next), Math.abs(dL - next));
    // quadratic convergence: a step below 1e-9 of the distance to the nearest pole leaves an error
    // ~1e-18 of it — accept without another O(n) evaluation
    if (Math.abs(step) <= 1e-9 * near || next === tau) {
      tau = next;
      break;
    }
    tau = next;
  }
  return { o, tau };
}

/** step Δ of the two-pole rational model of g (see header); eL = −∞ for the one-sided case */
function rationalStep(g: number, ev: Eval, eL: number, eR: number): number {
  const D = ev.dpsi + ev.dphi;
  if (!Number.isFinite(eL)) {
    const den = g + ev.dphi * eR;
    return den > 0 ? (eR * g) / den : g / D;
  }
  const A = g + ev.dpsi * eL + ev.dphi * eR;
  const b = g * (eL + eR) + eL * eR * D;
  const C = eL * eR * g;
  const disc = b * b - 4 * A * C;
  if (!(disc >= 0) || !Number.isFinite(disc)) return g / D;
  const den = b >= 0 ? b + Math.sqrt(disc) : b - Math.sqrt(disc);
  if (den === 0) return g / D;
  return (2 * C) / den;
}

/** ĉ_i = |ν_i − d_i| Π_{m∈[lo,hi), m≠i} (ν_m − d_i)/(d_m − d_i), ν_m − d_i = (base_m − d_i) + τ_m */
function lownerWeight(d: Float64Array, bases: Float64Array, taus: Float64Array, i: number, lo = 0, hi = d.length): number {
  const di = d[i]!;
  let prod = Math.abs(bases[i]! - di + taus[i]!);
  let m = lo;
  for (let pass = 0; pass < 2; pass++) {
    const lim = pass === 0 ? i : hi;
    if (pass === 1) m = i + 1;
    for (; m + 3 < lim; m += 4) {
      const num = (bases[m]! - di + taus[m]!) * (bases[m + 1]! - di + taus[m + 1]!) * ((bases[m + 2]! - di + taus[m + 2]!) * (bases[m + 3]! - di + taus[m + 3]!));
      const den = (d[m]! - di) * (d[m + 1]! - di) * ((d[m + 2]! - di) * (d[m + 3]! - di));
      prod *= num / den;
    }
    for (; m < lim; m++) prod *= (bases[m]! - di + taus[m]!) / (d[m]! - di);
  }
  return prod;
}

// Far field of the Löwner product (same idea as FarField): with τ'_m = ν_m − d_m (< 0),
//   m far below (d_m ≤ d_i/R):  log[(d_i − ν_m)/(d_i − d_m)] = −Σ_{k≥1} (ν_m^k − d_m^k)/(k d_i^k),
//   m far above (d_{m−1} ≥ R d_i, so ν_m ≥ R d_i too):
//       log[(ν_m − d_i)/(d_m − d_i)] = log1p(τ'_m/d_m) − Σ_{k≥1} (d_i^k/k)(ν_m^{−k} − d_m^{−k}),
// with ν^k − d^k and ν^{−k} − d^{−k} built by recurrences in τ' (no cancellation) and summed in
// prefix / suffix tables; terms ≤ R^{−k}/k, truncated after K: < 1e-18 relative to the weight.
class LownerFar {
  private readonly pre: Float64Array; // pre[(k−1)·s + A] = Σ_{m<A·FAR_BLOCK} (ν_m^k − d_m^k), k = 1..K
  private readonly suf: Float64Array; // suf[k·s + B] = Σ_{m≥B·FAR_BLOCK, m≥1} (ν_m^{−k} − d_m^{−k}); row 0: log1p(τ'/d)
  private readonly s: number;
  private readonly n: number;
  constructor(d: Float64Array, bases: Float64Array, taus: Float64Array) {
    const n = (this.n = d.length);
    const nb = Math.ceil(n / FAR_BLOCK);
    const s = (this.s = nb + 1);
    const pre = (this.pre = new Float64Array(FAR_K * s));
    const suf = (this.suf = new Float64Array((FAR_K + 1) * s));
    const nu = new Float64Array(n), tp = new Float64Array(n), D = new Float64Array(n), dk = new Float64Array(n);
    for (let m = 0; m < n; m++) {
      nu[m] = bases[m]! + taus[m]!;
      tp[m] = bases[m]! - d[m]! + taus[m]!; // τ'_m
      D[m] = tp[m]!; // ν^k − d^k
      dk[m] = d[m]!; // d^k
    }
    const blk = new Float64Array(nb);
    for (let k = 1; k <= FAR_K; k++) {
      blockSums(D, blk);
      const r = (k - 1) * s;
      let acc = 0;
      for (let B = 0; B < nb; B++) {
        pre[r + B] = acc;
        acc += blk[B]!;
      }
      pre[r + nb] = acc;
      for (let m = 0; m < n; m++) {
        D[m] = nu[m]! * D[m]! + dk[m]! * tp[m]!;
        dk[m] = dk[m]! * d[m]!;
      }
    }
    // suffix sums over m ≥ 1 (m = 0 never lies above an atom; block 0 is never queried)
    const E1 = new Float64Array(n), E = new Float64Array(n), inu = new Float64Array(n), idm = new Float64Array(n), idk = new Float64Array(n);
    for (let m = 1; m < n; m++) {
      E1[m] = -tp[m]! / (nu[m]! * d[m]!); // ν^{−1} − d^{−1}
      E[m] = E1[m]!;
      inu[m] = 1 / nu[m]!;
      idm[m] = 1 / d[m]!;
      idk[m] = idm[m]!; // d^{−k}
    }
    // (entries with m = 0 are zero in E and L, so block 0 sums m ≥ 1 as required)
    const L = new Float64Array(n);
    for (let m = 1; m < n; m++) L[m] = Math.log1p(tp[m]! / d[m]!);
    for (let k = 0; k <= FAR_K; k++) {
      blockSums(k === 0 ? L : E, blk);
      const r = k * s;
      let acc = 0;
      for (let B = nb - 1; B >= 0; B--) {
        acc += blk[B]!;
        suf[r + B] = acc;
      }
      if (k === 0) continue;
      for (let m = 1; m < n; m++) {
        E[m] = E[m]! * inu[m]! + idk[m]! * E1[m]!;
        idk[m] = idk[m]! * idm[m]!;
      }
    }
  }
  /** Σ over m < a and m ≥ b of log[(ν_m − d_i)/(d_m − d_i)] (a, b block boundaries or b = n; b ≥ 1) */
  logFactor(a: number, b: number, di: number): number {
    const s = this.s;
    let acc = 0;
    if (a > 0) {
      const A = a / FAR_BLOCK;
      const iv = 1 / di;
      let p = iv;
      for (let k = 1; k <= FAR_K; k++) {
        acc -= (this.pre[(k - 1) * s + A]! * p) / k;
        p *= iv;
      }
    }
    if (b < this.n) {
      const B = b / FAR_BLOCK;
      acc += this.suf[B]!;
      let p = di;
      for (let k = 1; k <= FAR_K; k++) {
        acc -= (this.suf[k * s + B]! * p) / k;
        p *= di;
      }
    }
    return acc;
  }
}

/** Σ_i f_i/(d_i − ν) and Σ_i c_i/(d_i − ν)² over lo ≤ i < hi at ν = base + τ (differences formed as (d_i − base) − τ) */
function residueSums(d: Float64Array, f: Float64Array, c: Float64Array, lo: number, hi: number, base: number, tau: number, out: Float64Array): void {
  let num = 0;
  let den = 0;
  for (let i = lo; i < hi; i++) {
    const inv = 1 / (d[i]! - base - tau);
    num += f[i]! * inv;
    den += c[i]! * inv * inv;
  }
  out[0] = num;
  out[1] = den;
}

/** below this many coupled atoms the TypeScript loops are used (WebAssembly set-up not worth it) */
const WASM_MIN_ATOMS = 64;

/** the direct (near-field) sums and the Löwner pass, in WebAssembly or TypeScript */
interface ClosedFormKernels {
  bases: Float64Array;
  taus: Float64Array;
  what: Float64Array;
  /** ψ, φ, ψ', φ' over lo ≤ i < m and m ≤ i < hi */
  secular(lo: number, m: number, hi: number, base: number, tau: number, out: Eval): void;
  lowner(i0: number, i1: number): void;
  /** |ν_i − d_i| Π_{m∈[lo,hi), m≠i} (ν_m − d_i)/(d_m − d_i) */
  lownerNear(lo: number, i: number, hi: number): number;
  /** out[0] = Σ f_i/(d_i − ν), out[1] = Σ ĉ_i/(d_i − ν)² over lo ≤ i < hi */
  residue(lo: number, hi: number, base: number, tau: number, out: Float64Array): void;
}

function tsKernels(d: Float64Array, w: Float64Array, f: Float64Array): ClosedFormKernels {
  const n = d.length;
  const bases = new Float64Array(n), taus = new Float64Array(n), what = new Float64Array(n);
  return {
    bases,
    taus,
    what,
    secular: (lo, m, hi, base, tau, out) => evalSecular(d, w, lo, m, hi, base, tau, out),
    lowner(i0, i1) {
      for (let i = i0; i < i1; i++) what[i] = lownerWeight(d, bases, taus, i);
    },
    lownerNear: (lo, i, hi) => lownerWeight(d, bases, taus, i, lo, hi),
    residue: (lo, hi, base, tau, out) => residueSums(d, f, what, lo, hi, base, tau, out),
  };
}

/** the WebAssembly SIMD versions over one arena, or null */
function wasmKernels(d: Float64Array, w: Float64Array, f: Float64Array): ClosedFormKernels | null {
  const n = d.length;
  const A = dynamicsArena([n, n, n, n, n, n, 4], []);
  if (!A) return null;
  const [D, W, F, B, T, C, O] = A.f64 as [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array];
  D.set(d);
  W.set(w);
  F.set(f);
  const x = A.exports;
  const pd = D.byteOffset, pw = W.byteOffset, pf = F.byteOffset, pb = B.byteOffset, pt = T.byteOffset, pc = C.byteOffset, po = O.byteOffset;
  return {
    bases: B,
    taus: T,
    what: C,
    secular(lo, m, hi, base, tau, out) {
      x.secularEval(pd, pw, lo, m, hi, base, tau, po);
      out.psi = O[0]!;
      out.phi = O[1]!;
      out.dpsi = O[2]!;
      out.dphi = O[3]!;
    },
    lowner: (i0, i1) => x.lownerRange(pd, pb, pt, n, i0, i1, pc),
    lownerNear: (lo, i, hi) => x.lownerNear(pd, pb, pt, lo, i, hi),
    residue(lo, hi, base, tau, out) {
      x.residueSums(pd, pf, pc, lo, hi, base, tau, po);
      out[0] = O[0]!;
      out[1] = O[1]!;
    },
  };
}

/** precompute the modes of the closed-form curve of `measure` at step size γ and batch B */
export function prepareClosedForm(measure: DiscreteMeasure, opts: ClosedFormOptions): ClosedFormCurve {
  const { gamma, batch } = opts;
  if (!(gamma > 0) || !(batch >= 1)) throw new RangeError('closed form: need gamma > 0 and batch ≥ 1');
  const { coupled, driving, F0 } = prepareAtoms(measure, gamma, batch);
  const { d, w, f } = coupled;
  const n = d.length;
  let wsum = 0;
  for (let i = 0; i < n; i++) wsum += w[i]!;
  // the O(n²) passes: direct sums in WebAssembly SIMD when available (same formulas; only the
  // summation order differs — two interleaved partial sums), TypeScript otherwise; on wide
  // spectra of positive poles the far field of each sum comes from power series (FarField)
  const useWasm = opts.kernel !== 'typescript';
  const K = (useWasm && n >= WASM_MIN_ATOMS ? wasmKernels(d, w, f) : null) ?? tsKernels(d, w, f);
  const useFar = n >= FAR_MIN_ATOMS && d[0]! >= FAR_MIN_POLE;
  const fp = useFar ? farParams(d[0]!) : null;
  const R = fp ? fp.R : FAR_R;
  const farW = fp ? new FarField(w, d, fp.K) : null;
  const far4 = new Float64Array(4);
  // 1. roots
  const taus = K.taus;
  const bases = K.bases;
  const ev: Eval = { psi: 0, phi: 0, dpsi: 0, dphi: 0 };
  const evalAt: SecularEvaluator = (m, base, tau, out) => {
    const nu = base + tau;
    if (farW && nu > 0) {
      const [a, b] = blockRange(Math.min(m, countAtMost(d, nu / R)), Math.max(m, firstAtLeast(d, nu * R)), n);
      K.secular(a, m, b, base, tau, out);
      far4.fill(0);
      farW.add(a, b, nu, far4);
      out.psi += far4[0]!;
      out.dpsi += far4[1]!;
      out.phi += far4[2]!;
      out.dphi += far4[3]!;
    } else K.secular(0, m, n, base, tau, out);
  };
  for (let m = 0; m < n; m++) {
    if (opts.cancelled && (m & 63) === 0 && opts.cancelled()) throw new CancelledError();
    const r = secularRoot(d, wsum, m, ev, evalAt);
    taus[m] = r.tau;
    bases[m] = r.o >= 0 ? d[r.o]! : 0;
  }
  // 2. Löwner weights ĉ_i = |ν_i − d_i| Π_{m≠i} (ν_m − d_i)/(d_m − d_i); numerator and denominator
  // factors are multiplied in blocks of 4 and divided once per block (a factor is a root–pole or
  // pole–pole distance, ≳ 1e-14·δ after merging, so a block of 4 stays far from underflow for any
  // spectrum with δ above ~1e-60)
  const what = K.what;
  const lfar = useFar && n > 0 && bases[0]! + taus[0]! > 0 ? new LownerFar(d, bases, taus) : null;
  for (let i0 = 0; i0 < n; i0 += 64) {
    if (opts.cancelled && opts.cancelled()) throw new CancelledError();
    const i1 = Math.min(n, i0 + 64);
    if (lfar) {
      for (let i = i0; i < i1; i++) {
        const di = d[i]!;
        const [a, b] = blockRange(Math.min(i, countAtMost(d, di / FAR_R)), Math.max(i + 1, Math.min(n, firstAtLeast(d, di * FAR_R) + 1)), n);
        what[i] = K.lownerNear(a, i, b) * Math.exp(lfar.logFactor(a, b, di));
      }
    } else K.lowner(i0, i1);
  }
  // 3. residues
  const farF = fp ? new FarField(f, d, fp.K) : null;
  const farC = fp ? new FarField(what, d, fp.K) : null;
  const resAt = (base: number, tau: number, out: Float64Array): void => {
    const nu = base + tau;
    if (farF && farC && nu > 0) {
      const a0 = countAtMost(d, nu / R);
      const [a, b] = blockRange(a0, Math.max(a0, firstAtLeast(d, nu * R)), n);
      K.residue(a, b, base, tau, out);
      far4.fill(0);
      farF.add(a, b, nu, far4);
      out[0] = out[0]! + far4[0]! + far4[2]!;
      far4.fill(0);
      farC.add(a, b, nu, far4);
      out[1] = out[1]! + far4[1]! + far4[3]!;
    } else K.residue(0, n, base, tau, out);
  };
  const nu = new Float64Array(n);
  const coef = new Float64Array(n);
  const sums = new Float64Array(2);
  let oneMinusQ = 1; // G(1) = Π ν_m/d_m
  const allPositive = n === 0 || d[0]! > 0;
  for (let m = 0; m < n; m++) {
    const base = bases[m]!;
    const tau = taus[m]!;
    const num0 = base + tau; // ν_m
    nu[m] = num0;
    if (opts.cancelled && (m & 63) === 0 && opts.cancelled()) throw new CancelledError();
    resAt(base, tau, sums);
    let num = sums[0]!;
    const den = sums[1]!;
    for (let p = 0; p < driving.d.length; p++) num += driving.f[p]! / (driving.d[p]! - num0);
    if (F0 !== 0) num -= F0 / num0;
    coef[m] = num / den;
    oneMinusQ *= num0 / d[m]!;
  }
  if (!allPositive) {
    let q = 0;
    for (let i = 0; i < n; i++) q += what[i]! / d[i]!;
    oneMinusQ = 1 - q;
  }
  const constant = F0 === 0 ? 0 : F0 / oneMinusQ;
  // driving-only atoms: b_p = f_p / G(ρ_p)
  const pn = driving.d.length;
  const pcoef = new Float64Array(pn);
  for (let p = 0; p < pn; p++) {
    const dp = driving.d[p]!;
    let G = 1;
    for (let i = 0; i < n; i++) G -= what[i]! / (d[i]! - dp);
    pcoef[p] = driving.f[p]! / G;
  }
  // all modes, sorted by ν
  const allNu = new Float64Array(n + pn);
  const allCoef = new Float64Array(n + pn);
  allNu.set(nu);
  allCoef.set(coef);
  allNu.set(driving.d, n);
  allCoef.set(pcoef, n);
  const order = Array.from({ length: n + pn }, (_, i) => i).sort((a, b) => allNu[a]! - allNu[b]!);
  const nuS = Float64Array.from(order, (i) => allNu[i]!);
  const coefS = Float64Array.from(order, (i) => allCoef[i]!);
  const logMu = Float64Array.from(nuS, (x) => Math.log1p(-x));
  const minNu = nuS.length ? nuS[0]! : Infinity;
  const stable = minNu > 0 && oneMinusQ > 0;
  return {
    riskInfinity: stable ? constant : Infinity,
    spectralRadius: nuS.length ? 1 - minNu : 0,
    modes: { nu: nuS, coef: coefS, constant },
    risk(checkpoints: ArrayLike<number>): Float64Array {
      const nc = checkpoints.length;
      for (let k = 0; k < nc; k++) {
        const t = checkpoints[k]!;
        if (!(Number.isInteger(t) && t >= 0)) throw new RangeError(`checkpoints must be integers ≥ 0, got ${t}`);
      }
      const K = nuS.length;
      // WebAssembly SIMD (own exp, a few ulp) for stable curves with many modes; Math.exp otherwise
      if (useWasm && K >= WASM_MIN_ATOMS && minNu >= 0) {
        const A = dynamicsArena([K + 1, K + 1, nc, nc], []);
        if (A) {
          const [lm, co, ts, o] = A.f64 as [Float64Array, Float64Array, Float64Array, Float64Array];
          lm.set(logMu);
          lm[K] = -Infinity; // pad to an even length (coefficient 0)
          co.set(coefS);
          ts.set(checkpoints);
          A.exports.riskEval(lm.byteOffset, co.byteOffset, K + (K & 1), ts.byteOffset, nc, constant, o.byteOffset);
          return Float64Array.from(o);
        }
      }
      const out = new Float64Array(nc);
      for (let k = 0; k < nc; k++) {
        const t = checkpoints[k]!;
        let s = 0;
        if (t === 0) {
          for (let i = 0; i < K; i++) s += coefS[i]!;
        } else {
          for (let i = 0; i < K; i++) {
            const e = t * logMu[i]!;
            if (e < -745) break; // ν ascending ⇒ every later mode has underflowed too
            s += coefS[i]! * Math.exp(e);
          }
        }
        out[k] = constant + s;
      }
      return out;
    },
  };
}

/** R(t) at the checkpoints, in closed form */
export function riskClosedForm(measure: DiscreteMeasure, opts: ClosedFormOptions, checkpoints: ArrayLike<number>): Float64Array {
  return prepareClosedForm(measure, opts).risk(checkpoints);
}
