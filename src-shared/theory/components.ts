// Asymptotic components of the risk curve of the plain PLRF model (seed 000, PPXP24 Props.
// 8.1, 8.3, 9.1; DESIGN.md §3), to overlay on curves:
//   R(r) ≍ F₀ + F_ac(r) + F_pp(r) + K_pp(r)/(γB),  with
//   F_pp(r) = (1/(2α)) ∫₀¹ u^{(2β−1)/(2α)} e^{−2γBru} du
//             ~ (2α)^{-1} Γ(β/α − 1/(2α) + 1) (2γBr)^{−(1+β/α)+1/(2α)},
//   F_ac(r) = (c_β/(2α)) d^{-1} ∫_{d^{-2α}}^1 u^{−1/(2α)} e^{−2γBru} du,  c_β = ζ(2β) if 2β > 1 else 0,
//   K_pp(r) = (γ²B/(2α)) ∫₀¹ u^{1−1/(2α)} e^{−2γBru} du   (finite for α > 1/4; NaN otherwise),
//   F₀      = Σ_j j^{-2α-2β}/(1 + j^{-2α} d^{2α} κ(v/d)),  ∫₀^{v/d} κ/(κ + x^{2α}) dx = 1
//             (≍ d^{−2α + max(0, 1−2β)}).
// The integrals are evaluated numerically in w = ln u (composite 10-point Gauss–Legendre,
// panels of width ≤ 0.5, relative accuracy ~1e-12), with the analytic piece ε^s/s near u = 0.
import { ParamError } from '../params/errors';
import { PowerLawSums } from './power-sums';

const GL_X = [
  -0.9739065285171717, -0.8650633666889845, -0.6794095682990244, -0.4333953941292472, -0.1488743389816312,
  0.1488743389816312, 0.4333953941292472, 0.6794095682990244, 0.8650633666889845, 0.9739065285171717,
];
const GL_W = [
  0.0666713443086881, 0.1494513491505806, 0.219086362515982, 0.2692667193099963, 0.2955242247147529,
  0.2955242247147529, 0.2692667193099963, 0.219086362515982, 0.1494513491505806, 0.0666713443086881,
];

/** ∫_{w0}^{w1} f(w) dw, composite 10-point Gauss–Legendre with panels ≤ h */
function gl(f: (w: number) => number, w0: number, w1: number, h = 0.5): number {
  const n = Math.max(1, Math.ceil((w1 - w0) / h));
  const hh = (w1 - w0) / n;
  let s = 0;
  for (let k = 0; k < n; k++) {
    const c = w0 + (k + 0.5) * hh;
    for (let g = 0; g < 10; g++) s += GL_W[g]! * f(c + 0.5 * hh * GL_X[g]!);
  }
  return 0.5 * hh * s;
}

/** ∫_lo^1 u^{s−1} e^{−c u} du  (lo ≥ 0; s > 0 required when lo = 0) */
export function powerExpIntegral(s: number, c: number, lo = 0): number {
  if (lo === 0 && !(s > 0)) return Infinity;
  let eps = lo;
  let head = 0;
  if (lo === 0) {
    eps = Math.min(1, 1e-8 / Math.max(c, 1));
    head = (Math.pow(eps, s) / s) * (1 - (c * eps * s) / (s + 1)); // ∫₀^ε u^{s−1}(1 − cu) du
  }
  if (eps >= 1) return head;
  // in w = ln u; the integrand e^{s w − c e^w} is negligible once c e^w > 800
  const w1 = Math.min(0, Math.log(800 / Math.max(c, 1e-300)));
  const w0 = Math.log(eps);
  if (w1 <= w0) return head;
  return head + gl((w) => Math.exp(s * w - c * Math.exp(w)), w0, w1);
}

/** Riemann ζ(s), 1 < s ≤ 20 (Euler–Maclaurin with N = 20 and three correction terms, error < 1e-14) */
export function zeta(s: number): number {
  if (!(s > 1)) return Infinity;
  const N = 20;
  let sum = 0;
  for (let j = 1; j < N; j++) sum += Math.pow(j, -s);
  const Ns = Math.pow(N, -s);
  sum +=
    (N * Ns) / (s - 1) +
    Ns / 2 +
    (s * Ns) / (12 * N) -
    (s * (s + 1) * (s + 2) * Ns) / (720 * N ** 3) +
    (s * (s + 1) * (s + 2) * (s + 3) * (s + 4) * Ns) / (30240 * N ** 5);
  return sum;
}

