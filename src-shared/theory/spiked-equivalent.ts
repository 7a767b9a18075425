// Deterministic equivalent of the spiked PLRF model W̃ = τ b 1ᵀ + Z, τ = c/√d
// (DESIGN.md §3, the corrected Hachem–Loubaton–Najim form of seed 000). With x = s/d,
// u = 1 + y = 1 + t/d, w_j = 1/(1 + x λ_j), T = τ²d = c² and
//   S₁ = Σ a_j² w_j (= aᵀG₀a),  Δ = 1 − (T/(z u)) S₁,
//   R(z)  = −(1/z) G₀ − (T/(z² u)) G₀aaᵀG₀ / Δ,
//   F1 = x + 1/(z u) + (T/(d z² u²)) S₁/Δ                          = 0,
//   F2 = u − 1 + (1/(d z)) Σ λ_j w_j + (T/(d z² u)) Σ λ_j a_j² w_j²/Δ = 0.
// At T = 0 this is the plain equation with x = −m/z, u = 1/m. Useful closed forms:
//   aᵀR a = −S₁/(z Δ),
//   tr R + (v − d)/z = (x Σλ_j w_j − d)/z − (T/(z² u)) Σ a_j² w_j²/Δ     (the d nonzero eigenvalues).
// The 2×2 complex Newton is started from the plain root at the top of the spectrum and followed
// down the log grid; roots are accepted only if the density and the forcing density are ≥ 0
// (Herglotz) — otherwise η-continuation from Im z = λ, as in the plain solver.
// The spike produces one outlier: a narrow bump of mass ≈ 1 eigenvalue above (or at the top
// of) the bulk where Δ is small; it is located as the maximum of the density outside the
// plain bulk, resolved with a refined grid, and its weight is μ_F(bump) ≈ (aᵀu_top)².
import { CancelledError, type TaskContext } from '../compute/task';
import { PowerLawSums } from './power-sums';
import { DataSums, type SumsEvaluator } from './data-sums';
import type { DataSpectrum } from '../spectrum/source';
import { PlainSolver, makeLogGrid } from './plain-equivalent';

type C = [number, number];
const cadd = (a: C, b: C): C => [a[0] + b[0], a[1] + b[1]];
const csub = (a: C, b: C): C => [a[0] - b[0], a[1] - b[1]];
const cmul = (a: C, b: C): C => [a[0] * b[0] - a[1] * b[1], a[0] * b[1] + a[1] * b[0]];
const cdiv = (a: C, b: C): C => {
  const n = b[0] * b[0] + b[1] * b[1];
  return [(a[0] * b[0] + a[1] * b[1]) / n, (a[1] * b[0] - a[0] * b[1]) / n];
};
const cs = (s: number, a: C): C => [s * a[0], s * a[1]];
const cabs = (a: C) => Math.hypot(a[0], a[1]);

export interface SpikedParams {
  alpha: number;
  beta: number;
  v: number;
  d: number;
  /** c in τ = c/√d */
  tau: number;
  /** a data spectrum in place of (α, β): direct sums over λ_j = D_j, a_j² = D_j b_j² (data-sums.ts) */
  spectrum?: DataSpectrum;
}

export interface SpikedEval {
  F1: C;
  F2: C;
  J: [C, C, C, C]; // dF1/dx, dF1/du, dF2/dx, dF2/du
  Sa: C;
  Sd: C;
  S1: C;
  delta: C;
}

export class SpikedSolver {
  readonly p: SpikedParams;
  readonly T: number;
  readonly sums: SumsEvaluator;
  readonly plain: PlainSolver;
  readonly fsums: SumsEvaluator;
  readonly sumsFast: SumsEvaluator;
  private readonly buf: Float64Array;
  private readonly fbuf: Float64Array;
  /** S2, Sc and the x of the last full evaluation (stale Jacobian terms for quasi-Newton steps) */
  private cS2: C = [0, 0];
  private cSc: C = [0, 0];
  private cX: C | null = null;
  fallbacks = 0;

