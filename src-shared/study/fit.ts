// Power-law fits of a compute-optimal frontier (DESIGN.md §4):
//     log R*(C) = log s − η log C,        log d*(C) = log c + ξ log C,
// ordinary least squares in natural logs over a window [Cmin, Cmax] of compute.
//
// Default window: the C range where d* is an interior grid point (neither the smallest nor the
// largest size), extended to the crossovers that bound it, i.e. from the switch d_1 → d_2 to the
// switch d_{n−1} → d_n. Outside it the frontier is limited by the grid (the smallest size cannot
// use more compute efficiently / the largest size is not yet optimal) and the slope is biased.
//
// η: OLS over the frontier grid points in the window (log-uniform in C).
// ξ: OLS over the crossovers inside the window, each carrying d* = √(d_i d_j) (frontier.ts explains
//    why this is unbiased for a geometric grid). The raw-argmin fit `xi_staircase` is also given:
//    for K equal steps of height h and width w (in log C) a line through a staircase sampled from
//    riser to riser has slope (h/w)(1 − 1/K²) — e.g. 6 % low with 4 interior sizes — which is why it
//    is not the headline estimate. Fewer than 2 crossovers → the staircase fit is used (xi_method).
// Halves: η refitted on the left and right halves of the window (split at its geometric middle),
//    a check that the frontier is a power law over the window rather than a curve.
import type { Frontier } from './frontier';

export type Window = [number, number];

export interface LineFit {
  slope: number;
  intercept: number;
  n: number;
  /** classical OLS standard error of the slope (iid residuals; NaN when n ≤ 2) */
  slopeSe: number;
  residuals: Float64Array;
}

export function olsLine(x: ArrayLike<number>, y: ArrayLike<number>): LineFit {
  const n = x.length;
  if (n < 2) return { slope: NaN, intercept: NaN, n, slopeSe: NaN, residuals: new Float64Array(0) };
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i]!;
    my += y[i]!;
  }
  mx /= n;
  my /= n;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i]! - mx;
    sxx += dx * dx;
    sxy += dx * (y[i]! - my);
  }
  const slope = sxx > 0 ? sxy / sxx : NaN;
  const intercept = my - slope * mx;
  const residuals = new Float64Array(n);
  let sse = 0;
  for (let i = 0; i < n; i++) {
    residuals[i] = y[i]! - intercept - slope * x[i]!;
    sse += residuals[i]! * residuals[i]!;
  }
  const slopeSe = n > 2 && sxx > 0 ? Math.sqrt(sse / (n - 2) / sxx) : NaN;
  return { slope, intercept, n, slopeSe, residuals };
}

export interface WindowInfo {
  window: Window;
  /** true when the window is the interior-d* rule; false when it fell back to the whole frontier */
  interior: boolean;
}

/** the interior-d* window of a frontier (see header); falls back to the full frontier range */
export function defaultWindow(f: Frontier): WindowInfo {
  const last = f.dgrid.length - 1;
  let lo = -1;
  let hi = -1;
  for (let g = 0; g < f.C.length; g++) {
    const w = f.winner[g]!;
    if (w !== 0 && w !== last) {
      if (lo < 0) lo = g;
      hi = g;
    }
  }
  if (lo < 0 || hi - lo < 2) {
    if (f.C.length === 0) return { window: [NaN, NaN], interior: false };
    return { window: [f.C[0]!, f.C[f.C.length - 1]!], interior: false };
  }
  let cLo = f.C[lo]!;
  let cHi = f.C[hi]!;
  // extend to the bounding crossovers (they lie between the neighbouring grid points)
  for (const x of f.crossovers) {
    if (x.C < cLo && lo > 0 && x.C > f.C[lo - 1]!) cLo = x.C;
    if (x.C > cHi && hi < f.C.length - 1 && x.C < f.C[hi + 1]!) cHi = x.C;
  }
  return { window: [cLo, cHi], interior: true };
}

