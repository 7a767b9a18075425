// Spectral measures of the deterministic equivalent, plain (τ = 0) and spiked (τ = c/√d > 0),
// on a log-λ grid (DESIGN.md §3):
//   density(λ)  = (1/(πd)) Im tr R(λ + i0⁺) with the v−d zero eigenvalues removed: the
//                 eigenvalue density per unit λ of the d×d matrix K = W̃ᵀDW̃, normalised to
//                 integrate to 1 (seed 000's (1/π)(1/d) tr R₀ convention);
//   μ_F(dλ)     = (1/π) Im aᵀR(λ + i0⁺)a dλ, plus the point mass F₀ at 0;
//   μ_K(dλ)     = λ² · d · density(λ) dλ.
// and the DiscreteMeasure (atoms) that the deterministic Volterra curves are computed from.
// F(0) = F₀ + μ_F(0,∞) = aᵀa is an identity of the equivalent; its defect is reported.
import type { DiscreteMeasure } from '../dynamics/measure';
import { discretise, type CellMeasure } from './discretise';
import { PlainSolver, defaultHead, makeLogGrid, validateTheoryParams, type GridOptions } from './plain-equivalent';
import { SpikedSolver } from './spiked-equivalent';
import { CancelledError, type TaskContext } from '../compute/task';
import type { DataSpectrum } from '../spectrum/source';

export interface DEParams {
  alpha: number;
  beta: number;
  v: number;
  d: number;
  /** c in τ = c/√d (0 = plain model) */
  tau?: number;
  /** a data spectrum in place of (α, β) (plain equivalent only, τ = 0) */
  spectrum?: DataSpectrum;
}

export interface DESpectrum {
  params: Required<Omit<DEParams, 'spectrum'>> & { spectrum?: DataSpectrum };
  /** log-spaced grid, ascending */
  lambda: Float64Array;
  /** normalised eigenvalue density per unit λ (∫ = 1 over the d nonzero eigenvalues) */
  density: Float64Array;
  /** dμ_F/dλ */
  forcingDensity: Float64Array;
  /** exact counting function N((0, λ]) at the grid points (plain case only) */
  cdf: Float64Array | null;
  /** irreducible risk (point mass of μ_F at 0) */
  F0: number;
  /** κ = −lim m(z)/z at z → 0 (plain equivalent) */
  kappa: number;
  /** aᵀa = R(θ = 0) */
  aNorm2: number;
  outlier: null | { lambda: number; weight: number };
  /** [lo, hi] range of the separated outlier's bump in the density (null without an outlier) */
  outlierSupport: [number, number] | null;
  cells: CellMeasure;
  diagnostics: {
    gridPoints: number;
    atoms: number;
    /** Σ counts − d, relative */
    countDefect: number;
    /** (F₀ + Σ forcing − aᵀa)/aᵀa */
    forcingDefect: number;
    fallbacks: number;
    ms: number;
  };
}

export interface DEOptions extends GridOptions {
  cellWidth?: number;
  ctx?: TaskContext;
}

const EPS = 1e-9;

function checkCancel(ctx: TaskContext | undefined, fraction: number, phase: string): void {
  if (!ctx) return;
  if (ctx.cancelled()) throw new CancelledError();
  ctx.progress({ fraction, phase });
}

/**
 * λ at a fractional index j of a data spectrum (the grid's break points use j = 3√d, d, v): linear
 * interpolation of ln D in ln j between the neighbouring atoms, D_j itself at an integer j. For a file
 * holding D_j = j^{-2α} this is j^{-2α} up to rounding, i.e. the power-law path's own break point, so
 * both paths build the same grid. (Rounding j to the nearest atom instead moved the fine-grid
 * boundary from 13.42^{-2α} to 13^{-2α} at d = 20: 3 more grid points, different cells, and de
 * curves that differed by ≈ 5e-6 relative from the built-in model's — issue 17.)
 */
