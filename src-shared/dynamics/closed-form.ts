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
// - roots by a fixed-weight iteration (secularRoot: the two nearest poles exact, the rest linear,
//   solved by two-pole rational steps, bracketed), ≈ 2.2 O(n) evaluations per root, each root
//   accepted with a bound on its error relative to its nearest-pole distance;
// - the weights are recomputed from the computed roots (Löwner formula
//   ĉ_i = |ν_i − δ_i| Π_{m≠i} |ν_m − δ_i|/|δ_m − δ_i|), making the roots exact for the nearby
//   problem ĉ — the residues then stay consistent (Σ_m a_m + R∞ = R(0)); this pass is skipped
//   (ĉ = c) when every root is known to LOWNER_SKIP = 1e-13 of its nearest-pole distance, where
//   ĉ and c agree to about that (typically γ well below γ_max; near γ_max the slowest roots are
//   less well determined and the pass runs);
// - 1 − q = G(1) = Π_m ν_m/δ_m (no cancellation as γ → γ_max); μ^t = exp(t·log1p(−ν)).
// Deflation: atoms with equal δ (relative 1e-14) are merged (F and K only depend on the sums),
// atoms with kernel_i = 0 are driving-only, atoms with λ_i = 0 (δ_i = 0) join F0.
// Cost: O(n²) at most (≈ 2.2 secular evaluations per root, the Löwner product, one residue sum per
// root), O(n) per checkpoint. Speed (issue 2): on positive spectra with n ≥ 256 every Cauchy sum
// Σ a_i/(δ_i − ν)^p, and the Löwner product, takes the atoms with δ_i ≤ ν/R or ≥ Rν from power
// series over prefix / suffix moment tables normalised per block (FarField, LownerFar; truncation
// < 1e-17 relative) and sums only the rest directly; R ∈ {4, 2, 1.5} is chosen per spectrum
// (farSeries) — on 12 decades ~1/10 of the atoms are summed directly, on λ_j = j^−2 about a third.
// The root iteration, the tables, the direct sums, the Löwner product and the residues run in
// WebAssembly SIMD (dynamics-wasm.ts; src-main/native/dynamics-wasm/assembly/closed-form.ts) when
// available, else as the TypeScript below (`kernel: 'typescript'`, the reference); the checkpoint
// sums are risk-sum.ts.
import type { DiscreteMeasure } from './measure';
import { deltaOf, type SgdStepOptions } from './recurrence';
import { CancelledError } from '../compute/task';
import { dynamicsArena } from './dynamics-wasm';
import { riskSumEvaluator } from './risk-sum';

export interface ClosedFormOptions extends SgdStepOptions {
  /** polled every 64 roots (O(64·n) work); true ⇒ CancelledError is thrown */
  cancelled?: () => boolean;
  /** 'auto' (default): WebAssembly SIMD loops when available; 'typescript': the TypeScript loops */
  kernel?: 'auto' | 'typescript';
  /** 'auto' (default): the Löwner weights only when some root is not known to LOWNER_SKIP; 'always' */
  lowner?: 'auto' | 'always';
}

const EPS = 2.220446049250313e-16;
/** the Löwner pass is skipped when every root is known to this fraction of its nearest-pole distance */
const LOWNER_SKIP = 1e-13;

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
  // order by δ ascending (spectra usually come sorted one way or the other: no sort then)
  let asc = true, desc = true;
  for (let i = 1; i < n && (asc || desc); i++) {
    if (delta[i]! < delta[i - 1]!) asc = false;
    if (delta[i]! > delta[i - 1]!) desc = false;
  }
  const idx = new Int32Array(n);
  if (asc) for (let i = 0; i < n; i++) idx[i] = i;
  else if (desc) for (let i = 0; i < n; i++) idx[i] = n - 1 - i;
  else {
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => delta[a]! - delta[b]!);
    for (let i = 0; i < n; i++) idx[i] = order[i]!;
  }
  let F0 = measure.F0;
  // merge equal δ (relative 1e-14), then split coupled (kernel > 0) / driving-only atoms
  const gd = new Float64Array(n), gw = new Float64Array(n), gf = new Float64Array(n);
  let g = 0;
  for (let k = 0; k < n; k++) {
    const i = idx[k]!;
    const dl = delta[i]!;
    const w = gamma * gamma * batch * measure.kernel[i]!;
    const f = measure.forcing[i]!;
    if (dl === 0) {
      F0 += f; // ρ = 1: a constant forcing term (kernel at λ = 0 vanishes)
      continue;
    }
    if (g > 0 && Math.abs(dl - gd[g - 1]!) <= 1e-14 * Math.abs(dl)) {
      gw[g - 1] = gw[g - 1]! + w;
      gf[g - 1] = gf[g - 1]! + f;
      continue;
    }
    gd[g] = dl;
    gw[g] = w;
    gf[g] = f;
    g++;
  }
  let nc = 0, np = 0;
  for (let k = 0; k < g; k++) {
    if (gw[k]! > 0) nc++;
    else if (gf[k] !== 0) np++;
  }
  const cd = new Float64Array(nc), cw = new Float64Array(nc), cf = new Float64Array(nc);
  const pd = new Float64Array(np), pf = new Float64Array(np);
  for (let k = 0, c = 0, p = 0; k < g; k++) {
    if (gw[k]! > 0) {
      cd[c] = gd[k]!;
      cw[c] = gw[k]!;
      cf[c++] = gf[k]!;
    } else if (gf[k] !== 0) {
      pd[p] = gd[k]!;
      pf[p++] = gf[k]!;
    }
  }
  return {
    coupled: { d: cd, w: cw, f: cf },
    driving: { d: pd, w: new Float64Array(np), f: pf },
    F0,
  };
}

