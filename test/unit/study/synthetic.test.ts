// Frontier, fits, IsoFLOP and bootstrap on synthetic risk curves with known compute-optimal
// exponents (independent path: the analytic optimum of a two-term power law).
//
// Derivation. R_d(r) = A r^{-a} + Bc d^{-b}, C = B·d·r (B = 1 here). At fixed C,
//   R(d) = A C^{-a} d^{a} + Bc d^{-b};  ∂R/∂d = 0  ⇔  a A C^{-a} d^{a-1} = b Bc d^{-b-1}
//   ⇔  d*^{a+b} = (b Bc)/(a A) · C^{a}  ⇒  d* ∝ C^{a/(a+b)}  (ξ = a/(a+b)),
//   R* = A C^{-a} d*^{a} + Bc d*^{-b} ∝ C^{-ab/(a+b)}        (η = ab/(a+b)).
// With a geometric d grid the discrete frontier is C^{-η} times a function periodic in log C,
// so the fits over an integer number of periods are within ~1e-3 of η, ξ (bound asserted: 0.01).
import { describe, expect, it } from 'vitest';
import { computeFrontier, frontierAt, interpLog, logGrid, type RiskCurve } from '../../../src-shared/study/frontier';
import { defaultWindow, fitFrontier, olsLine } from '../../../src-shared/study/fit';
import { fitParabola, isoflop } from '../../../src-shared/study/isoflop';
import { percentileInterval, quantile, residualBootstrapSlope, ResampleRng } from '../../../src-shared/study/bootstrap';
import { analyzeStudy } from '../../../src-shared/study/analyze';

const dgrid = [50, 100, 200, 400, 800, 1600];

function synth(a: number, b: number, A: number, Bc: number, grid = dgrid, rmax = 1e9): RiskCurve[] {
  return grid.map((d) => {
    const r = logGrid(1, rmax, 25);
    return { d, r, risk: r.map((x) => A * x ** -a + Bc * d ** -b) };
  });
}