  /** plain: an existing PlainSolver for the same (α, β, v, d) and head, to share (optional) */
  constructor(p: SpikedParams, head: number, plain?: PlainSolver) {
    this.p = p;
    this.T = p.tau * p.tau;
    const a = p.alpha,
      b = p.beta;
    this.buf = new Float64Array(12);
    this.fbuf = new Float64Array(8);
    this.plain = plain ?? new PlainSolver(p, head);
    if (p.spectrum) {
      const lam = Float64Array.from(p.spectrum.lambda.slice(0, p.v));
      const a2 = lam.map((l, j) => l * p.spectrum!.b[j]! * p.spectrum!.b[j]!);
      const lam2 = lam.map((l) => l * l);
      const la2 = lam.map((l, j) => l * a2[j]!);
      const l2a2 = lam.map((l, j) => l * l * a2[j]!);
      this.sums = new DataSums(lam, [
        { w: lam, q: 1 },
        { w: lam2, q: 2 },
        { w: a2, q: 1 },
        { w: la2, q: 2 },
        { w: l2a2, q: 3 },
        { w: a2, q: 2 },
      ]);
      this.fsums = new DataSums(lam, [
        { w: lam, q: 1 },
        { w: a2, q: 1 },
        { w: la2, q: 2 },
        { w: a2, q: 2 },
      ]);
      this.sumsFast = this.sums;
      return;
    }
    // S1 = Σλw, S2 = Σλ²w², Sa = Σa²w, Sb = Σλa²w², Sc = Σλ²a²w³, Sd = Σa²w²
    this.sums = new PowerLawSums(
      a,
      p.v,
      [
        { p: 2 * a, q: 1 },
        { p: 4 * a, q: 2 },
        { p: 2 * a + 2 * b, q: 1 },
        { p: 4 * a + 2 * b, q: 2 },
        { p: 6 * a + 2 * b, q: 3 },
        { p: 2 * a + 2 * b, q: 2 },
      ],
      head,
    );
    // residual-only sums (S1, Sa, Sb, Sd): the quasi-Newton iterations reuse S2, Sc (Jacobian only)
    // from the last full evaluation; their exponents are smaller, so the tail needs fewer nodes
    this.fsums = new PowerLawSums(
      a,
      p.v,
      [
        { p: 2 * a, q: 1 },
        { p: 2 * a + 2 * b, q: 1 },
        { p: 4 * a + 2 * b, q: 2 },
        { p: 2 * a + 2 * b, q: 2 },
      ],
      head,
      { specialised: true },
    );
    // the same six sums with the specialised tail loop (quasi-Newton path along the grid)
    this.sumsFast = new PowerLawSums(a, p.v, (this.sums as PowerLawSums).specs, head, { specialised: true });
  }