export function dataLambdaAt(L: ArrayLike<number>, v: number, j: number): number {
  const x = Math.max(1, Math.min(v, j));
  const k = Math.floor(x);
  if (k === x || k >= v) return L[k - 1]!;
  const f = Math.log(x / k) / Math.log((k + 1) / k);
  return Math.exp((1 - f) * Math.log(L[k - 1]!) + f * Math.log(L[k]!));
}

/** Spectrum of the deterministic equivalent (plain when tau = 0, spiked otherwise). */
export function deSpectrum(params: DEParams, opts: DEOptions = {}): DESpectrum {
  const p = { alpha: params.alpha, beta: params.beta, v: params.v, d: params.d, tau: params.tau ?? 0, ...(params.spectrum ? { spectrum: params.spectrum } : {}) };
  const L = params.spectrum?.lambda;
  validateTheoryParams(p);
  const t0 = Date.now();
  const { alpha, v, d } = p;
  const ctx = opts.ctx;
  const solver = new PlainSolver(p, defaultHead(d));
  const kappa = solver.kappa();
  const F0plain = solver.postSums(kappa, 0).sar;
  const aNorm2 = solver.postSums(0, 0).sar;
  const buf = new Float64Array(4);
  solver.sums.eval(0, 0, buf);
  const trD = buf[0]!; // Σ λ_j

  // top of the plain spectrum: a point x_h on the increasing branch right of the top edge
  let xh = -1 / (1 + trD / d + 4 / Math.sqrt(d));
  for (let k = 0; k < 60 && solver.zOf(xh, 0).dr <= 0; k++) xh *= 0.5;
  const zh = solver.zOf(xh, 0).zr;

  const hmax = opts.hmax ?? 0.02;
  const hfine = opts.hfine ?? 1 / (3 * Math.sqrt(d));
  const jSep = Math.min(v, 3 * Math.sqrt(d));
  // grid: fine above the eigenvalue of index ≈ 3√d, down to min(λ_d, 10 λ_v)/10 (λ_j = D_j for data)
  const lamAt = (j: number) => (L ? dataLambdaAt(L, v, j) : Math.pow(j, -2 * alpha));
  const lambdaFine = lamAt(jSep);
  let lo = opts.lambdaMin ?? Math.min(lamAt(d), lamAt(v) * 10) / 10;
  // make sure the bottom of the grid is below the bulk (density ≈ 0 there)
  for (let k = 0; k < 20; k++) {
    const x = solver.solve(lo, EPS);
    if (x[1] <= 1e-6 * Math.hypot(x[0], x[1])) break;
    lo /= 10;
  }

  const tau = p.tau;
  if (tau === 0) {
    const grid = makeLogGrid(lo, zh, lambdaFine, hfine, hmax);
    const n = grid.length;
    const xr = new Float64Array(n);
    const xi = new Float64Array(n);
    let prev: [number, number] = [xh, 0];
    for (let i = n - 1; i >= 0; i--) {
      if ((n - 1 - i) % 256 === 0) checkCancel(ctx, (n - 1 - i) / n, `deterministic equivalent (${n} grid points)`);
      // predictor: linear extrapolation of x·λ in ln λ from the last two roots (x ≈ −1/λ scale)
      let guess: [number, number] = prev;
      if (i < n - 2) {
        const l0 = grid[i + 1]!,
          l1 = grid[i + 2]!,
          l = grid[i]!;
        const t = Math.log(l / l0) / Math.log(l0 / l1);
        const gr = (xr[i + 1]! * l0 + t * (xr[i + 1]! * l0 - xr[i + 2]! * l1)) / l;
        const gi = (xi[i + 1]! * l0 + t * (xi[i + 1]! * l0 - xi[i + 2]! * l1)) / l;
        if (gi >= 0) guess = [gr, gi];
      }
      let x: [number, number];
      const r = guess === prev ? null : solver.newton(grid[i]!, EPS * grid[i]!, guess[0], guess[1]);
      x = r ?? solver.solve(grid[i]!, EPS, prev);
      xr[i] = x[0];
      xi[i] = x[1];
      prev = x;
    }
    const density = new Float64Array(n);
    const forcingDensity = new Float64Array(n);
    const countDensity = new Float64Array(n);
    const cdf = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const l = grid[i]!;
      const zi = EPS * l;
      const s = solver.postSums(xr[i]!, xi[i]!);
      density[i] = Math.max(0, xi[i]!) / Math.PI;
      countDensity[i] = d * density[i]!;
      // (1/π) Im[−(1/z) Sa],  1/z = (l − i zi)/|z|²
      const zz = l * l + zi * zi;
      const im = -(l * s.sai - zi * s.sar) / zz;
      forcingDensity[i] = Math.max(0, im / Math.PI);
      // N/d = −(1/π) Im Φ,  Im Φ = A/d − arg x − Im(z x)
      const imPhi = s.arg / d - Math.atan2(Math.max(xi[i]!, 0), xr[i]!) - (l * xi[i]! + zi * xr[i]!);
      cdf[i] = -(d * imPhi) / Math.PI;
    }
    // the counting function is 0 below the bulk: remove the O(ε) offset at the bottom point
    const c0 = cdf[0]!;
    for (let i = 0; i < n; i++) cdf[i] = cdf[i]! - c0;
    const cells = discretise(grid, countDensity, forcingDensity, cdf, opts.cellWidth ?? 0.03);
    return finish(p, grid, density, forcingDensity, cdf, F0plain, kappa, aNorm2, null, null, cells, solver.fallbacks, t0);
  }

  // spiked case
  // the spiked solver shares the plain one (its plain fallbacks are not counted, as before)
  const plainFallbacks = solver.fallbacks;
  const sp = new SpikedSolver({ ...p, tau }, defaultHead(d), solver);
  const sres = sp.spectrum(lo, zh, xh, lambdaFine, hfine, hmax, kappa, ctx);
  const countDensity = new Float64Array(sres.grid.length);
  for (let i = 0; i < countDensity.length; i++) countDensity[i] = d * sres.density[i]!;
  const cells = discretise(sres.grid, countDensity, sres.forcingDensity, null, opts.cellWidth ?? 0.03, sres.breaks);
  return finish(p, sres.grid, sres.density, sres.forcingDensity, null, sres.F0, kappa, aNorm2, sres.outlier, sres.outlierSupport, cells, plainFallbacks + sp.fallbacks, t0);
}