/** scratch result of one secular evaluation for root m (left / right of it) */
interface Eval {
  psi: number; // Σ_{i<m} w_i/(δ_i − ν)   (≤ 0)
  phi: number; // Σ_{i≥m} w_i/(δ_i − ν)   (≥ 0)
  dpsi: number; // Σ_{i<m} w_i/(δ_i − ν)²
  dphi: number; // Σ_{i≥m} w_i/(δ_i − ν)²
}

/** one secular evaluation for root m at ν = base + τ, WITHOUT the poles m − 1 and m (the caller adds those exactly), into out */
type SecularEvaluator = (m: number, base: number, tau: number, out: Eval) => void;

/** ψ over [lo, m), φ over [m2, hi) (the two nearest poles of a root are left out and added exactly by the caller) */
function evalSecular(d: Float64Array, w: Float64Array, lo: number, m: number, m2: number, hi: number, base: number, tau: number, out: Eval): void {
  let psi = 0, dpsi = 0, phi = 0, dphi = 0;
  for (let i = lo; i < m; i++) {
    const inv = 1 / (d[i]! - base - tau);
    const t = w[i]! * inv;
    psi += t;
    dpsi += t * inv;
  }
  for (let i = m2; i < hi; i++) {
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
// cancellation; stored normalised per block so that any positive spectrum works, see FarField);
// only d_i ∈ (ν/R, Rν) is summed directly. The ratio R is chosen per spectrum (farSeries) among
// FAR_CHOICES, each with the K whose truncation bound (K+1)·R^−K·(R/(R−1))² (p = 2; p = 1 is
// smaller) is ≤ 6e-18 relative to the far-field Σ |a_i|/|d_i − ν|^p — below the rounding of the
// direct sums: R = 4, K = 32 suits spectra spread over many decades (few atoms within a factor 4),
// R = 1.5, K = 115 dense ones such as λ_j = j^−2 (a factor 4 holds half the spectrum there).
const FAR_CHOICES = [
  { R: 4, K: 32 },
  { R: 2, K: 66 },
  { R: 1.5, K: 115 },
];
/** relative cost of one series term against one directly summed atom (scalar chain vs SIMD), measured */
const SERIES_TERM_COST = 1.5;

/** the far-field series for ascending positive poles d: the choice with the least direct + series work over all roots */
function farSeries(d: Float64Array): { R: number; K: number } {
  const n = d.length;
  let best = FAR_CHOICES[0]!, bestCost = Infinity;
  for (const c of FAR_CHOICES) {
    let atoms = 0;
    for (let m = 0, pa = 0, pb = 0; m < n; m++) {
      const low = m > 0 ? d[m - 1]! / c.R : 0, high = d[m]! * c.R;
      while (pa < n && d[pa]! <= low) pa++;
      while (pb < n && d[pb]! < high) pb++;
      atoms += pb - pa;
    }
    const cost = atoms + n * 4 * c.K * SERIES_TERM_COST;
    if (cost < bestCost) {
      bestCost = cost;
      best = c;
    }
  }
  return best;
}
const FAR_MIN_ATOMS = 256;
/** the Löwner far-field series for the ratio R of the Cauchy far field: K with R^−K/K < 1e-18 */
function lownerSeries(R: number): { R: number; K: number } {
  let K = 1;
  while (Math.pow(R, -K) / K >= 1e-18) K++;
  return { R, K };
}

/** the moment tables keep one entry per block of FAR_BLOCK atoms (small tables: no page-fault cost);
 * the direct range of a query is widened outward to block boundaries, which only moves atoms from
 * the series to the direct sum */
const FAR_BLOCK = 16;

/** a rounded down / b rounded up to a block boundary (b clamped to n) */
function blockDown(a: number): number {
  return a - (a % FAR_BLOCK);
}
function blockUp(b: number, n: number): number {
  return Math.min(n, b + ((FAR_BLOCK - (b % FAR_BLOCK)) % FAR_BLOCK));
}

class FarField {
  // Tables of V weight vectors a^(v), normalised per block boundary so that no power over- or
  // underflows whatever the spread of the poles (ρ_A = d_{A·FB−1}, the largest pole of the prefix;
  // σ_B = d_{B·FB}, the smallest pole of the suffix; FB = FAR_BLOCK):
  //   pre[(v·(K+2) + k)·s + A] = P_k = Σ_{i<A·FB} a_i (d_i/ρ_A)^k,
  //   suf[(v·(K+2) + k)·s + B] = S_k = Σ_{i≥B·FB} a_i (σ_B/d_i)^{k+1},   k = 0..K+1,
  // so that Σ_{i<a} a_i/(d_i − ν) = −(1/ν) Σ_k P_k (ρ/ν)^k,  Σ_{i<a} a_i/(d_i − ν)² = (1/ν²) Σ_k (k+1) P_k (ρ/ν)^k,
  //         Σ_{i≥b} a_i/(d_i − ν) = (1/σ) Σ_k S_k (ν/σ)^k,   Σ_{i≥b} a_i/(d_i − ν)² = (1/σ²) Σ_k (k+1) S_{k+1} (ν/σ)^k.
  private readonly pre: Float64Array;
  private readonly suf: Float64Array;
  private readonly rho: Float64Array; // ρ_A (A ≥ 1)
  private readonly sig: Float64Array; // σ_B (B < nb)
  private readonly s: number;
  private readonly n: number;
  private readonly K: number;
  /** lengths of the pre/suf tables (each) and of rho/sig for n atoms, K terms, V vectors (the WebAssembly farBuild uses the same layout) */
  static sizes(n: number, K: number, V: number): { table: number; ref: number } {
    const s = Math.ceil(n / FAR_BLOCK) + 1;
    return { table: V * (K + 2) * s, ref: s };
  }
  constructor(as: Float64Array[], d: Float64Array, K: number) {
    this.K = K;
    const n = (this.n = d.length);
    const V = as.length;
    const nb = Math.ceil(n / FAR_BLOCK);
    const s = (this.s = nb + 1);
    const rows = K + 2;
    const pre = (this.pre = new Float64Array(V * rows * s));
    const suf = (this.suf = new Float64Array(V * rows * s));
    const rho = (this.rho = new Float64Array(s));
    const sig = (this.sig = new Float64Array(s));
    for (let A = 1; A <= nb; A++) rho[A] = d[Math.min(n, A * FAR_BLOCK) - 1]!;
    for (let B = 0; B < nb; B++) sig[B] = d[B * FAR_BLOCK]!;
    // prefix: P_k[A+1] = P_k[A]·(ρ_A/ρ_{A+1})^k + Σ_{i∈block A} a_i (d_i/ρ_{A+1})^k
    const pe = new Float64Array(n).fill(1); // (d_i/ρ_{blk(i)+1})^k
    const re = new Float64Array(n);
    for (let i = 0; i < n; i++) re[i] = d[i]! / rho[Math.floor(i / FAR_BLOCK) + 1]!;
    const qb = new Float64Array(s).fill(1); // (ρ_A/ρ_{A+1})^k
    const qr = new Float64Array(s);
    for (let A = 1; A < nb; A++) qr[A] = rho[A]! / rho[A + 1]!;
    for (let k = 0; k < rows; k++) {
      for (let v = 0; v < V; v++) {
        const a = as[v]!;
        const r = (v * rows + k) * s;
        let acc = 0;
        pre[r] = 0;
        for (let A = 0, i = 0; A < nb; A++) {
          acc *= qb[A]!;
          const end = Math.min(n, i + FAR_BLOCK);
          for (; i < end; i++) acc += a[i]! * pe[i]!;
          pre[r + A + 1] = acc;
        }
      }
      for (let i = 0; i < n; i++) pe[i] = pe[i]! * re[i]!;
      for (let A = 1; A < nb; A++) qb[A] = qb[A]! * qr[A]!;
    }
    // suffix: S_k[B] = Σ_{i∈block B} a_i (σ_B/d_i)^{k+1} + S_k[B+1]·(σ_B/σ_{B+1})^{k+1}
    for (let i = 0; i < n; i++) re[i] = sig[Math.floor(i / FAR_BLOCK)]! / d[i]!;
    pe.set(re);
    for (let B = 0; B + 1 < nb; B++) qr[B] = sig[B]! / sig[B + 1]!;
    qb.fill(0);
    for (let B = 0; B + 1 < nb; B++) qb[B] = qr[B]!;
    for (let k = 0; k < rows; k++) {
      for (let v = 0; v < V; v++) {
        const a = as[v]!;
        const r = (v * rows + k) * s;
        let acc = 0;
        suf[r + nb] = 0;
        for (let B = nb - 1; B >= 0; B--) {
          acc *= qb[B]!; // (σ_B/σ_{B+1})^{k+1}; 0 for the last block (acc = 0 there anyway)
          for (let i = Math.min(n, (B + 1) * FAR_BLOCK) - 1; i >= B * FAR_BLOCK; i--) acc += a[i]! * pe[i]!;
          suf[r + B] = acc;
        }
      }
      for (let i = 0; i < n; i++) pe[i] = pe[i]! * re[i]!;
      for (let B = 0; B + 1 < nb; B++) qb[B] = qb[B]! * qr[B]!;
    }
  }
  /**
   * for weight vector v: out[0] += Σ_{i<a} a_i/(d_i − ν), out[1] += Σ_{i<a} a_i/(d_i − ν)²; out[2],
   * out[3]: the same over i ≥ b; a and b must be block boundaries (or b = n)
   */
  add(a: number, b: number, nu: number, out: Float64Array, v = 0): void {
    const s = this.s;
    const K = this.K;
    const r0 = v * (K + 2) * s;
    if (a > 0) {
      const Ai = a / FAR_BLOCK;
      const A = r0 + Ai;
      const x = this.rho[Ai]! / nu;
      let p = 1;
      let s1 = 0, s2 = 0;
      for (let k = 0; k < K; k++) {
        const t = this.pre[k * s + A]! * p;
        s1 += t;
        s2 += (k + 1) * t;
        p *= x;
      }
      const iv = 1 / nu;
      out[0] = out[0]! - s1 * iv;
      out[1] = out[1]! + s2 * iv * iv;
    }
    if (b < this.n) {
      const Bi = b / FAR_BLOCK;
      const B = r0 + Bi;
      const sg = this.sig[Bi]!;
      const x = nu / sg;
      let p = 1;
      let s1 = 0, s2 = 0;
      for (let k = 0; k < K; k++) {
        s1 += this.suf[k * s + B]! * p;
        s2 += (k + 1) * this.suf[(k + 1) * s + B]! * p;
        p *= x;
      }
      const is = 1 / sg;
      out[2] = out[2]! + s1 * is;
      out[3] = out[3]! + s2 * is * is;
    }
  }
}

/**
 * Root m of g(ν) = 1 − Σ w_i/(d_i − ν) (d ascending, w > 0) as ν = origin + τ.
 * Returns origin index (−1 = the origin 0) and τ.
 *
 * Iteration ("fixed weights", cf. dlaed4): each O(n) evaluation returns the sums without the two
 * nearest poles m − 1 and m (the "rest" r), which are added exactly; g is then modelled with
 * those two poles exact and the rest linear,
 *   G(τ) = 1 − w_L/(d_L − τ) − w_R/(d_R − τ) − r(τ_k) − r'(τ_k)·(τ − τ_k),
 * and G = 0 is solved by two-pole rational steps without further O(n) work. The model error is
 * O(r''·(τ − τ_k)²), so after the midpoint evaluation and one evaluation at the model root the next
 * model's own error bound is below ε·(distance to the nearest pole) and the root is accepted
 * (≈ 2 evaluations per root instead of ≈ 3.3 with the plain two-pole step).
 */
function secularRoot(d: Float64Array, w: Float64Array, n: number, wsum: number, m: number, ev: Eval, evalAt: SecularEvaluator): { o: number; tau: number; err: number } {
  let o: number; // origin pole index, −1 for 0
  let base: number;
  let lo: number, hi: number; // bracket in τ: g(lo) > 0 > g(hi)
  let tau: number;
  let dL: number, dR: number; // nearest poles relative to origin (dL = -Infinity for m = 0)
  const wL = m > 0 ? w[m - 1]! : 0;
  const wR = w[m]!;
  if (m > 0) {
    const gap = d[m]! - d[m - 1]!;
    evalAt(m, d[m - 1]!, gap / 2, ev);
    const gmid = 1 - ev.psi - ev.phi - wL / (-gap / 2) - wR / (gap / 2);
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
    tau = modelRoot(tau, ev, dL, dR, wL, wR, lo, hi);
  } else {
    const d0 = d[0]!;
    if (d0 > 0) {
      evalAt(0, 0, d0 / 2, ev);
      const gmid = 1 - ev.psi - ev.phi - wR / (d0 / 2);
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
      tau = modelRoot(tau, ev, dL, dR, 0, wR, lo, hi);
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
  let err = Infinity; // error bound of ν relative to the distance to the nearest pole
  for (let it = 0; it < 100; it++) {
    evalAt(m, base, tau, ev);
    const tL = wL > 0 ? wL / (dL - tau) : 0;
    const tR = wR / (dR - tau);
    const psi = ev.psi + tL, phi = ev.phi + tR;
    const g = 1 - psi - phi;
    if (g > 0) lo = tau;
    else hi = tau;
    const errBound = 8 * EPS * (2 + phi - psi);
    // rounding of g moves the root by ≤ errBound/g'
    const gp = ev.dpsi + ev.dphi + (wL > 0 ? tL / (dL - tau) : 0) + tR / (dR - tau);
    err = errBound / (gp * Math.min(Math.abs(dR - tau), Math.abs(dL - tau)));
    if (Math.abs(g) <= errBound || g === 0) break;
    let next = modelRoot(tau, ev, dL, dR, wL, wR, lo, hi);
    const solved = next > lo && next < hi; // NaN (model not solved) or outside: bisect, never accept
    if (!solved) next = 0.5 * (lo + hi);
    const step = next - tau;
    const eL = dL - next, eR = dR - next;
    const near = Math.min(Math.abs(eR), Math.abs(eL));
    // accept without another O(n) evaluation when the model's own error is below rounding: the
    // rest is r(τ) ≈ r(τ_k) + r'·s with |r''| ≤ 2 r'/dist (dist: from ν to the nearest pole of the
    // rest), so |G − g| ≤ r'·s²/dist along the step and the root moves by at most that over |G'|
    const dist = Math.min(m >= 2 ? next - (d[m - 2]! - base) : Infinity, m + 1 < n ? d[m + 1]! - base - next : Infinity);
    const r1 = ev.dpsi + ev.dphi;
    const Gp = (wL > 0 ? wL / (eL * eL) : 0) + wR / (eR * eR) + r1;
    if ((solved && (r1 * step * step) / (dist * Gp) <= EPS * near) || next === tau) {
      tau = next;
      err = EPS + errBound / (Gp * near); // the model's error plus the rounding of g
      break;
    }
    tau = next;
    err = Infinity;
  }
  return { o, tau, err };
}

const modelEv: Eval = { psi: 0, phi: 0, dpsi: 0, dphi: 0 };

/**
 * The root in (lo, hi) of the fixed-weight model G of g (see secularRoot) built from the rest sums
 * `rest` evaluated at τ_k by ≤ 24 bracketed two-pole steps, or NaN if they did not converge.
 */
function modelRoot(tk: number, rest: Eval, dL: number, dR: number, wL: number, wR: number, lo: number, hi: number): number {
  const hasL = wL > 0 && Number.isFinite(dL);
  const r0 = rest.psi + rest.phi;
  const r1 = rest.dpsi + rest.dphi;
  let tau = tk;
  let mlo = lo, mhi = hi;
  for (let it = 0; it < 24; it++) {
    const eL = dL - tau, eR = dR - tau;
    const tL = hasL ? wL / eL : 0, tR = wR / eR;
    const lin = r1 * (tau - tk);
    const G = 1 - tL - tR - r0 - lin;
    if (Math.abs(G) <= 8 * EPS * (1 + Math.abs(tL) + Math.abs(tR) + Math.abs(r0) + Math.abs(lin))) return tau; // root of the model to rounding
    if (G > 0) mlo = tau;
    else mhi = tau;
    modelEv.dpsi = (hasL ? tL / eL : 0) + rest.dpsi;
    modelEv.dphi = tR / eR + rest.dphi;
    let next = tau + rationalStep(G, modelEv, eL, eR);
    if (!(next > mlo && next < mhi)) next = 0.5 * (mlo + mhi);
    const step = next - tau;
    tau = next;
    if (step === 0 || Math.abs(step) <= 16 * EPS * Math.min(Math.abs(dR - tau), Math.abs(dL - tau))) return tau;
  }
  return NaN;
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
// prefix / suffix tables normalised per block boundary (no power over- or underflows):
//   pre[(k−1)·s + A] = Σ_{m<A·FB} (ν_m^k − d_m^k)/ρ_A^k,  ρ_A = d_{A·FB−1}, query −Σ_k pre·(ρ_A/d_i)^k/k;
//   suf[k·s + B] = Σ_{m≥B·FB, m≥1} σ_B^k (ν_m^{−k} − d_m^{−k}),  σ_B = ν_{B·FB}, query −Σ_k suf·(d_i/σ_B)^k/k;
//   suf[B] (row 0) = Σ log1p(τ'_m/d_m). Terms ≤ R^{−k}/k: K from lownerSeries, truncation < 1e-18.
class LownerFar {
  private readonly pre: Float64Array;
  private readonly suf: Float64Array;
  private readonly rho: Float64Array;
  private readonly sig: Float64Array;
  private readonly s: number;
  private readonly n: number;
  private readonly K: number;
  constructor(d: Float64Array, bases: Float64Array, taus: Float64Array, K: number) {
    this.K = K;
    const n = (this.n = d.length);
    const nb = Math.ceil(n / FAR_BLOCK);
    const s = (this.s = nb + 1);
    const pre = (this.pre = new Float64Array(K * s));
    const suf = (this.suf = new Float64Array((K + 1) * s));
    const rho = (this.rho = new Float64Array(s));
    const sig = (this.sig = new Float64Array(s));
    const nu = new Float64Array(n), tp = new Float64Array(n);
    for (let m = 0; m < n; m++) {
      nu[m] = bases[m]! + taus[m]!;
      tp[m] = bases[m]! - d[m]! + taus[m]!; // τ'_m
    }
    for (let A = 1; A <= nb; A++) rho[A] = d[Math.min(n, A * FAR_BLOCK) - 1]!;
    for (let B = 0; B < nb; B++) sig[B] = nu[B * FAR_BLOCK]!;
    // prefix: D_k(m) = (ν^k − d^k)/ρ^k with ρ = ρ_{blk(m)+1}: D_{k+1} = u·D_k + v^k·t, u = ν/ρ, v = d/ρ, t = τ'/ρ
    const u = new Float64Array(n), v = new Float64Array(n), t = new Float64Array(n), D = new Float64Array(n), vk = new Float64Array(n);
    for (let m = 0; m < n; m++) {
      const r = rho[Math.floor(m / FAR_BLOCK) + 1]!;
      u[m] = nu[m]! / r;
      v[m] = d[m]! / r;
      t[m] = tp[m]! / r;
      D[m] = t[m]!; // k = 1
      vk[m] = v[m]!;
    }
    const qb = new Float64Array(s).fill(1), qr = new Float64Array(s);
    for (let A = 1; A < nb; A++) qr[A] = rho[A]! / rho[A + 1]!;
    for (let A = 1; A < nb; A++) qb[A] = qr[A]!; // (ρ_A/ρ_{A+1})^k, k = 1
    for (let k = 1; k <= K; k++) {
      const r = (k - 1) * s;
      let acc = 0;
      pre[r] = 0;
      for (let A = 0, m = 0; A < nb; A++) {
        acc *= qb[A]!;
        const end = Math.min(n, m + FAR_BLOCK);
        for (; m < end; m++) acc += D[m]!;
        pre[r + A + 1] = acc;
      }
      for (let m = 0; m < n; m++) {
        D[m] = u[m]! * D[m]! + vk[m]! * t[m]!;
        vk[m] = vk[m]! * v[m]!;
      }
      for (let A = 1; A < nb; A++) qb[A] = qb[A]! * qr[A]!;
    }
    // suffix over m ≥ 1: E_k(m) = σ^k (ν^{−k} − d^{−k}) with σ = σ_{blk(m)}: E_{k+1} = a·E_k + c^k·E_1,
    // a = σ/ν, c = σ/d, E_1 = −σ τ'/(ν d); row 0 = log1p(τ'/d) (entries m = 0 are zero)
    const a = u, c = v, E1 = t, E = D, ck = vk;
    const L = new Float64Array(n);
    for (let m = 0; m < n; m++) {
      if (m === 0) {
        a[0] = c[0] = E1[0] = E[0] = ck[0] = 0;
        continue;
      }
      const sg = sig[Math.floor(m / FAR_BLOCK)]!;
      a[m] = sg / nu[m]!;
      c[m] = sg / d[m]!;
      E1[m] = (-sg * tp[m]!) / (nu[m]! * d[m]!);
      E[m] = E1[m]!;
      ck[m] = c[m]!;
      L[m] = Math.log1p(tp[m]! / d[m]!);
    }
    qb.fill(0);
    for (let B = 0; B + 1 < nb; B++) qr[B] = sig[B]! / sig[B + 1]!;
    for (let B = 0; B + 1 < nb; B++) qb[B] = qr[B]!; // (σ_B/σ_{B+1})^k, k = 1
    for (let k = 0; k <= K; k++) {
      const r = k * s;
      const src = k === 0 ? L : E;
      let acc = 0;
      for (let B = nb - 1; B >= 0; B--) {
        if (k > 0) acc *= qb[B]!;
        for (let m = Math.min(n, (B + 1) * FAR_BLOCK) - 1; m >= B * FAR_BLOCK; m--) acc += src[m]!;
        suf[r + B] = acc;
      }
      if (k === 0) continue;
      for (let m = 1; m < n; m++) {
        E[m] = a[m]! * E[m]! + ck[m]! * E1[m]!;
        ck[m] = ck[m]! * c[m]!;
      }
      for (let B = 0; B + 1 < nb; B++) qb[B] = qb[B]! * qr[B]!;
    }
  }
  /** Σ over m < a and m ≥ b of log[(ν_m − d_i)/(d_m − d_i)] (a, b block boundaries or b = n; b ≥ 1) */
  logFactor(a: number, b: number, di: number): number {
    const s = this.s;
    const K = this.K;
    let acc = 0;
    if (a > 0) {
      const A = a / FAR_BLOCK;
      const x = this.rho[A]! / di;
      let p = x;
      for (let k = 1; k <= K; k++) {
        acc -= (this.pre[(k - 1) * s + A]! * p) / k;
        p *= x;
      }
    }
    if (b < this.n) {
      const B = b / FAR_BLOCK;
      acc += this.suf[B]!;
      const x = di / this.sig[B]!;
      let p = x;
      for (let k = 1; k <= K; k++) {
        acc -= (this.suf[k * s + B]! * p) / k;
        p *= x;
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

/**
 * The O(n²) passes — roots, Löwner weights, residue sums — in WebAssembly or TypeScript, made for
 * one set of coupled atoms (d, w, f) and one far-field series (or none).
 */
interface ClosedFormKernels {
  bases: Float64Array;
  taus: Float64Array;
  what: Float64Array;
  /** the direct window [winA[m], winB[m]) of root m (far-field case; filled by the caller) */
  winA: Int32Array;
  winB: Int32Array;
  /** residue sums: num[m] = Σ f_i/(d_i − ν_m), den[m] = Σ ĉ_i/(d_i − ν_m)² */
  num: Float64Array;
  den: Float64Array;
  /** secularRoot for roots m ∈ [m0, m1) into bases/taus; returns the largest error bound relative to the nearest-pole distance */
  roots(m0: number, m1: number, wsum: number): number;
  /** Löwner weights ĉ_i, i ∈ [i0, i1), by the direct product */
  lowner(i0: number, i1: number): void;
  /** |ν_i − d_i| Π_{m∈[lo,hi), m≠i} (ν_m − d_i)/(d_m − d_i) */
  lownerNear(lo: number, i: number, hi: number): number;
  /** the Löwner weights with the far field (WebAssembly): build the LownerFar tables, then ĉ_i for i ∈ [i0, i1) over the windows lwA/lwB */
  lownerFar?: { lwA: Int32Array; lwB: Int32Array; build(K: number): void; range(i0: number, i1: number, K: number): void };
  /** before residues: the far-field tables of [f, ĉ] (cIsW: ĉ = w, no Löwner pass — the [w] tables serve) */
  prepareResidues(cIsW: boolean): void;
  /** num[m], den[m] for m ∈ [m0, m1) */
  residues(m0: number, m1: number): void;
}

/** the TypeScript loops (the reference); fp: the far-field series, or null for direct sums */
function tsKernels(d: Float64Array, w: Float64Array, f: Float64Array, fp: { R: number; K: number } | null): ClosedFormKernels {
  const n = d.length;
  const bases = new Float64Array(n), taus = new Float64Array(n), what = new Float64Array(n);
  const winA = new Int32Array(n), winB = new Int32Array(n), num = new Float64Array(n), den = new Float64Array(n);
  const farW = fp ? new FarField([w], d, fp.K) : null;
  let farFC: FarField | null = null;
  const far4 = new Float64Array(4);
  const ev: Eval = { psi: 0, phi: 0, dpsi: 0, dphi: 0 };
  let wa = 0, wb = n;
  const evalAt: SecularEvaluator = (m, base, tau, out) => {
    const nu = base + tau;
    const mL = m > 0 ? m - 1 : 0;
    if (farW && nu > 0) {
      evalSecular(d, w, wa, mL, m + 1, wb, base, tau, out);
      far4.fill(0);
      farW.add(wa, wb, nu, far4);
      out.psi += far4[0]!;
      out.dpsi += far4[1]!;
      out.phi += far4[2]!;
      out.dphi += far4[3]!;
    } else evalSecular(d, w, 0, mL, m + 1, n, base, tau, out);
  };
  const sums = new Float64Array(2);
  return {
    bases,
    taus,
    what,
    winA,
    winB,
    num,
    den,
    roots(m0, m1, wsum) {
      let err = 0;
      for (let m = m0; m < m1; m++) {
        wa = winA[m]!;
        wb = winB[m]!;
        const r = secularRoot(d, w, n, wsum, m, ev, evalAt);
        taus[m] = r.tau;
        bases[m] = r.o >= 0 ? d[r.o]! : 0;
        if (!(r.err <= err)) err = r.err;
      }
      return err;
    },
    lowner(i0, i1) {
      for (let i = i0; i < i1; i++) what[i] = lownerWeight(d, bases, taus, i);
    },
    lownerNear: (lo, i, hi) => lownerWeight(d, bases, taus, i, lo, hi),
    prepareResidues() {
      farFC = fp ? new FarField([f, what], d, fp.K) : null;
    },
    residues(m0, m1) {
      for (let m = m0; m < m1; m++) {
        const base = bases[m]!, tau = taus[m]!, nu = base + tau;
        if (farFC && nu > 0) {
          // the window of root m (as in the root phase)
          const a = winA[m]!, b = winB[m]!;
          residueSums(d, f, what, a, b, base, tau, sums);
          far4.fill(0);
          farFC.add(a, b, nu, far4, 0);
          num[m] = sums[0]! + far4[0]! + far4[2]!;
          far4.fill(0);
          farFC.add(a, b, nu, far4, 1);
          den[m] = sums[1]! + far4[1]! + far4[3]!;
        } else {
          residueSums(d, f, what, 0, n, base, tau, sums);
          num[m] = sums[0]!;
          den[m] = sums[1]!;
        }
      }
    },
  };
}

/** the WebAssembly SIMD versions over one arena, or null */
function wasmKernels(d: Float64Array, w: Float64Array, f: Float64Array, farK: number, farR: number): ClosedFormKernels | null {
  const n = d.length;
  // one division per four atoms when every product of two distances stays in range
  const paired = n > 0 && d[0]! >= 1e-40 && d[n - 1]! <= 1e40;
  const withFar = paired && farK > 0;
  const zW = withFar ? FarField.sizes(n, farK, 1) : { table: 0, ref: 0 };
  const zFC = withFar ? FarField.sizes(n, farK, 2) : { table: 0, ref: 0 };
  const zL = withFar ? lownerSeries(farR).K : 0; // the Löwner series length for this R
  const nS = withFar ? n : 0;
  const A = dynamicsArena([n, n, n, n, n, n, 4, 4, zW.table, zW.table, zFC.table, zFC.table, zW.ref, zW.ref, nS, nS, zW.ref, zW.ref, n, n, withFar ? zL * zW.ref : 0, withFar ? (zL + 1) * zW.ref : 0, withFar ? 8 * n + 2 * zW.ref : 0, zW.ref], [n, n, n, n]);
  if (!A) return null;
  const [D, W, F, B, T, C, O, S, preW, sufW, preFC, sufFC, rho, sig, pe, re, qb, qr, NUM, DEN, preL, sufL, scL, sigL] = A.f64 as Float64Array[] as [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array];
  const [WA, WB, LA, LB] = A.i32 as [Int32Array, Int32Array, Int32Array, Int32Array];
  D.set(d);
  W.set(w);
  F.set(f);
  const x = A.exports;
  const pd = D.byteOffset, pw = W.byteOffset, pf = F.byteOffset, pb = B.byteOffset, pt = T.byteOffset, pc = C.byteOffset, po = O.byteOffset;
  const s = zW.ref, rows = farK + 2;
  const pPreW = preW.byteOffset, pSufW = sufW.byteOffset, pRho = rho.byteOffset, pSig = sig.byteOffset;
  const pPreF = preFC.byteOffset, pSufF = sufFC.byteOffset, pPreC = pPreF + 8 * rows * s, pSufC = pSufF + 8 * rows * s;
  const scratch = [pe.byteOffset, re.byteOffset, qb.byteOffset, qr.byteOffset] as const;
  if (withFar) x.farBuild(pd, n, pw, farK, pPreW, pSufW, pRho, pSig, ...scratch); // the [w] tables, for the roots
  let cTables = [pPreC, pSufC] as const;
  return {
    bases: B,
    taus: T,
    what: C,
    winA: WA,
    winB: WB,
    num: NUM,
    den: DEN,
    lownerFar: withFar
      ? {
          lwA: LA,
          lwB: LB,
          build: (Kl) => x.lownerFarBuild(pd, pb, pt, n, Kl, preL.byteOffset, sufL.byteOffset, pRho, sigL.byteOffset, scL.byteOffset),
          range: (i0, i1, Kl) => x.lownerFarRange(pd, pb, pt, n, i0, i1, LA.byteOffset, LB.byteOffset, preL.byteOffset, sufL.byteOffset, pRho, sigL.byteOffset, s, Kl, pc),
        }
      : undefined,
    prepareResidues(cIsW) {
      if (!withFar) return;
      x.farBuild(pd, n, pf, farK, pPreF, pSufF, pRho, pSig, ...scratch);
      if (!cIsW) x.farBuild(pd, n, pc, farK, pPreC, pSufC, pRho, pSig, ...scratch);
      cTables = cIsW ? [pPreW, pSufW] : [pPreC, pSufC];
    },
    residues(m0, m1) {
      x.residuesRange(pd, pf, pc, n, m0, m1, pb, pt, WA.byteOffset, WB.byteOffset, withFar ? 1 : 0, paired ? 1 : 0, pPreF, pSufF, cTables[0], cTables[1], pRho, pSig, s, farK, NUM.byteOffset, DEN.byteOffset, po, S.byteOffset);
    },
    roots(m0, m1, wsum) {
      return x.secularRoots(pd, pw, n, wsum, m0, m1, WA.byteOffset, WB.byteOffset, withFar ? 1 : 0, paired ? 1 : 0, pPreW, pSufW, pRho, pSig, s, farK, pb, pt, po);
    },
    lowner: (i0, i1) => x.lownerRange(pd, pb, pt, n, i0, i1, pc),
    lownerNear: (lo, i, hi) => x.lownerNear(pd, pb, pt, lo, i, hi),
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
  const useFar = n >= FAR_MIN_ATOMS && d[0]! > 0;
  const fp = useFar ? farSeries(d) : null;
  const R = fp ? fp.R : 4;
  const K = (useWasm && n >= WASM_MIN_ATOMS ? wasmKernels(d, w, f, fp ? fp.K : 0, fp ? fp.R : 4) : null) ?? tsKernels(d, w, f, fp);
  // 1. roots
  const taus = K.taus;
  const bases = K.bases;
  // the direct window of root m: every ν of its interval (δ_{m−1}, δ_m) has the atoms ≤ δ_{m−1}/R
  // and ≥ R·δ_m in its far field, so one window [winA[m], winB[m]) serves all evaluations of the
  // root (two pointers moving up with m; widened to block boundaries)
  const winA = K.winA, winB = K.winB;
  if (fp) {
    for (let m = 0, pa = 0, pb = 0; m < n; m++) {
      const low = m > 0 ? d[m - 1]! / R : 0;
      const high = d[m]! * R;
      while (pa < n && d[pa]! <= low) pa++;
      while (pb < n && d[pb]! < high) pb++;
      winA[m] = blockDown(Math.min(m > 0 ? m - 1 : 0, pa));
      winB[m] = blockUp(Math.max(m + 1, pb), n);
    }
  }
  let rootErr = 0; // max over the roots of the error bound of ν_m relative to its nearest-pole distance
  for (let m0 = 0; m0 < n; m0 += 64) {
    if (opts.cancelled && opts.cancelled()) throw new CancelledError();
    const e = K.roots(m0, Math.min(n, m0 + 64), wsum);
    if (!(e <= rootErr)) rootErr = e;
  }
  // 2. Löwner weights ĉ_i = |ν_i − d_i| Π_{m≠i} (ν_m − d_i)/(d_m − d_i); numerator and denominator
  // factors are multiplied in blocks of 4 and divided once per block (a factor is a root–pole or
  // pole–pole distance, ≳ 1e-14·δ after merging, so a block of 4 stays far from underflow for any
  // spectrum with δ above ~1e-60)
  // When every root is known to LOWNER_SKIP of its distance to the nearest pole, ĉ differs from w
  // by about that much (relative), far below what the curve needs (1e-10): ĉ = w is used and the
  // pass is skipped. Roots less well determined (a tiny nearest-pole term against large sums)
  // get the Löwner weights.
  const what = K.what;
  const skipLowner = opts.lowner !== 'always' && rootErr <= LOWNER_SKIP;
  if (skipLowner) what.set(w);
  const lp = !skipLowner && fp && bases[0]! + taus[0]! > 0 ? lownerSeries(fp.R) : null;
  const wasmLowner = lp ? K.lownerFar : undefined;
  if (wasmLowner && lp) {
    // windows as below, then tables and weights in WebAssembly
    const { lwA, lwB } = wasmLowner;
    for (let i = 0, pa = 0, pb = 0; i < n; i++) {
      const di = d[i]!;
      while (pa < n && d[pa]! <= di / lp.R) pa++;
      while (pb < n && d[pb]! < di * lp.R) pb++;
      lwA[i] = blockDown(Math.min(i, pa));
      lwB[i] = blockUp(Math.max(i + 1, Math.min(n, pb + 1)), n);
    }
    wasmLowner.build(lp.K);
  }
  const lfar = lp && !wasmLowner ? new LownerFar(d, bases, taus, lp.K) : null;
  for (let i0 = 0, pa = 0, pb = 0; i0 < n && !skipLowner; i0 += 64) {
    if (opts.cancelled && opts.cancelled()) throw new CancelledError();
    const i1 = Math.min(n, i0 + 64);
    if (wasmLowner && lp) wasmLowner.range(i0, i1, lp.K);
    else if (lfar && lp) {
      for (let i = i0; i < i1; i++) {
        const di = d[i]!;
        // near window [a, b): poles within (d_i/R, R·d_i), plus one above (ν_m of the first far pole above)
        while (pa < n && d[pa]! <= di / lp.R) pa++;
        while (pb < n && d[pb]! < di * lp.R) pb++;
        const a0 = Math.min(i, pa), b0 = Math.max(i + 1, Math.min(n, pb + 1));
        const a = blockDown(a0), b = blockUp(b0, n);
        what[i] = K.lownerNear(a, i, b) * Math.exp(lfar.logFactor(a, b, di));
      }
    } else K.lowner(i0, i1);
  }
  // 3. residues
  K.prepareResidues(skipLowner);
  const nu = new Float64Array(n);
  const coef = new Float64Array(n);
  const NUM = K.num, DEN = K.den; // Σ f_i/(d_i − ν_m), Σ ĉ_i/(d_i − ν_m)²
  for (let m0 = 0; m0 < n; m0 += 64) {
    if (opts.cancelled && opts.cancelled()) throw new CancelledError();
    K.residues(m0, Math.min(n, m0 + 64));
  }
  let oneMinusQ = 1; // G(1) = Π ν_m/d_m
  const allPositive = n === 0 || d[0]! > 0;
  for (let m = 0; m < n; m++) {
    const num0 = bases[m]! + taus[m]!; // ν_m
    nu[m] = num0;
    let num = NUM[m]!;
    for (let p = 0; p < driving.d.length; p++) num += driving.f[p]! / (driving.d[p]! - num0);
    if (F0 !== 0) num -= F0 / num0;
    coef[m] = num / DEN[m]!;
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
  // all modes, sorted by ν: the coupled roots interlace the ascending poles, so they are ascending
  // already; merge in the driving-only atoms (ascending too)
  const allN = n + pn;
  const nuS = new Float64Array(allN);
  const coefS = new Float64Array(allN);
  for (let a = 0, b = 0, k = 0; k < allN; k++) {
    if (b >= pn || (a < n && nu[a]! <= driving.d[b]!)) {
      nuS[k] = nu[a]!;
      coefS[k] = coef[a++]!;
    } else {
      nuS[k] = driving.d[b]!;
      coefS[k] = pcoef[b++]!;
    }
  }
  const logMu = new Float64Array(allN);
  for (let k = 0; k < allN; k++) logMu[k] = Math.log1p(-nuS[k]!);
  const minNu = allN ? nuS[0]! : Infinity;
  const stable = minNu > 0 && oneMinusQ > 0;
  let sum: ((cps: ArrayLike<number>) => Float64Array) | null = null;
  return {
    riskInfinity: stable ? constant : Infinity,
    spectralRadius: allN ? 1 - minNu : 0,
    modes: { nu: nuS, coef: coefS, constant },
    risk(checkpoints: ArrayLike<number>): Float64Array {
      const nc = checkpoints.length;
      for (let k = 0; k < nc; k++) {
        const t = checkpoints[k]!;
        if (!(Number.isInteger(t) && t >= 0)) throw new RangeError(`checkpoints must be integers ≥ 0, got ${t}`);
      }
      sum ??= riskSumEvaluator(logMu, coefS, constant, { kernel: useWasm ? 'auto' : 'typescript' });
      return sum(checkpoints);
    },
  };
}

/** R(t) at the checkpoints, in closed form */
export function riskClosedForm(measure: DiscreteMeasure, opts: ClosedFormOptions, checkpoints: ArrayLike<number>): Float64Array {
  return prepareClosedForm(measure, opts).risk(checkpoints);
}