  /**
   * Residuals and Jacobian at (x, u). full = false evaluates only S1, Sa, Sb, Sd exactly and
   * takes S2, Sc (which enter the Jacobian only) from the last full evaluation: F1, F2 and the
   * densities are exact, the Jacobian approximate (quasi-Newton).
   */
  evalAt(z: C, x: C, u: C, full = true, fast = false): SpikedEval {
    const { d } = this.p;
    const T = this.T;
    let S1: C, S2: C, Sa: C, Sb: C, Sc: C, Sd: C;
    if (full || !this.cX) {
      (fast ? this.sumsFast : this.sums).eval(x[0], x[1], this.buf);
      const b = this.buf;
      S1 = [b[0]!, b[1]!];
      S2 = [b[2]!, b[3]!];
      Sa = [b[4]!, b[5]!];
      Sb = [b[6]!, b[7]!];
      Sc = [b[8]!, b[9]!];
      Sd = [b[10]!, b[11]!];
      this.cS2 = S2;
      this.cSc = Sc;
      this.cX = x;
    } else {
      this.fsums.eval(x[0], x[1], this.fbuf);
      const b = this.fbuf;
      S1 = [b[0]!, b[1]!];
      Sa = [b[2]!, b[3]!];
      Sb = [b[4]!, b[5]!];
      Sd = [b[6]!, b[7]!];
      S2 = this.cS2;
      Sc = this.cSc;
    }
    const zu = cmul(z, u);
    const z2 = cmul(z, z);
    const one: C = [1, 0];
    const delta = csub(one, cs(T, cdiv(Sa, zu)));
    const dX = cs(T, cdiv(Sb, zu)); // ∂Δ/∂x
    const dU = cs(T, cdiv(Sa, cmul(zu, u))); // ∂Δ/∂u
    const u2 = cmul(u, u);
    const A1 = cdiv([T / d, 0], cmul(z2, u2)); // T/(d z² u²)
    const F1 = cadd(cadd(x, cdiv(one, zu)), cmul(A1, cdiv(Sa, delta)));
    const A2 = cdiv([T / d, 0], cmul(z2, u)); // T/(d z² u)
    const F2 = cadd(cadd(csub(u, one), cdiv(S1, cs(d, z))), cmul(A2, cdiv(Sb, delta)));
    const d2 = cmul(delta, delta);
    // dF1/dx = 1 + A1 (−Sb/Δ − Sa ΔX/Δ²)
    const J11 = cadd(one, cmul(A1, csub(cs(-1, cdiv(Sb, delta)), cdiv(cmul(Sa, dX), d2))));
    // dF1/du = −1/(z u²) + (T/(d z²)) Sa (−2/(u³Δ) − ΔU/(u²Δ²))
    const Tz = cdiv([T / d, 0], z2);
    const J12 = cadd(
      cs(-1, cdiv(one, cmul(z, u2))),
      cmul(cmul(Tz, Sa), csub(cs(-2, cdiv(one, cmul(cmul(u2, u), delta))), cdiv(dU, cmul(u2, d2)))),
    );
    // dF2/dx = −S2/(d z) + A2 (−2Sc/Δ − Sb ΔX/Δ²)
    const J21 = cadd(cs(-1, cdiv(S2, cs(d, z))), cmul(A2, csub(cs(-2, cdiv(Sc, delta)), cdiv(cmul(Sb, dX), d2))));
    // dF2/du = 1 + (T/(d z²)) Sb (−1/(u²Δ) − ΔU/(uΔ²))
    const J22 = cadd(one, cmul(cmul(Tz, Sb), csub(cs(-1, cdiv(one, cmul(u2, delta))), cdiv(dU, cmul(u, d2)))));
    return { F1, F2, J: [J11, J12, J21, J22], Sa, Sd, S1, delta };
  }

  /** densities from a root: [normalised count density, forcing density] at z */
  densities(z: C, x: C, u: C, e?: SpikedEval): { density: number; forcing: number; e: SpikedEval } {
    const { d } = this.p;
    const ev = e ?? this.evalAt(z, x, u);
    // g = (x S1 − d)/z − (T/(z² u)) Sd/Δ
    const g = csub(cdiv(csub(cmul(x, ev.S1), [d, 0]), z), cmul(cdiv([this.T, 0], cmul(cmul(z, z), u)), cdiv(ev.Sd, ev.delta)));
    const aRa = cs(-1, cdiv(ev.Sa, cmul(z, ev.delta)));
    return { density: g[1] / (Math.PI * d), forcing: aRa[1] / Math.PI, e: ev };
  }

