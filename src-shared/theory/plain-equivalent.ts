// Deterministic equivalent of the plain PLRF model, τ = 0 (DESIGN.md §3, PPXP24):
//
//   (K̂ − z)⁻¹ ≈ R₀(z) = diag(1/(λ_j m(z) − z)),  λ_j = j^{-2α},
//   m(z) = 1/(1 + (1/d) Σ_{j=1..v} λ_j/(λ_j m − z)).
//
// We work with x(z) = −m(z)/z, which is the normalised Stieltjes transform (1/d) tr(K − z)⁻¹
// of the d×d matrix K = WᵀDW (the nonzero spectrum of K̂). Substituting gives the explicit
// inverse (Silverstein–Choi form)
//
//   z(x) = −1/x + (1/d) Σ_j λ_j/(1 + λ_j x),
//
// and, since x is Herglotz (Im z > 0 ⇒ Im x > 0, equivalently Im m ≤ 0), the root with Im x > 0
// at z = λ + iε is unique. Along the log-λ grid we follow it continuously downwards from above
// the top edge (where x is real and explicit), with ε = 1e-9·λ; every accepted root is checked
// for the Herglotz sign (a wrong, "spurious" real branch has Im x ≈ −ε/|z'(x)| < 0 and is
// rejected), and on failure we restart from Im z = λ with the C⁺-contracting fixed point
// x ← 1/(S(x)/d − z) and walk ε down by decades (η-continuation).
//
// From x: tr R₀ = −(v−d)/z + d·x (point mass v−d at 0 removed analytically),
// aᵀR₀a = −(1/z) Σ a_j²/(1+λ_j x), and the point masses at 0 follow from x(0) = κ with
// Σ κλ_j/(1+κλ_j) = d: F₀ = Σ a_j²/(1+κλ_j).  The eigenvalue counting function is exact via
// the "free energy" Φ(x, z) = (1/d)Σ log(1+λ_j x) − log x − zx (∂Φ/∂x = 0 is the equation,
// ∂Φ/∂z = −x), N(λ)/d = −(1/π) Im Φ(x(λ+i0), λ), which makes the cell masses of the
// discretised measure exact even where the density has square-root edges.
import { ParamError } from '../params/errors';
import { PowerLawSums } from './power-sums';
import { DataSums, type SumsEvaluator } from './data-sums';
import type { DataSpectrum } from '../spectrum/source';

export interface PlainParams {
  alpha: number;
  beta: number;
  v: number;
  d: number;
  /** a data spectrum in place of (α, β): λ_j = D_j, a_j² = D_j b_j², j ≤ v (data-sums.ts) */
  spectrum?: DataSpectrum;
}

export function validateTheoryParams(p: { alpha: number; beta: number; v: number; d: number; tau?: number; spectrum?: DataSpectrum }): void {
  if (p.spectrum) {
    const n = p.spectrum.lambda.length;
    if (!(Number.isInteger(p.d) && p.d >= 2)) throw new ParamError('d', `must be an integer ≥ 2, got ${p.d}`);
    if (!(Number.isInteger(p.v) && p.v > p.d && p.v <= n)) throw new ParamError('v', `must be an integer with d < v ≤ ${n} (the spectrum's length), got ${p.v}`);
    if (p.tau !== undefined && !(Number.isFinite(p.tau) && p.tau >= 0 && p.tau <= 100)) throw new ParamError('tau', `c in τ = c/√d must be in [0, 100], got ${p.tau}`);
    return;
  }
  if (!(Number.isFinite(p.alpha) && p.alpha > 0 && p.alpha <= 10)) throw new ParamError('alpha', `must be in (0, 10], got ${p.alpha}`);
  if (!(Number.isFinite(p.beta) && p.beta > -10 && p.beta <= 10)) throw new ParamError('beta', `must be in (−10, 10], got ${p.beta}`);
  if (!(2 * p.alpha + 2 * p.beta > 1)) throw new ParamError('beta', `need 2α + 2β > 1 (got α=${p.alpha}, β=${p.beta})`);
  if (!(Number.isInteger(p.d) && p.d >= 2 && p.d <= 1e7)) throw new ParamError('d', `must be an integer in [2, 1e7], got ${p.d}`);
  if (!(Number.isInteger(p.v) && p.v > p.d && p.v <= 1e9)) throw new ParamError('v', `must be an integer with d < v ≤ 1e9, got ${p.v}`);
  if (p.tau !== undefined && !(Number.isFinite(p.tau) && p.tau >= 0 && p.tau <= 100))
    throw new ParamError('tau', `c in τ = c/√d must be in [0, 100], got ${p.tau}`);
}

