// Uncertainty of the frontier fits.
//
// 1. Draw bootstrap (the default whenever ≥ 2 replicate curves per size exist): the replicate
//    curves of one size (one per draw of W̃; for SGD one per draw, each a mean over its runs) are
//    independent, and so are different sizes. A bootstrap replicate resamples, for every size
//    independently, as many curves as there are with replacement, averages them, recomputes the
//    frontier, the window (when it is the default rule) and the fits. The same resampling indices
//    are used for every variant (τ, batch, …), since draw k of size d uses the same Z for all
//    variants (paired comparison), so the interval of Δη accounts for that pairing. Percentile intervals (Efron & Tibshirani
//    1993, §13.3) at the requested level.
// 2. Residual bootstrap (deterministic curves, or a single draw): the OLS residuals are resampled
//    in circular blocks (Politis & Romano 1992) — frontier residuals are correlated along C, with
//    roughly one "period" per size switch, so the block length is the number of frontier points
//    per switch — added back to the fitted line, and the slope refitted.
import { computeFrontier, frontierGrid, type RiskCurve } from './frontier';
import { fitFrontier, olsLine, type Window } from './fit';

/** small, fast, seedable generator for resampling indices (sfc32 seeded by splitmix32) */
export class ResampleRng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  constructor(seed: number) {
    let s = seed >>> 0;
    const next = () => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
    for (let i = 0; i < 12; i++) this.u32();
  }
  u32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t;
  }
  /** uniform integer in [0, n) */
  int(n: number): number {
    return Math.floor((this.u32() / 4294967296) * n);
  }
}

/** p-quantile of the finite values (linear interpolation between order statistics, type 7) */
export function quantile(values: ArrayLike<number>, p: number): number {
  const v = Array.from(values).filter(Number.isFinite).sort((a, b) => a - b);
  if (v.length === 0) return NaN;
  const h = (v.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(v.length - 1, lo + 1);
  return v[lo]! + (h - lo) * (v[hi]! - v[lo]!);
}

export function percentileInterval(samples: ArrayLike<number>, level: number): [number, number] {
  const a = (1 - level) / 2;
  return [quantile(samples, a), quantile(samples, 1 - a)];
}

/** element-wise mean of curves (selected by idx when given) */
export function meanCurve(curves: ArrayLike<number>[], idx?: ArrayLike<number>): Float64Array {
  const sel = idx ? Array.from(idx, (i) => curves[i]!) : curves;
  const n = sel[0]!.length;
  const out = new Float64Array(n);
  for (const c of sel) for (let i = 0; i < n; i++) out[i]! += c[i]!;
  for (let i = 0; i < n; i++) out[i]! /= sel.length;
  return out;
}

/** replicate curves of one size: one risk array per draw, all on the checkpoints r */
export interface SizeReplicates {
  d: number;
  r: ArrayLike<number>;
  draws: ArrayLike<number>[];
}

export interface DrawBootstrapOptions {
  /** batch B (C = B·d·r): one for all groups, or one per group */
  batch: number | number[];
  nBoot: number;
  seed: number;
  /** user window (kept fixed); default: the interior-d* rule recomputed per replicate */
  window?: Window;
  perDecade?: number;
}

export interface DrawBootstrapSamples {
  /** per group: bootstrap samples of η and ξ (replicate b of every group uses the same draw indices) */
  eta: Float64Array[];
  xi: Float64Array[];
}

/** joint draw bootstrap of the fits of several variant groups (paired over draws; see header) */
export function drawBootstrap(groups: SizeReplicates[][], opts: DrawBootstrapOptions): DrawBootstrapSamples {
  const rng = new ResampleRng(opts.seed ^ 0x5bd1e995);
  const eta = groups.map(() => new Float64Array(opts.nBoot));
  const xi = groups.map(() => new Float64Array(opts.nBoot));
  // sizes are matched across groups by d (the paired draw indices)
  const dset = new Map<number, number>();
  for (const g of groups) for (const s of g) dset.set(s.d, Math.max(dset.get(s.d) ?? 0, s.draws.length));
  // the C grid depends only on the sizes and their checkpoint ranges: the same in every replicate
  const batchOf = (gi: number) => (Array.isArray(opts.batch) ? opts.batch[gi]! : opts.batch);
  const grids = groups.map((g, gi) => frontierGrid(g.map((s) => ({ d: s.d, r: s.r, risk: s.draws[0]! })), batchOf(gi), opts.perDecade));
  for (let b = 0; b < opts.nBoot; b++) {
    const idx = new Map<number, Int32Array>();
    for (const [d, K] of dset) {
      const ii = new Int32Array(K);
      for (let k = 0; k < K; k++) ii[k] = rng.int(K);
      idx.set(d, ii);
    }
    for (let gi = 0; gi < groups.length; gi++) {
      const curves: RiskCurve[] = groups[gi]!.map((s) => {
        const K = s.draws.length;
        const ii = idx.get(s.d)!.map((i) => i % K);
        return { d: s.d, r: s.r, risk: meanCurve(s.draws, ii) };
      });
      const f = computeFrontier(curves, { batch: batchOf(gi), cGrid: grids[gi] });
      const fit = fitFrontier(f, opts.window);
      eta[gi]![b] = fit.eta;
      xi[gi]![b] = fit.xi;
    }
  }
  return { eta, xi };
}

/**
 * Circular-block residual bootstrap of an OLS slope: samples of the slope.
 * `block` ≥ 1 is the block length in points (1 = the ordinary residual bootstrap).
 */
export function residualBootstrapSlope(x: ArrayLike<number>, y: ArrayLike<number>, nBoot: number, block: number, seed: number): Float64Array {
  const n = x.length;
  const out = new Float64Array(nBoot);
  const base = olsLine(x, y);
  if (n < 3 || !Number.isFinite(base.slope)) return out.fill(NaN);
  const rng = new ResampleRng(seed ^ 0x27d4eb2f);
  const L = Math.max(1, Math.min(n, Math.round(block)));
  const ys = new Float64Array(n);
  // residuals have variance σ²(n − 2)/n: inflate them back (Davison & Hinkley 1997, §6.2.3)
  const infl = Math.sqrt(n / (n - 2));
  for (let b = 0; b < nBoot; b++) {
    let i = 0;
    while (i < n) {
      const start = rng.int(n);
      for (let k = 0; k < L && i < n; k++, i++) ys[i] = base.intercept + base.slope * x[i]! + infl * base.residuals[(start + k) % n]!;
    }
    out[b] = olsLine(x, ys).slope;
  }
  return out;
}