export interface Halves {
  /** η fitted on the left and right halves of the window */
  left: number;
  right: number;
  /** the split point (geometric middle of the window) */
  split: number;
}

export interface FrontierFit {
  s: number;
  eta: number;
  /** OLS standard error of η (frontier residuals are correlated: an underestimate; see bootstrap) */
  eta_se: number;
  c: number;
  xi: number;
  xi_method: 'crossovers' | 'staircase';
  /** OLS of the raw argmin d* staircase (biased low, see header) */
  xi_staircase: number;
  window: Window;
  window_interior: boolean;
  /** frontier points and crossovers used */
  n_eta: number;
  n_xi: number;
  halves: Halves;
  /** inputs of the fits, for residual bootstraps and plots */
  etaFit: LineFit;
  xiFit: LineFit;
}

const inWin = (C: number, w: Window) => C >= w[0] * (1 - 1e-12) && C <= w[1] * (1 + 1e-12);

/** frontier points (log C, log R*) inside a window */
export function frontierPointsIn(f: Frontier, w: Window): { x: Float64Array; y: Float64Array } {
  const x: number[] = [];
  const y: number[] = [];
  for (let g = 0; g < f.C.length; g++) {
    if (!inWin(f.C[g]!, w)) continue;
    x.push(Math.log(f.C[g]!));
    y.push(Math.log(f.risk[g]!));
  }
  return { x: Float64Array.from(x), y: Float64Array.from(y) };
}

/** crossover points (log C, log d*) inside a window */
export function crossoverPointsIn(f: Frontier, w: Window): { x: Float64Array; y: Float64Array } {
  const x: number[] = [];
  const y: number[] = [];
  for (const c of f.crossovers) {
    if (!c.exact || !inWin(c.C, w)) continue;
    x.push(Math.log(c.C));
    y.push(Math.log(c.dMid));
  }
  return { x: Float64Array.from(x), y: Float64Array.from(y) };
}

/** η (slope sign flipped) on the frontier points inside w; NaN with < 3 points */
export function fitEta(f: Frontier, w: Window): LineFit {
  const { x, y } = frontierPointsIn(f, w);
  if (x.length < 3) return olsLine([], []);
  return olsLine(x, y);
}

export function fitFrontier(f: Frontier, window?: Window): FrontierFit {
  let w: Window;
  let interior: boolean;
  if (window) {
    w = [window[0], window[1]];
    interior = false;
  } else {
    const d = defaultWindow(f);
    w = d.window;
    interior = d.interior;
  }
  const etaFit = fitEta(f, w);
  // ξ by crossovers, staircase as a fallback and for comparison
  const xs: number[] = [];
  const ys: number[] = [];
  for (let g = 0; g < f.C.length; g++) {
    if (!inWin(f.C[g]!, w)) continue;
    xs.push(Math.log(f.C[g]!));
    ys.push(Math.log(f.dStar[g]!));
  }
  // the staircase is informative only if d* takes ≥ 2 values in the window
  const stair = xs.length >= 3 && new Set(ys).size >= 2 ? olsLine(xs, ys) : olsLine([], []);
  const cross = crossoverPointsIn(f, w);
  const useCross = cross.x.length >= 2;
  const xiFit = useCross ? olsLine(cross.x, cross.y) : stair;
  // halves
  const split = Math.sqrt(w[0] * w[1]);
  const left = fitEta(f, [w[0], split]).slope;
  const right = fitEta(f, [split, w[1]]).slope;
  return {
    s: Math.exp(etaFit.intercept),
    eta: -etaFit.slope,
    eta_se: etaFit.slopeSe,
    c: Math.exp(xiFit.intercept),
    xi: xiFit.slope,
    xi_method: useCross ? 'crossovers' : 'staircase',
    xi_staircase: stair.slope,
    window: w,
    window_interior: interior,
    n_eta: etaFit.n,
    n_xi: xiFit.n,
    halves: { left: -left, right: -right, split },
    etaFit,
    xiFit,
  };
}