/** head length for the power sums: past the isolated top eigenvalues (≈ α√d/2) with margin */
export function defaultHead(d: number): number {
  return Math.max(48, Math.ceil(Math.sqrt(d)));
}

export interface GridOptions {
  /** max spacing in ln λ on the smooth part of the spectrum (default 0.02) */
  hmax?: number;
  /** spacing in ln λ where the top eigenvalues are individually resolved, default 1/(3√d) */
  hfine?: number;
  /** lower end of the grid; default d^{-2α}/10 (extended down if the bulk reaches further) */
  lambdaMin?: number;
}

/** Log grid from lo to hi: spacing hfine above lambdaFine, hmax below (ascending). */
export function makeLogGrid(lo: number, hi: number, lambdaFine: number, hfine: number, hmax: number): Float64Array {
  const pts: number[] = [];
  let l = Math.log(hi);
  const llo = Math.log(lo);
  const lf = Math.log(lambdaFine);
  while (l > llo) {
    pts.push(Math.exp(l));
    l -= l > lf ? hfine : hmax;
  }
  pts.push(lo);
  pts.reverse();
  return Float64Array.from(pts);
}

/** Solver for x(z) of the plain equivalent. */
export class PlainSolver {
  readonly p: PlainParams;
  readonly sums: SumsEvaluator; // S1 = Σλ/(1+λx), S2 = Σλ²/(1+λx)²
  readonly post: SumsEvaluator; // Sa = Σa²/(1+λx), A = Σ arg(1+λx)
  private readonly buf = new Float64Array(4);
  private readonly pbuf = new Float64Array(4);
  fallbacks = 0;
  evaluations = 0;

  constructor(p: PlainParams, head = defaultHead(p.d)) {
    this.p = p;
    const a = p.alpha;
    if (p.spectrum) {
      const lam = Float64Array.from(p.spectrum.lambda.slice(0, p.v));
      const lam2 = lam.map((l) => l * l);
      const a2 = lam.map((l, j) => l * p.spectrum!.b[j]! * p.spectrum!.b[j]!);
      this.sums = new DataSums(lam, [{ w: lam, q: 1 }, { w: lam2, q: 2 }]);
      this.post = new DataSums(lam, [{ w: a2, q: 1 }, { w: null, q: 0 }]);
      return;
    }
    this.sums = new PowerLawSums(a, p.v, [{ p: 2 * a, q: 1 }, { p: 4 * a, q: 2 }], head);
    this.post = new PowerLawSums(a, p.v, [{ p: 2 * a + 2 * p.beta, q: 1 }, { p: 0, q: 0 }], head);
  }

  /** z(x) and z'(x) at complex x */
  zOf(xr: number, xi: number): { zr: number; zi: number; dr: number; di: number } {
    const d = this.p.d;
    this.sums.eval(xr, xi, this.buf);
    this.evaluations++;
    const b = this.buf;
    const n = xr * xr + xi * xi;
    // −1/x
    const ir = -xr / n;
    const ii = xi / n;
    // 1/x² = conj(x)²/|x|⁴
    const sr = (xr * xr - xi * xi) / (n * n);
    const si = (-2 * xr * xi) / (n * n);
    return { zr: ir + b[0]! / d, zi: ii + b[1]! / d, dr: sr - b[2]! / d, di: si - b[3]! / d };
  }

