// Shared pieces of the SGD simulators: options, per-run curves, divergence and the summary
// over runs (mean and quantile bands at each checkpoint).
//
// Divergence: a run whose risk at a checkpoint is non-finite or exceeds DIVERGENCE_FACTOR·R(0)
// is stopped and reported as {run, step} (step = that checkpoint); its row holds NaN from there
// on and the summary leaves the run out, so a curve never contains NaN.
// Quantiles: linear interpolation between order statistics (Hyndman–Fan type 7, numpy default).

export const DIVERGENCE_FACTOR = 1e12;

export interface SgdOptions {
  gamma: number;
  batch: number;
  /** number of independent runs; run r uses Rng.stream(seed, draw, runOffset + r) */
  runs: number;
  seed: number;
  draw: number;
  runOffset?: number;
  /** polled between units of work; return true to stop (the caller throws CancelledError) */
  cancelled?: () => boolean;
  /** fraction of this call done, in [0, 1] */
  progress?: (fraction: number) => void;
  /**
   * rotated SGD inner loop: 'auto' (default) = the WebAssembly kernel when available, else
   * TypeScript; 'typescript' = the reference loop. Both give bit-identical numbers.
   */
  kernel?: 'auto' | 'typescript';
}

export interface Divergence {
  run: number;
  step: number;
}

export interface SgdRunsResult {
  /** runs × checkpoints, row-major; NaN after divergence */
  curves: Float64Array;
  runs: number;
  checkpoints: number[];
  divergence: Divergence[];
  cancelled: boolean;
  /** total coordinate updates performed (B·d per step per run) */
  updates: number;
}

export interface Quantiles {
  q05: number[];
  q25: number[];
  q50: number[];
  q75: number[];
  q95: number[];
}

function quantileSorted(s: Float64Array, p: number): number {
  const n = s.length;
  if (n === 0) return NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return s[lo]! + (h - lo) * (s[hi]! - s[lo]!);
}

/** mean, standard error and quantiles over the rows of several run sets (diverged rows excluded) */
export function summarizeRuns(sets: SgdRunsResult[]): { mean: number[]; stderr: number[]; quantiles: Quantiles; used: number } {
  const nc = sets[0]?.checkpoints.length ?? 0;
  const rows: Float64Array[] = [];
  for (const s of sets) {
    const bad = new Set(s.divergence.map((x) => x.run));
    for (let r = 0; r < s.runs; r++) if (!bad.has(r)) rows.push(s.curves.subarray(r * nc, (r + 1) * nc));
  }
  const mean: number[] = [], stderr: number[] = [];
  const q: Quantiles = { q05: [], q25: [], q50: [], q75: [], q95: [] };
  const col = new Float64Array(rows.length);
  for (let k = 0; k < nc; k++) {
    let s = 0;
    for (let r = 0; r < rows.length; r++) s += col[r] = rows[r]![k]!;
    const m = s / rows.length;
    let v = 0;
    for (let r = 0; r < rows.length; r++) v += (col[r]! - m) ** 2;
    mean.push(m);
    stderr.push(rows.length > 1 ? Math.sqrt(v / (rows.length - 1) / rows.length) : NaN);
    col.sort();
    q.q05.push(quantileSorted(col, 0.05));
    q.q25.push(quantileSorted(col, 0.25));
    q.q50.push(quantileSorted(col, 0.5));
    q.q75.push(quantileSorted(col, 0.75));
    q.q95.push(quantileSorted(col, 0.95));
  }
  return { mean, stderr, quantiles: q, used: rows.length };
}

export function checkSgdArgs(opts: SgdOptions, checkpoints: ArrayLike<number>): void {
  if (!(opts.gamma > 0)) throw new RangeError(`sgd: gamma must be > 0, got ${opts.gamma}`);
  if (!(Number.isInteger(opts.batch) && opts.batch >= 1)) throw new RangeError(`sgd: batch must be an integer ≥ 1`);
  if (!(Number.isInteger(opts.runs) && opts.runs >= 1)) throw new RangeError(`sgd: runs must be an integer ≥ 1`);
  for (let k = 0; k < checkpoints.length; k++) {
    const t = checkpoints[k]!;
    if (!Number.isInteger(t) || t < 0 || (k > 0 && t <= checkpoints[k - 1]!)) throw new RangeError('checkpoints must be strictly increasing integers ≥ 0');
  }
}
