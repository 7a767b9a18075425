// Compute-optimal frontier of a family of risk curves (DESIGN.md §4).
//
// Convention: compute C = B·d·r (DESIGN §1). Each curve R_d(r) is known at checkpoints
// r_1 < … < r_n (r > 0) and is interpolated linearly in (log r, log R). The frontier on a
// log-spaced grid of C is
//     R*(C) = min_d R_d(C/(B d)),   d*(C) = its argmin,
// where the minimum runs only over the sizes whose simulated range contains C/(B d) (no
// extrapolation), and a grid point is kept only when ≥ 2 sizes are inside their range.
//
// Switch points ("crossovers"): where the winning size changes from d_i to d_j, the exact C of
// R_{d_i} = R_{d_j} is located by bisection in log C. At a crossover the continuous optimum lies
// between the two sizes; we attach to it the geometric mean √(d_i d_j). For a frontier that is a
// power law up to the discreteness of a geometric d grid, R_d(C) = C^{-η} g(log d − ξ log C),
// the crossovers satisfy log C_{k+1} − log C_k = Δlog d / ξ exactly, so a least-squares line
// through (log C_k, log √(d_k d_{k+1})) has slope exactly ξ — whereas a line through the raw
// argmin staircase is biased low by the factor (1 − 1/K²) for K steps (see fit.ts).

export interface RiskCurve {
  /** model size */
  d: number;
  /** checkpoints (steps), strictly increasing, > 0 */
  r: ArrayLike<number>;
  /** risk at the checkpoints, > 0 */
  risk: ArrayLike<number>;
}

export interface FrontierOptions {
  /** batch size B in C = B·d·r */
  batch: number;
  /** frontier grid density (points per decade of C), default 40 */
  perDecade?: number;
  /** explicit C grid (ascending); overrides perDecade */
  cGrid?: ArrayLike<number>;
}

export interface Crossover {
  /** compute at which the winner switches */
  C: number;
  /** index (into the sorted curves) of the previous and the next winner */
  from: number;
  to: number;
  /** geometric mean of the two sizes: the representative d* at the switch */
  dMid: number;
  /** false when the switch is caused by a curve leaving/entering its simulated range (no root) */
  exact: boolean;
}

export interface Frontier {
  /** the sizes, ascending (curves are sorted by d) */
  dgrid: number[];
  /** grid points with ≥ 2 sizes inside their range, ascending */
  C: Float64Array;
  /** R*(C) */
  risk: Float64Array;
  /** d*(C) (a grid value) */
  dStar: Float64Array;
  /** index of the winner in dgrid */
  winner: Int32Array;
  /** number of sizes inside their simulated range at each C */
  nInside: Int32Array;
  crossovers: Crossover[];
}

interface LogCurve {
  d: number;
  lr: Float64Array;
  lR: Float64Array;
}

function toLog(c: RiskCurve): LogCurve {
  const n = c.r.length;
  if (c.risk.length !== n) throw new Error(`frontier: curve d=${c.d} has ${n} checkpoints but ${c.risk.length} risks`);
  const lr = new Float64Array(n);
  const lR = new Float64Array(n);
  let m = 0;
  for (let i = 0; i < n; i++) {
    const r = c.r[i]!;
    const R = c.risk[i]!;
    if (!(r > 0) || !(R > 0) || !Number.isFinite(R)) continue; // r = 0 and invalid values are not on a log axis
    const x = Math.log(r);
    if (m > 0 && x <= lr[m - 1]!) throw new Error(`frontier: checkpoints of d=${c.d} are not increasing`);
    lr[m] = x;
    lR[m] = Math.log(R);
    m++;
  }
  return { d: c.d, lr: m === n ? lr : lr.slice(0, m), lR: m === n ? lR : lR.slice(0, m) };
}

/** log R_d at log r by linear interpolation; NaN outside the simulated range */
export function interpLog(lr: Float64Array, lR: Float64Array, x: number): number {
  const n = lr.length;
  if (n === 0 || x < lr[0]! || x > lr[n - 1]!) return NaN;
  if (n === 1) return lR[0]!;
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (lr[mid]! <= x) lo = mid;
    else hi = mid;
  }
  const t = (x - lr[lo]!) / (lr[hi]! - lr[lo]!);
  return lR[lo]! + t * (lR[hi]! - lR[lo]!);
}

/** log-spaced grid from a to b (inclusive) with `perDecade` points per decade */
export function logGrid(a: number, b: number, perDecade: number): Float64Array {
  const la = Math.log10(a);
  const lb = Math.log10(b);
  const n = Math.max(2, Math.ceil((lb - la) * perDecade) + 1);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = 10 ** (la + ((lb - la) * i) / (n - 1));
  out[0] = a;
  out[n - 1] = b;
  return out;
}

/** evaluator of log R_d(C/(B d)) as a function of log C for one curve */
function logRiskAtC(c: LogCurve, logB: number, lC: number): number {
  return interpLog(c.lr, c.lR, lC - logB - Math.log(c.d));
}