  /** Newton for z(x) = z from x0; returns null on failure / Herglotz violation */
  newton(zr: number, zi: number, x0r: number, x0i: number, maxIt = 40): [number, number] | null {
    let xr = x0r;
    let xi = x0i;
    const scale = Math.sqrt(zr * zr + zi * zi);
    let converged = false;
    for (let it = 0; it < maxIt; it++) {
      const f = this.zOf(xr, xi);
      const gr = f.zr - zr;
      const gi = f.zi - zi;
      const res = Math.sqrt(gr * gr + gi * gi);
      // step = g / g'
      const dn = f.dr * f.dr + f.di * f.di;
      if (!(dn > 0) || !Number.isFinite(dn)) return null;
      let sr = (gr * f.dr + gi * f.di) / dn;
      let si = (gi * f.dr - gr * f.di) / dn;
      const ax = Math.sqrt(xr * xr + xi * xi);
      // keep steps bounded and inside the closed upper half plane
      const sn = Math.sqrt(sr * sr + si * si);
      if (sn > 0.5 * ax) {
        sr *= (0.5 * ax) / sn;
        si *= (0.5 * ax) / sn;
      }
      xr -= sr;
      let ni = xi - si;
      if (ni < 0 && zi > 0) ni = 0.5 * xi; // damped towards the real axis, never below it
      xi = ni;
      // quadratic convergence: a step of 1e-9 relative leaves an error ~1e-18
      if (res <= 1e-9 * scale && sn <= 1e-9 * ax) {
        converged = true;
        break;
      }
    }
    if (!converged || !Number.isFinite(xr) || !Number.isFinite(xi)) return null;
    // Herglotz check: for Im z > 0 the root must lie in the open upper half plane (a spurious real
    // branch has Im x ≈ Im z / z'(x) < 0 and is pushed to Im x = 0 by the damping above)
    if (zi > 0 && xi <= 0) return null;
    return [xr, xi];
  }

  /** robust solve at z = lr + i·eps·lr, starting from x0 when given */
  solve(lr: number, eps: number, x0?: [number, number]): [number, number] {
    const zi = eps * lr;
    if (x0) {
      const r = this.newton(lr, zi, x0[0], Math.max(x0[1], 0));
      if (r) return r;
    }
    this.fallbacks++;
    // η-continuation from Im z = lr with the C⁺-contracting fixed point
    let e = 1;
    let x: [number, number] = x0 && x0[1] > 0 ? [x0[0], x0[1]] : [-1 / lr, 1 / lr];
    let first = true;
    for (;;) {
      const z_i = e * lr;
      let r = first ? null : this.newton(lr, z_i, x[0], x[1], 60);
      if (!r) {
        x = this.fixedPoint(lr, z_i, x, first ? 200 : 2000);
        r = this.newton(lr, z_i, x[0], x[1], 80);
      }
      first = false;
      if (r) x = r;
      if (e <= eps) {
        if (!r) throw new Error(`deterministic equivalent: no Herglotz root of m(z) at λ = ${lr}`);
        return x;
      }
      e = Math.max(eps, e / 10);
    }
  }

  /** x ← 1/(S(x)/d − z): maps C⁺ into itself and contracts for Im z > 0 */
  private fixedPoint(lr: number, zi: number, x0: [number, number], maxIt: number): [number, number] {
    let x = x0;
    const d = this.p.d;
    for (let it = 0; it < maxIt; it++) {
      this.sums.eval(x[0], x[1], this.buf);
      const wr = this.buf[0]! / d - lr;
      const wi = this.buf[1]! / d - zi;
      const n = wr * wr + wi * wi;
      const nx: [number, number] = [wr / n, -wi / n];
      const ch = Math.hypot(nx[0] - x[0], nx[1] - x[1]);
      x = nx;
      if (ch < 1e-4 * Math.hypot(x[0], x[1])) break;
    }
    return x;
  }

  /** κ = x(0): Σ κλ_j/(1+κλ_j) = d */
  kappa(): number {
    const d = this.p.d;
    const g = (k: number) => {
      this.sums.eval(k, 0, this.buf);
      return k * this.buf[0]! - d;
    };
    let lo = 1e-300;
    let hi = 1;
    while (g(hi) < 0) hi *= 4;
    lo = hi / 4;
    while (g(lo) > 0) lo /= 4;
    for (let i = 0; i < 200; i++) {
      const mid = Math.sqrt(lo * hi);
      if (g(mid) < 0) lo = mid;
      else hi = mid;
      if (hi / lo - 1 < 1e-15) break;
    }
    return Math.sqrt(lo * hi);
  }

  /** Σ a_j²/(1+λ_j x) and Σ arg(1+λ_j x) */
  postSums(xr: number, xi: number): { sar: number; sai: number; arg: number } {
    this.post.eval(xr, xi, this.pbuf);
    return { sar: this.pbuf[0]!, sai: this.pbuf[1]!, arg: this.pbuf[2]! };
  }
}