  /**
   * 2×2 complex Newton. quasi = true (used along the grid, from a good predictor): after the
   * first full step the iterations reuse S2, Sc of that step (exact residuals, approximate
   * Jacobian: 4 power sums instead of 6 per evaluation) while they contract fast; otherwise
   * (and from then on) full Newton. The root is the same to the 1e-9 step tolerance.
   */
  newton(z: C, x0: C, u0: C, maxIt = 50, quasi = false): { x: C; u: C; e: SpikedEval } | null {
    let x = x0,
      u = u0;
    let full = !quasi || !this.cX || cabs(csub(this.cX, x)) > 1e-3 * cabs(x);
    let rPrev = Infinity;
    let forced = false;
    for (let it = 0; it < maxIt; it++) {
      const wasFull = full || !this.cX;
      const e = this.evalAt(z, x, u, full, quasi);
      // the cache now holds S2, Sc at this x: the next iterate is close, reuse them
      if (quasi && full && !forced) full = false;
      const [a, b, c, dd] = e.J;
      const det = csub(cmul(a, dd), cmul(b, c));
      // [dx, du] = J⁻¹ F
      let dx = cdiv(csub(cmul(dd, e.F1), cmul(b, e.F2)), det);
      let du = cdiv(csub(cmul(a, e.F2), cmul(c, e.F1)), det);
      const lim = 0.5;
      const rx = cabs(dx) / cabs(x),
        ru = cabs(du) / cabs(u);
      const r = Math.max(rx, ru);
      if (!wasFull && r > 1e-9 && (r > 0.25 * rPrev || r > 0.05)) {
        full = true;
        forced = true;
        rPrev = Infinity;
        it--;
        continue;
      }
      const rPrevOld = rPrev;
      rPrev = r;
      if (r > lim) {
        dx = cs(lim / r, dx);
        du = cs(lim / r, du);
      }
      if (quasi && !wasFull && r <= 1e-11 && r < 0.25 * rPrevOld) {
        // this quasi-Newton step is below 1e-11 relative and contracting: the current iterate is
        // the root to that accuracy, and its evaluation (exact residuals) serves the densities
        if (cabs(e.F1) > 1e-8 * cabs(x) || cabs(e.F2) > 1e-8 * Math.max(1, cabs(u))) return null;
        return { x, u, e };
      }
      x = csub(x, dx);
      u = csub(u, du);
      if (!Number.isFinite(x[0] + x[1] + u[0] + u[1])) return null;
      if (cabs(dx) <= 1e-9 * cabs(x) && cabs(du) <= 1e-9 * cabs(u)) {
        const f = this.evalAt(z, x, u, !quasi, quasi);
        if (cabs(f.F1) > 1e-8 * cabs(x) || cabs(f.F2) > 1e-8 * Math.max(1, cabs(u))) return null;
        return { x, u, e: f };
      }
    }
    return null;
  }

  /** accept a root only if it is on the Herglotz branch */
  private ok(z: C, r: { x: C; u: C; e: SpikedEval } | null): boolean {
    if (!r) return false;
    if (z[1] <= 0) return true;
    if (r.x[1] < -1e-12 * cabs(r.x)) return false;
    const dn = this.densities(z, r.x, r.u, r.e);
    const tol = 1e-10;
    return dn.density >= -tol * Math.abs(dn.density) - 1e-300 && dn.forcing >= -1e-12 * cabs(dn.e.Sa) / cabs(z);
  }

  solve(l: number, eps: number, prev: { x: C; u: C } | null): { x: C; u: C; e: SpikedEval } {
    const z: C = [l, eps * l];
    if (prev) {
      const r = this.newton(z, prev.x, prev.u);
      if (r && this.ok(z, r)) return r;
    }
    this.fallbacks++;
    // η-continuation starting from the plain root at large Im z
    let e = 1;
    let cur: { x: C; u: C; e?: SpikedEval } | null = null;
    for (;;) {
      const zz: C = [l, e * l];
      if (!cur) {
        const xp = this.plain.solve(l, e, prev ? [prev.x[0], Math.max(prev.x[1], 0)] : undefined);
        const x: C = [xp[0], xp[1]];
        cur = { x, u: cdiv([-1, 0], cmul(x, zz)) };
      }
      const r = this.newton(zz, cur.x, cur.u, 200);
      if (r && this.ok(zz, r)) cur = r;
      else if (e <= eps) throw new Error(`spiked deterministic equivalent: no Herglotz root at λ = ${l}`);
      if (e <= eps) return { x: cur.x, u: cur.u, e: cur.e ?? this.evalAt(zz, cur.x, cur.u) };
      e = Math.max(eps, e / 10);
    }
  }