function defaultCGrid(logs: LogCurve[], logB: number, perDecade: number): Float64Array {
  let lo = Infinity;
  let hi = -Infinity;
  for (const c of logs) {
    if (c.lr.length === 0) continue;
    lo = Math.min(lo, logB + Math.log(c.d) + c.lr[0]!);
    hi = Math.max(hi, logB + Math.log(c.d) + c.lr[c.lr.length - 1]!);
  }
  return Number.isFinite(lo) && hi > lo ? logGrid(Math.exp(lo), Math.exp(hi), perDecade) : new Float64Array(0);
}

/** the default C grid of computeFrontier: log-spaced over the union of the curves' C ranges */
export function frontierGrid(curves: RiskCurve[], batch: number, perDecade = 40): Float64Array {
  return defaultCGrid(curves.map(toLog), Math.log(batch), perDecade);
}

export function computeFrontier(curves: RiskCurve[], opts: FrontierOptions): Frontier {
  const B = opts.batch;
  if (!(B >= 1)) throw new Error('frontier: batch must be ≥ 1');
  const sorted = [...curves].sort((x, y) => x.d - y.d);
  const logs = sorted.map(toLog);
  const logB = Math.log(B);
  const cGrid: ArrayLike<number> = opts.cGrid ?? defaultCGrid(logs, logB, opts.perDecade ?? 40);
  const G = cGrid.length;
  const nc = logs.length;
  const C = new Float64Array(G);
  const risk = new Float64Array(G);
  const dStar = new Float64Array(G);
  const winner = new Int32Array(G);
  const nInside = new Int32Array(G);
  // walk every curve with a pointer (the grid is ascending, so r = C/(B d) is too)
  const ptr = new Int32Array(nc);
  const shift = logs.map((c) => logB + Math.log(c.d));
  let m = 0;
  for (let g = 0; g < G; g++) {
    const lC = Math.log(cGrid[g]!);
    let best = Infinity;
    let arg = -1;
    let inside = 0;
    for (let k = 0; k < nc; k++) {
      const c = logs[k]!;
      const lr = c.lr;
      const n = lr.length;
      const x = lC - shift[k]!;
      if (n === 0 || x < lr[0]! || x > lr[n - 1]!) continue;
      let p = ptr[k]!;
      while (p < n - 2 && lr[p + 1]! <= x) p++;
      ptr[k] = p;
      const v = n === 1 ? c.lR[0]! : c.lR[p]! + ((x - lr[p]!) / (lr[p + 1]! - lr[p]!)) * (c.lR[p + 1]! - c.lR[p]!);
      inside++;
      if (v < best) {
        best = v;
        arg = k;
      }
    }
    if (inside < 2) continue;
    C[m] = cGrid[g]!;
    risk[m] = Math.exp(best);
    dStar[m] = logs[arg]!.d;
    winner[m] = arg;
    nInside[m] = inside;
    m++;
  }
  // crossovers: bisection in log C on the difference of the two winners' log risks
  const crossovers: Crossover[] = [];
  for (let g = 1; g < m; g++) {
    const i = winner[g - 1]!;
    const j = winner[g]!;
    if (i === j) continue;
    let a = Math.log(C[g - 1]!);
    let b = Math.log(C[g]!);
    const diff = (lC: number) => logRiskAtC(logs[j]!, logB, lC) - logRiskAtC(logs[i]!, logB, lC);
    let fa = diff(a);
    const fb = diff(b);
    const exact = Number.isFinite(fa) && Number.isFinite(fb) && fa >= 0 && fb <= 0;
    if (exact) {
      for (let it = 0; it < 45 && b - a > 1e-13; it++) {
        const m = 0.5 * (a + b);
        const fm = diff(m);
        if (!Number.isFinite(fm)) break;
        if (fm > 0) {
          a = m;
          fa = fm;
        } else b = m;
      }
    }
    crossovers.push({ C: Math.exp(0.5 * (a + b)), from: i, to: j, dMid: Math.sqrt(logs[i]!.d * logs[j]!.d), exact });
  }
  return {
    dgrid: logs.map((c) => c.d),
    C: C.slice(0, m),
    risk: risk.slice(0, m),
    dStar: dStar.slice(0, m),
    winner: winner.slice(0, m),
    nInside: nInside.slice(0, m),
    crossovers,
  };
}

/** R*(C) at an arbitrary C by log–log interpolation of the frontier; NaN outside it */
export function frontierAt(f: Frontier, C: number): number {
  const lc = new Float64Array(f.C.length);
  const lr = new Float64Array(f.C.length);
  for (let i = 0; i < f.C.length; i++) {
    lc[i] = Math.log(f.C[i]!);
    lr[i] = Math.log(f.risk[i]!);
  }
  return Math.exp(interpLog(lc, lr, Math.log(C)));
}
