// IsoFLOP profiles — Chinchilla "approach 2" (Hoffmann et al. 2022, §3.2) as a second
// estimator of ξ (and η). For each budget C (log-spaced inside the fit window) the risks
// R_d(C/(B d)) of all sizes simulated that far are taken as a profile in x = log d; a parabola
// in x is fitted (least squares) through the profile's minimum and its nearest neighbours
// (`points` = 3 or 5, all on the grid); its vertex gives d_opt(C) and R_opt(C). A budget is used
// only when the grid minimum is interior to the available sizes and the parabola opens upward.
// Then log d_opt = log c + ξ log C and log R_opt = log s − η log C by OLS.
import { interpLog, logGrid, type RiskCurve } from './frontier';
import { olsLine, type Window } from './fit';

export interface IsoflopOptions {
  batch: number;
  window: Window;
  /** budgets per decade of C inside the window, default 8 */
  perDecade?: number;
  /** points of each profile used for the parabola: 3 (default) or 5 */
  points?: 3 | 5;
}

export interface IsoflopResult {
  C: Float64Array;
  dOpt: Float64Array;
  riskOpt: Float64Array;
  xi: number;
  eta: number;
  n: number;
}

/** least-squares parabola y = a x² + b x + c through the points; returns [a, b, c] */
export function fitParabola(x: ArrayLike<number>, y: ArrayLike<number>): [number, number, number] {
  // centre x for conditioning
  const n = x.length;
  let mx = 0;
  for (let i = 0; i < n; i++) mx += x[i]!;
  mx /= n;
  // normal equations of (1, u, u²), u = x − mx
  const S = [0, 0, 0, 0, 0];
  const T = [0, 0, 0];
  for (let i = 0; i < n; i++) {
    const u = x[i]! - mx;
    let p = 1;
    for (let k = 0; k < 5; k++) {
      S[k]! += p;
      if (k < 3) T[k]! += p * y[i]!;
      p *= u;
    }
  }
  const M = [
    [S[0]!, S[1]!, S[2]!, T[0]!],
    [S[1]!, S[2]!, S[3]!, T[1]!],
    [S[2]!, S[3]!, S[4]!, T[2]!],
  ];
  for (let c = 0; c < 3; c++) {
    let p = c;
    for (let r = c + 1; r < 3; r++) if (Math.abs(M[r]![c]!) > Math.abs(M[p]![c]!)) p = r;
    [M[c], M[p]] = [M[p]!, M[c]!];
    for (let r = 0; r < 3; r++) {
      if (r === c) continue;
      const f = M[r]![c]! / M[c]![c]!;
      for (let k = c; k < 4; k++) M[r]![k]! -= f * M[c]![k]!;
    }
  }
  const c0 = M[0]![3]! / M[0]![0]!;
  const c1 = M[1]![3]! / M[1]![1]!;
  const c2 = M[2]![3]! / M[2]![2]!;
  // back from u = x − mx: a u² + b u + c
  return [c2, c1 - 2 * c2 * mx, c0 - c1 * mx + c2 * mx * mx];
}

export function isoflop(curves: RiskCurve[], opts: IsoflopOptions): IsoflopResult {
  const sorted = [...curves].sort((a, b) => a.d - b.d);
  const logs = sorted.map((c) => {
    const lr: number[] = [];
    const lR: number[] = [];
    for (let i = 0; i < c.r.length; i++) {
      if (c.r[i]! > 0 && c.risk[i]! > 0 && Number.isFinite(c.risk[i]!)) {
        lr.push(Math.log(c.r[i]!));
        lR.push(Math.log(c.risk[i]!));
      }
    }
    return { x: Math.log(c.d), lr: Float64Array.from(lr), lR: Float64Array.from(lR) };
  });
  const half = (opts.points ?? 3) === 5 ? 2 : 1;
  const empty = { C: new Float64Array(0), dOpt: new Float64Array(0), riskOpt: new Float64Array(0), xi: NaN, eta: NaN, n: 0 };
  const [w0, w1] = opts.window;
  if (!(w0 > 0) || !(w1 > w0)) return empty;
  // budgets at the centres of log-equal cells: never exactly on the window ends, which are size
  // switches where two sizes tie and the grid minimum is ambiguous
  const edges = logGrid(w0, w1, opts.perDecade ?? 8);
  const budgets = Array.from({ length: edges.length - 1 }, (_, i) => Math.sqrt(edges[i]! * edges[i + 1]!));
  const logB = Math.log(opts.batch);
  const Cs: number[] = [];
  const ds: number[] = [];
  const Rs: number[] = [];
  for (const C of budgets) {
    const lC = Math.log(C);
    const xs: number[] = [];
    const ys: number[] = [];
    for (const c of logs) {
      const v = interpLog(c.lr, c.lR, lC - logB - c.x);
      if (Number.isNaN(v)) continue;
      xs.push(c.x);
      ys.push(v);
    }
    let k = -1;
    for (let i = 0; i < ys.length; i++) if (k < 0 || ys[i]! < ys[k]!) k = i;
    if (k < 1 || k > ys.length - 2) continue; // minimum not interior to the available sizes
    const lo = Math.max(0, k - half);
    const hi = Math.min(ys.length - 1, k + half);
    const [a, b, c0] = fitParabola(xs.slice(lo, hi + 1), ys.slice(lo, hi + 1));
    if (!(a > 0)) continue;
    const xv = -b / (2 * a);
    Cs.push(C);
    ds.push(Math.exp(xv));
    Rs.push(Math.exp(a * xv * xv + b * xv + c0));
  }
  if (Cs.length < 2) return { ...empty, C: Float64Array.from(Cs), dOpt: Float64Array.from(ds), riskOpt: Float64Array.from(Rs), n: Cs.length };
  const lC = Cs.map(Math.log);
  const xiFit = olsLine(lC, ds.map(Math.log));
  const etaFit = olsLine(lC, Rs.map(Math.log));
  return {
    C: Float64Array.from(Cs),
    dOpt: Float64Array.from(ds),
    riskOpt: Float64Array.from(Rs),
    xi: xiFit.slope,
    eta: -etaFit.slope,
    n: Cs.length,
  };
}