  /**
   * F₀ = lim_{z→0} (−z) aᵀR(z)a = S₁/Δ. At z → 0, x → x₀ (real) and z·u → W (real) with
   *   x₀ + 1/W + (T/d) S₁/(W²Δ) = 0,   W + (1/d)Σλ_j w_j + (T/(dW)) Σλ_j a_j² w_j²/Δ = 0,   Δ = 1 − T S₁/W,
   * solved by a real 2×2 Newton from the plain limit (x₀ = κ, W = −1/κ).
   */
  F0(_lo: number, kappa: number): number {
    const { d } = this.p;
    const T = this.T;
    const b = this.buf;
    const res = (x: number, W: number): [number, number, number] => {
      this.sums.eval(x, 0, b);
      const S1 = b[0]!,
        Sa = b[4]!,
        Sb = b[6]!;
      const D = 1 - (T * Sa) / W;
      return [x + 1 / W + (T / d) * (Sa / (W * W * D)), W + S1 / d + ((T / (d * W)) * Sb) / D, Sa / D];
    };
    let x = kappa,
      W = -1 / kappa;
    for (let it = 0; it < 100; it++) {
      const [f1, f2] = res(x, W);
      const hx = 1e-7 * Math.abs(x),
        hw = 1e-7 * Math.abs(W);
      const [a1, a2] = res(x + hx, W);
      const [b1, b2] = res(x, W + hw);
      const j11 = (a1 - f1) / hx,
        j21 = (a2 - f2) / hx,
        j12 = (b1 - f1) / hw,
        j22 = (b2 - f2) / hw;
      const det = j11 * j22 - j12 * j21;
      let dx = (j22 * f1 - j12 * f2) / det;
      let dw = (j11 * f2 - j21 * f1) / det;
      const r = Math.max(Math.abs(dx / x), Math.abs(dw / W));
      if (r > 0.5) {
        dx *= 0.5 / r;
        dw *= 0.5 / r;
      }
      x -= dx;
      W -= dw;
      if (Math.abs(dx) <= 1e-15 * Math.abs(x) && Math.abs(dw) <= 1e-15 * Math.abs(W)) break;
    }
    const out = res(x, W)[2];
    if (!Number.isFinite(out)) throw new Error('spiked deterministic equivalent: F0 did not converge');
    return out;
  }