function finish(
  p: Required<Omit<DEParams, 'spectrum'>> & { spectrum?: DataSpectrum },
  grid: Float64Array,
  density: Float64Array,
  forcingDensity: Float64Array,
  cdf: Float64Array | null,
  F0: number,
  kappa: number,
  aNorm2: number,
  outlier: DESpectrum['outlier'],
  outlierSupport: DESpectrum['outlierSupport'],
  cells: CellMeasure,
  fallbacks: number,
  t0: number,
): DESpectrum {
  let cs = 0,
    fs = 0;
  for (let i = 0; i < cells.count.length; i++) {
    cs += cells.count[i]!;
    fs += cells.forcing[i]!;
  }
  return {
    params: p,
    lambda: grid,
    density,
    forcingDensity,
    cdf,
    F0,
    kappa,
    aNorm2,
    outlier,
    outlierSupport,
    cells,
    diagnostics: {
      gridPoints: grid.length,
      atoms: cells.lambda.length,
      countDefect: (cs - p.d) / p.d,
      forcingDefect: (F0 + fs - aNorm2) / aNorm2,
      fallbacks,
      ms: Date.now() - t0,
    },
  };
}

/** The raw grid atoms of μ_F, μ_K (DESIGN.md §3); curves and γ_max use their support, de-support.ts. */
export function deMeasure(s: DESpectrum): DiscreteMeasure {
  return { lambda: s.cells.lambda, forcing: s.cells.forcing, kernel: s.cells.kernel, F0: s.F0 };
}