/** a simple normal generator for the noise (Box–Muller on the resampling generator) */
function normals(seed: number) {
  const g = new ResampleRng(seed);
  return () => {
    const u = (g.u32() + 0.5) / 4294967296;
    const v = (g.u32() + 0.5) / 4294967296;
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
}

describe('frontier on synthetic power laws', () => {
  const cases: [number, number, number, number][] = [
    [0.5, 1.0, 1, 1],
    [0.8, 0.4, 2, 0.5],
    [0.3, 0.9, 1, 3],
    [1.2, 0.6, 0.3, 4],
  ];
  for (const [a, b, A, Bc] of cases) {
    it(`η = ab/(a+b), ξ = a/(a+b) within 0.01 for a=${a}, b=${b}`, () => {
      const curves = synth(a, b, A, Bc);
      const f = computeFrontier(curves, { batch: 1 });
      const fit = fitFrontier(f);
      expect(fit.window_interior).toBe(true);
      expect(Math.abs(fit.eta - (a * b) / (a + b))).toBeLessThan(0.01);
      expect(Math.abs(fit.xi - a / (a + b))).toBeLessThan(0.01);
      expect(fit.xi_method).toBe('crossovers');
      // the staircase fit is biased low by ≈ 1/K² (K = 4 interior steps), as documented
      expect(fit.xi_staircase).toBeLessThan(fit.xi);
      expect(Math.abs(fit.xi_staircase / (a / (a + b)) - (1 - 1 / 16))).toBeLessThan(0.03);
      // the halves of a power law agree
      expect(Math.abs(fit.halves.left - fit.halves.right)).toBeLessThan(0.01);
      // IsoFLOP (parabola through 3 points per profile) as the second estimator
      const iso = isoflop(curves, { batch: 1, window: fit.window });
      expect(iso.n).toBeGreaterThan(5);
      expect(Math.abs(iso.xi - a / (a + b))).toBeLessThan(0.02);
      expect(Math.abs(iso.eta - (a * b) / (a + b))).toBeLessThan(0.01);
    });
  }

  it('batch B rescales C = B·d·r: same exponents, s scaled by B^η', () => {
    const [a, b] = [0.5, 1.0];
    const f1 = fitFrontier(computeFrontier(synth(a, b, 1, 1), { batch: 1 }));
    const f4 = fitFrontier(computeFrontier(synth(a, b, 1, 1), { batch: 4 }));
    expect(Math.abs(f4.eta - f1.eta)).toBeLessThan(0.005);
    expect(Math.abs(f4.xi - f1.xi)).toBeLessThan(0.005);
    const eta = (a * b) / (a + b);
    expect(Math.abs(Math.log(f4.s / f1.s) - eta * Math.log(4))).toBeLessThan(0.02);
  });

  it('frontier is the lower envelope (checked against direct evaluation of every curve)', () => {
    const curves = synth(0.6, 0.7, 1.3, 0.8);
    const f = computeFrontier(curves, { batch: 2, perDecade: 13 });
    expect(f.C.length).toBeGreaterThan(50);
    for (let g = 0; g < f.C.length; g += 7) {
      const C = f.C[g]!;
      let best = Infinity;
      let bestD = -1;
      let inside = 0;
      for (const c of curves) {
        const r = C / (2 * c.d);
        if (r < c.r[0]! || r > c.r[c.r.length - 1]!) continue;
        inside++;
        // analytic value (curves are exact power laws; interpolation error ≪ 1e-3 at 25/decade)
        const v = 1.3 * r ** -0.6 + 0.8 * c.d ** -0.7;
        if (v < best) {
          best = v;
          bestD = c.d;
        }
      }
      expect(f.nInside[g]).toBe(inside);
      expect(inside).toBeGreaterThanOrEqual(2);
      expect(Math.abs(f.risk[g]! / best - 1)).toBeLessThan(2e-3);
      expect(f.dStar[g]).toBe(bestD);
    }
    // crossovers: both neighbouring curves have equal risk there
    for (const x of f.crossovers.filter((c) => c.exact)) {
      const ci = curves.find((c) => c.d === f.dgrid[x.from])!;
      const cj = curves.find((c) => c.d === f.dgrid[x.to])!;
      const Ri = 1.3 * (x.C / (2 * ci.d)) ** -0.6 + 0.8 * ci.d ** -0.7;
      const Rj = 1.3 * (x.C / (2 * cj.d)) ** -0.6 + 0.8 * cj.d ** -0.7;
      expect(Math.abs(Ri / Rj - 1)).toBeLessThan(2e-3);
    }
    // frontierAt agrees with the grid
    expect(frontierAt(f, f.C[10]!)).toBeCloseTo(f.risk[10]!, 12);
  });

  it('points with fewer than two sizes in range are excluded; nothing is extrapolated', () => {
    const curves = synth(0.5, 1, 1, 1, [100, 1000, 10000], 100);
    const f = computeFrontier(curves, { batch: 1 });
    // ranges in C: [100, 1e4], [1e3, 1e5], [1e4, 1e6] → ≥ 2 inside only on [1e3, 1e5]
    expect(f.C[0]!).toBeGreaterThanOrEqual(1e3 * (1 - 1e-12));
    expect(f.C[f.C.length - 1]!).toBeLessThanOrEqual(1e5 * (1 + 1e-12));
    expect(Number.isNaN(interpLog(Float64Array.of(0, 1), Float64Array.of(0, 1), 1.5))).toBe(true);
  });

  it('a user window is used as given', () => {
    const f = computeFrontier(synth(0.5, 1, 1, 1), { batch: 1 });
    const dw = defaultWindow(f);
    const w: [number, number] = [dw.window[0] * 2, dw.window[1] / 2];
    const fit = fitFrontier(f, w);
    expect(fit.window).toEqual(w);
    expect(fit.window_interior).toBe(false);
    expect(Math.abs(fit.eta - 1 / 3)).toBeLessThan(0.01);
  });
});

describe('fit helpers', () => {
  it('OLS recovers an exact line; parabola fit recovers its vertex', () => {
    const x = [0, 1, 2, 3, 4];
    const l = olsLine(x, x.map((t) => 2 - 0.7 * t));
    expect(l.slope).toBeCloseTo(-0.7, 12);
    expect(l.intercept).toBeCloseTo(2, 12);
    const px = [3.9, 4.6, 5.3, 6.0, 6.7];
    const [a, b, c] = fitParabola(px, px.map((t) => 0.3 * (t - 5.1) ** 2 - 1.2));
    expect(a).toBeCloseTo(0.3, 10);
    expect(-b / (2 * a)).toBeCloseTo(5.1, 10);
    expect(c - (b * b) / (4 * a)).toBeCloseTo(-1.2, 10);
  });

  it('quantiles (type 7) and percentile intervals', () => {
    expect(quantile([3, 1, 2, 4], 0.5)).toBeCloseTo(2.5, 12);
    expect(quantile([1, 2, 3, 4, 5], 0.25)).toBeCloseTo(2, 12);
    expect(percentileInterval([1, 2, 3, 4, 5], 0.5)).toEqual([2, 4]);
  });

  it('residual bootstrap: slope interval covers the truth for iid noise (≥ 90 % of 60 repetitions)', () => {
    let cover = 0;
    const reps = 60;
    for (let rep = 0; rep < reps; rep++) {
      const nrm = normals(900 + rep);
      const x = Array.from({ length: 30 }, (_, i) => i / 10);
      const y = x.map((t) => 1 - 0.5 * t + 0.05 * nrm());
      const ci = percentileInterval(residualBootstrapSlope(x, y, 400, 1, rep), 0.95);
      if (ci[0] <= -0.5 && -0.5 <= ci[1]) cover++;
    }
    expect(cover / reps).toBeGreaterThanOrEqual(0.9);
  });
});

describe('draw bootstrap coverage on noisy synthetic studies', () => {
  it('95 % intervals of η cover the true exponent in ≥ 90 % of repetitions', () => {
    // Each draw k of size d has its own random amplitudes: R_{d,k}(r) = A e^{ε₁} r^{-a} + Bc e^{ε₂} d^{-b},
    // ε ~ N(0, 0.1²). The expected curves have amplitudes A·e^{0.005}, Bc·e^{0.005}: the same
    // exponents, so the truth is η = ab/(a+b) = 1/3 (a = 0.5, b = 1).
    const [a, b] = [0.5, 1.0];
    const eta = (a * b) / (a + b);
    const K = 10;
    const reps = 50;
    const r = logGrid(1, 1e8, 20);
    let cover = 0;
    let coverXi = 0;
    for (let rep = 0; rep < reps; rep++) {
      const nrm = normals(rep + 1);
      const sizes = dgrid.map((d) => ({
        d,
        r,
        draws: Array.from({ length: K }, () => {
          const e1 = Math.exp(0.1 * nrm());
          const e2 = Math.exp(0.1 * nrm());
          return r.map((x) => e1 * x ** -a + e2 * d ** -b);
        }),
      }));
      const res = analyzeStudy([{ tau: 0, sizes }], { batch: 1, bootstrap: 200, level: 0.95, seed: rep, perDecade: 20 });
      const fit = res.fits[0]!;
      expect(fit.ci_method).toBe('draws');
      if (fit.eta_ci[0] <= eta && eta <= fit.eta_ci[1]) cover++;
      if (fit.xi_ci[0] <= a / (a + b) && a / (a + b) <= fit.xi_ci[1]) coverXi++;
    }
    expect(cover / reps).toBeGreaterThanOrEqual(0.9);
    // ξ from ≤ 5 crossovers is noisier; its coverage is reported, asserted loosely
    expect(coverXi / reps).toBeGreaterThanOrEqual(0.8);
  });

  it('paired Δη: identical groups give Δη = 0 with a degenerate interval; shifted exponents are detected', () => {
    const r = logGrid(1, 1e8, 20);
    const nrm = normals(77);
    const mk = (a: number) =>
      dgrid.map((d) => ({
        d,
        r,
        draws: Array.from({ length: 6 }, () => {
          const e = Math.exp(0.05 * nrm());
          return r.map((x) => e * x ** -a + d ** -1);
        }),
      }));
    const g0 = mk(0.5);
    const same = analyzeStudy([{ tau: 0, sizes: g0 }, { tau: 1, sizes: g0 }], { batch: 1, bootstrap: 100, level: 0.9, seed: 3, perDecade: 20 });
    expect(same.delta_eta).toEqual([0, 0]);
    expect(same.delta_eta_ci).toEqual([
      [0, 0],
      [0, 0],
    ]);
    const diff = analyzeStudy([{ tau: 0, sizes: g0 }, { tau: 1, sizes: mk(0.8) }], { batch: 1, bootstrap: 100, level: 0.9, seed: 3, perDecade: 20 });
    // η = a/(a+1): 1/3 → 0.8/1.8
    expect(Math.abs(diff.delta_eta[1]! - (0.8 / 1.8 - 1 / 3))).toBeLessThan(0.015);
    expect(diff.delta_eta_ci[1]![0]).toBeGreaterThan(0);
    expect(diff.fits[0]!.C_ref).toBe(diff.fits[1]!.C_ref);
  });

  it('deterministic curves (one replicate) fall back to the residual bootstrap', () => {
    const curves = synth(0.5, 1, 1, 1);
    const res = analyzeStudy([{ tau: 0, sizes: curves.map((c) => ({ d: c.d, r: c.r, draws: [c.risk] })) }], { batch: 1, bootstrap: 100, level: 0.95, seed: 1 });
    const fit = res.fits[0]!;
    expect(fit.ci_method).toBe('residuals');
    expect(fit.eta_ci[0]).toBeLessThanOrEqual(fit.eta + 1e-12);
    expect(fit.eta_ci[1]).toBeGreaterThanOrEqual(fit.eta - 1e-12);
    expect(fit.eta_ci[1] - fit.eta_ci[0]).toBeLessThan(0.01);
  });
});