  spectrum(
    lo: number,
    zhPlain: number,
    xhPlain: number,
    lambdaFine: number,
    hfine: number,
    hmax: number,
    kappa: number,
    ctx?: TaskContext,
  ): {
    grid: Float64Array;
    density: Float64Array;
    forcingDensity: Float64Array;
    F0: number;
    outlier: null | { lambda: number; weight: number };
    /** [lo, hi] of the separated outlier's bump (the refined range; null without an outlier) */
    outlierSupport: [number, number] | null;
    breaks: number[];
  } {
    const EPS = 1e-9;
    const aN = this.plain.postSums(0, 0).sar;
    const top = Math.pow(this.p.tau * Math.sqrt(aN) + Math.sqrt(zhPlain), 2) * 1.2 + zhPlain;
    // base grid over the whole range, extended above the plain top edge
    // above the plain top edge only the outlier lives: a coarse grid finds it, a refined one resolves it
    const base = makeLogGrid(lo, zhPlain, lambdaFine, hfine, hmax);
    const pts = Array.from(base);
    for (let l = zhPlain * Math.exp(hmax); l < top * Math.exp(hmax); l *= Math.exp(hmax)) pts.push(l);
    const solveRange = (grid: number[], dens: Float64Array, forc: Float64Array, start: { x: C; u: C } | null) => {
      const n = grid.length;
      let prev = start;
      if (!prev) {
        // start above everything from the plain (real) root
        const l0 = grid[n - 1]!;
        const xp = this.plain.solve(l0, EPS, [-1 / l0, 0]);
        prev = { x: [xp[0], xp[1]], u: cdiv([-1, 0], cmul([xp[0], xp[1]], [l0, EPS * l0])) };
      }
      const roots: Array<{ x: C; u: C }> = new Array(n);
      for (let i = n - 1; i >= 0; i--) {
        if (ctx && (n - 1 - i) % 256 === 0) {
          if (ctx.cancelled()) throw new CancelledError();
          ctx.progress({ fraction: (n - 1 - i) / n, phase: `spiked deterministic equivalent (${n} grid points)` });
        }
        const l = grid[i]!;
        let r: { x: C; u: C; e: SpikedEval } | null = null;
        if (i < n - 2 && roots[i + 1] && roots[i + 2]) {
          // predictor: linear extrapolation in ln λ of x·λ and u from the last two roots
          const l0 = grid[i + 1]!,
            l1 = grid[i + 2]!;
          const t = Math.log(l / l0) / Math.log(l0 / l1);
          const a = roots[i + 1]!,
            b = roots[i + 2]!;
          let gx: C = [(a.x[0] * l0 + t * (a.x[0] * l0 - b.x[0] * l1)) / l, (a.x[1] * l0 + t * (a.x[1] * l0 - b.x[1] * l1)) / l];
          let gu: C = [a.u[0] + t * (a.u[0] - b.u[0]), a.u[1] + t * (a.u[1] - b.u[1])];
          if (i < n - 3 && roots[i + 3]) {
            // quadratic (Lagrange in ln λ) from the last three roots: fewer Newton iterations
            const l2 = grid[i + 3]!,
              c = roots[i + 3]!;
            const s0 = Math.log(l0),
              s1 = Math.log(l1),
              s2 = Math.log(l2),
              sq = Math.log(l);
            const w0 = ((sq - s1) * (sq - s2)) / ((s0 - s1) * (s0 - s2)),
              w1 = ((sq - s0) * (sq - s2)) / ((s1 - s0) * (s1 - s2)),
              w2 = ((sq - s0) * (sq - s1)) / ((s2 - s0) * (s2 - s1));
            gx = [(w0 * a.x[0] * l0 + w1 * b.x[0] * l1 + w2 * c.x[0] * l2) / l, (w0 * a.x[1] * l0 + w1 * b.x[1] * l1 + w2 * c.x[1] * l2) / l];
            gu = [w0 * a.u[0] + w1 * b.u[0] + w2 * c.u[0], w0 * a.u[1] + w1 * b.u[1] + w2 * c.u[1]];
          }
          if (gx[1] >= 0) {
            const z: C = [l, EPS * l];
            const rr = this.newton(z, gx, gu, 50, true);
            if (rr && this.ok(z, rr)) r = rr;
          }
        }
        if (!r) r = this.solve(l, EPS, prev);
        const dn = this.densities([l, EPS * l], r.x, r.u, r.e);
        dens[i] = Math.max(0, dn.density);
        forc[i] = Math.max(0, dn.forcing);
        roots[i] = r;
        prev = r;
      }
      return roots;
    };
    void xhPlain;
    const solveAll = (grid: number[]) => {
      const dens = new Float64Array(grid.length),
        forc = new Float64Array(grid.length);
      const roots = solveRange(grid, dens, forc, null);
      return { dens, forc, roots };
    };
    let res = solveAll(pts);
    // outlier: the largest count mass outside the plain bulk (λ > zhPlain), else the top bump
    let outlier: null | { lambda: number; weight: number } = null;
    let outlierSupport: [number, number] | null = null;
    const breaks: number[] = [];
    let iMax = -1;
    let iEdge = pts.length; // first grid point above the plain top edge
    for (let i = 0; i < pts.length; i++)
      if (pts[i]! > zhPlain) {
        if (iEdge === pts.length) iEdge = i;
        if (iMax < 0 || res.dens[i]! > res.dens[iMax]!) iMax = i;
      }
    // eigenvalue count above the plain top edge: an outlier exists when about one eigenvalue
    // has left the plain spectrum (for a weak spike, c ≲ 1/√(aᵀa), it stays inside the bulk)
    let above = 0;
    for (let i = Math.max(iEdge, 1); i < pts.length; i++) above += 0.5 * (pts[i]! - pts[i - 1]!) * (res.dens[i]! + res.dens[i - 1]!) * this.p.d;
    const separated = iMax >= 0 && res.dens[iMax]! > 0 && above > 0.5;
    // without a separated outlier the spike's weight sits on the eigenvalue bump with the largest
    // μ_F mass per log-λ; refine there (within a factor 1.5) so that its weight is integrated accurately
    let ic = iMax;
    if (!separated) {
      ic = 0;
      for (let i = 0; i < pts.length; i++) if (res.forc[i]! * pts[i]! > res.forc[ic]! * pts[ic]!) ic = i;
    }
    if (ic >= 0 && res.dens[ic]! > 0) {
      // refine: the support [a, b] of the bump around ic (above the plain edge when separated), 160 points
      let ia = ic,
        ib = ic;
      const lowStop = separated ? iEdge : 0;
      const lmin = separated ? 0 : pts[ic]! / 1.5,
        lmax = separated ? Infinity : pts[ic]! * 1.5;
      while (ia > lowStop && pts[ia - 1]! > lmin && res.dens[ia - 1]! > 1e-6 * res.dens[ic]!) ia--;
      while (ib < pts.length - 1 && pts[ib + 1]! < lmax && res.dens[ib + 1]! > 1e-6 * res.dens[ic]!) ib++;
      const la = pts[Math.max(ia - 1, 0)]!,
        lb = pts[Math.min(ib + 1, pts.length - 1)]!;
      const fine: number[] = [];
      const nf = 160;
      for (let k = 0; k <= nf; k++) fine.push(la * Math.pow(lb / la, k / nf));
      // solve only the refined points, continuing from the base-grid root just above the bump
      const iTop = Math.min(ib + 1, pts.length - 1);
      const fd = new Float64Array(fine.length),
        ff = new Float64Array(fine.length);
      solveRange(fine, fd, ff, res.roots[iTop]!);
      const below = pts.findIndex((l) => l >= la);
      const above = pts.findIndex((l) => l > lb);
      const take = (arr: Float64Array, f: Float64Array) =>
        Float64Array.from([...arr.subarray(0, below), ...f, ...(above >= 0 ? arr.subarray(above) : [])]);
      const newPts = [...pts.slice(0, below), ...fine, ...(above >= 0 ? pts.slice(above) : [])];
      res = { dens: take(res.dens, fd), forc: take(res.forc, ff), roots: res.roots };
      pts.length = 0;
      pts.push(...newPts);
      // mass of the bump (trapezoid in λ) and its mean, weight = μ_F(bump)
      let m = 0,
        m1 = 0,
        w = 0;
      let ja = -1,
        jb = -1;
      for (let i = 0; i < pts.length - 1; i++) {
        if (pts[i]! < la || pts[i + 1]! > lb) continue;
        if (ja < 0) ja = i;
        jb = i + 1;
        const h = pts[i + 1]! - pts[i]!;
        const c0 = res.dens[i]!,
          c1 = res.dens[i + 1]!;
        m += 0.5 * h * (c0 + c1);
        m1 += 0.5 * h * (c0 * pts[i]! + c1 * pts[i + 1]!);
        w += 0.5 * h * (res.forc[i]! + res.forc[i + 1]!);
      }
      if (m > 0 && separated) {
        outlier = { lambda: m1 / m, weight: w };
        outlierSupport = [la, lb];
      }
      if (ja >= 0) breaks.push(ja, jb);
    }
    return {
      grid: Float64Array.from(pts),
      density: res.dens,
      forcingDensity: res.forc,
      F0: this.F0(lo, kappa),
      outlier,
      outlierSupport,
      breaks,
    };
  }
}