/** κ(v/d): ∫₀^{v/d} κ/(κ + x^{2α}) dx = 1 */
export function kappaRatio(alpha: number, ratio: number): number {
  const g = (k: number) => {
    // ∫₀^V κ/(κ + x^{2α}) dx in w = ln x, plus ∫₀^{e^{w0}} ≈ e^{w0}
    const w0 = Math.log(ratio) - 40;
    return Math.exp(w0) + gl((w) => (k / (k + Math.exp(2 * alpha * w))) * Math.exp(w), w0, Math.log(ratio), 0.25) - 1;
  };
  let lo = 1e-12,
    hi = 1;
  while (g(hi) < 0) hi *= 2;
  while (g(lo) > 0) lo /= 2;
  for (let i = 0; i < 200 && hi / lo - 1 > 1e-14; i++) {
    const m = Math.sqrt(lo * hi);
    if (g(m) < 0) lo = m;
    else hi = m;
  }
  return Math.sqrt(lo * hi);
}

export interface ComponentParams {
  alpha: number;
  beta: number;
  v: number;
  d: number;
  gamma: number;
  batch?: number;
}

export interface Components {
  r: number[];
  F0: number[];
  Fpp: number[];
  Fac: number[];
  /** K_pp(r)/(γB), the term that enters R */
  KppOverGammaB: number[];
  /** F₀ + F_pp + F_ac + K_pp/(γB) */
  total: number[];
  /** the asymptotic F₀ constant and κ(v/d) */
  F0value: number;
  kappaRatio: number;
}

/** asymptotic F₀ = Σ_j a_j²/(1 + j^{-2α} d^{2α} κ(v/d)) */
export function F0Asymptotic(alpha: number, beta: number, v: number, d: number): { F0: number; kappa: number } {
  const kr = kappaRatio(alpha, v / d);
  const c = Math.pow(d, 2 * alpha) * kr;
  const sums = new PowerLawSums(alpha, v, [{ p: 2 * alpha + 2 * beta, q: 1 }], Math.max(64, Math.ceil(3 * Math.sqrt(d))));
  const out = new Float64Array(2);
  sums.eval(c, 0, out);
  return { F0: out[0]!, kappa: kr };
}

export function asymptoticComponents(p: ComponentParams, r: ArrayLike<number>): Components {
  const { alpha, beta, v, d, gamma } = p;
  const B = p.batch ?? 1;
  if (!(alpha > 0)) throw new ParamError('alpha', `must be > 0, got ${alpha}`);
  if (!(2 * alpha + 2 * beta > 1)) throw new ParamError('beta', `need 2α + 2β > 1 (got α=${alpha}, β=${beta})`);
  if (!(gamma > 0)) throw new ParamError('gamma', `must be > 0, got ${gamma}`);
  if (!(Number.isInteger(d) && d >= 1 && v > d)) throw new ParamError('d', `must be an integer with 1 ≤ d < v, got ${d}`);
  const { F0, kappa } = F0Asymptotic(alpha, beta, v, d);
  const cBeta = 2 * beta > 1 ? zeta(2 * beta) : 0;
  const out: Components = { r: [], F0: [], Fpp: [], Fac: [], KppOverGammaB: [], total: [], F0value: F0, kappaRatio: kappa };
  for (let k = 0; k < r.length; k++) {
    const t = r[k]!;
    const c = 2 * gamma * B * t;
    const fpp = powerExpIntegral((2 * beta - 1) / (2 * alpha) + 1, c) / (2 * alpha);
    const fac = cBeta > 0 ? (cBeta / (2 * alpha * d)) * powerExpIntegral(1 - 1 / (2 * alpha), c, Math.pow(d, -2 * alpha)) : 0;
    const kpp = alpha > 0.25 ? ((gamma * gamma * B) / (2 * alpha)) * powerExpIntegral(2 - 1 / (2 * alpha), c) : NaN;
    const kg = kpp / (gamma * B);
    out.r.push(t);
    out.F0.push(F0);
    out.Fpp.push(fpp);
    out.Fac.push(fac);
    out.KppOverGammaB.push(kg);
    out.total.push(F0 + fpp + fac + (Number.isFinite(kg) ? kg : 0));
  }
  return out;
}
