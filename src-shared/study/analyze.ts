// From replicate risk curves to the study's numbers (DESIGN.md §4): per τ the mean curves, the
// frontier, the fits (η, ξ with intervals), IsoFLOP, halves and R at a common reference compute;
// across τ the difference Δη = η(τ_last) − η(τ_first) (with the paired bootstrap interval) —
// for the default τ list [0, 1] that is η(τ = 1/√d) − η(τ = 0).
//
// Intervals (bootstrap.ts): draw bootstrap when every size has ≥ 2 replicate curves, else the
// circular-block residual bootstrap of the OLS fit ("residuals"); `ci_method` says which.
// Reference compute C_ref: the geometric middle of the intersection of the τ fit windows (of the
// frontier ranges if the windows do not overlap) — one C for all τ so R_ref is comparable.
import { computeFrontier, frontierAt, type Frontier, type RiskCurve } from './frontier';
import { fitFrontier, frontierPointsIn, crossoverPointsIn, type FrontierFit, type Window } from './fit';
import { isoflop, type IsoflopResult } from './isoflop';
import { windowSensitivity, deltaWindowSensitivity, type DeltaWindowSensitivity, type WindowSensitivity } from './window-sensitivity';
import { drawBootstrap, meanCurve, percentileInterval, residualBootstrapSlope, type SizeReplicates } from './bootstrap';

export interface AnalyzeOptions {
  batch: number;
  /** user window for every τ; default: interior-d* rule per τ */
  window?: Window;
  bootstrap: number;
  level: number;
  seed: number;
  perDecade?: number;
  isoflopPoints?: 3 | 5;
}

export interface TauGroup {
  tau: number;
  sizes: SizeReplicates[];
}

/** the per-τ fit as reported (JSON field names follow DESIGN §6; extended, never renamed);
 *  eta_ci is the bootstrap interval, eta_window / eta_window_range / eta_ci_combined the window
 *  sensitivity (window-sensitivity.ts) */
export interface StudyFit extends WindowSensitivity {
  tau: number;
  s: number;
  eta: number;
  eta_ci: [number, number];
  xi: number;
  xi_ci: [number, number];
  window: [number, number];
  /** true when the window is the interior-d* rule */
  window_interior: boolean;
  /** 'draws' (or 'runs': SGD runs of a single draw) bootstrap, 'residuals' (one replicate), 'none' */
  ci_method: 'draws' | 'runs' | 'residuals' | 'none';
  eta_se: number;
  xi_method: 'crossovers' | 'staircase';
  xi_staircase: number;
  c: number;
  n_eta: number;
  n_xi: number;
  R_ref: number;
  C_ref: number;
  isoflop_xi: number;
  isoflop_eta: number;
  halves: { left: number; right: number; split: number };
  /** conditions that make the numbers less trustworthy (empty when none) */
  warnings: string[];
}

export interface TauAnalysis {
  tau: number;
  curves: RiskCurve[];
  frontier: Frontier;
  fit: FrontierFit;
  isoflop: IsoflopResult;
}

export interface StudyAnalysis extends DeltaWindowSensitivity {
  perTau: TauAnalysis[];
  fits: StudyFit[];
  delta_eta: number;
  delta_eta_ci: [number, number];
  C_ref: number;
}

const nanPair = (): [number, number] => [NaN, NaN];

export function analyzeStudy(groups: TauGroup[], opts: AnalyzeOptions): StudyAnalysis {
  const perTau: TauAnalysis[] = groups.map((g) => {
    const curves: RiskCurve[] = g.sizes.map((s) => ({ d: s.d, r: s.r, risk: meanCurve(s.draws) }));
    const frontier = computeFrontier(curves, { batch: opts.batch, perDecade: opts.perDecade });
    const fit = fitFrontier(frontier, opts.window);
    const iso = isoflop(curves, { batch: opts.batch, window: fit.window, points: opts.isoflopPoints });
    return { tau: g.tau, curves, frontier, fit, isoflop: iso };
  });
  // reference compute shared by all τ
  let lo = -Infinity;
  let hi = Infinity;
  for (const t of perTau) {
    lo = Math.max(lo, t.fit.window[0]);
    hi = Math.min(hi, t.fit.window[1]);
  }
  if (!(hi > lo)) {
    lo = -Infinity;
    hi = Infinity;
    for (const t of perTau) {
      if (t.frontier.C.length === 0) continue;
      lo = Math.max(lo, t.frontier.C[0]!);
      hi = Math.min(hi, t.frontier.C[t.frontier.C.length - 1]!);
    }
  }
  const C_ref = hi > lo && Number.isFinite(lo) && Number.isFinite(hi) ? Math.sqrt(lo * hi) : NaN;

  // intervals
  const withDraws = opts.bootstrap > 0 && groups.every((g) => g.sizes.every((s) => s.draws.length >= 2));
  let etaCi: [number, number][] = groups.map(nanPair);
  let xiCi: [number, number][] = groups.map(nanPair);
  let deltaCi: [number, number] = nanPair();
  let method: StudyFit['ci_method'] = 'none';
  if (withDraws) {
    method = 'draws';
    const bs = drawBootstrap(
      groups.map((g) => g.sizes),
      { batch: opts.batch, nBoot: opts.bootstrap, seed: opts.seed, window: opts.window, perDecade: opts.perDecade },
    );
    etaCi = bs.eta.map((s) => percentileInterval(s, opts.level));
    xiCi = bs.xi.map((s) => percentileInterval(s, opts.level));
    if (groups.length >= 2) {
      const a = bs.eta[0]!;
      const b = bs.eta[groups.length - 1]!;
      const dd = new Float64Array(a.length);
      for (let i = 0; i < a.length; i++) dd[i] = b[i]! - a[i]!;
      deltaCi = percentileInterval(dd, opts.level);
    }
  } else if (opts.bootstrap > 0) {
    method = 'residuals';
    perTau.forEach((t, i) => {
      const pe = frontierPointsIn(t.frontier, t.fit.window);
      const switches = Math.max(1, t.frontier.crossovers.filter((c) => c.C >= t.fit.window[0] && c.C <= t.fit.window[1]).length);
      const block = Math.max(1, Math.round(pe.x.length / switches));
      const se = residualBootstrapSlope(pe.x, pe.y, opts.bootstrap, block, opts.seed + 17 * i);
      const ci = percentileInterval(se, opts.level);
      etaCi[i] = [-ci[1], -ci[0]];
      const px = crossoverPointsIn(t.frontier, t.fit.window);
      xiCi[i] = px.x.length >= 3 ? percentileInterval(residualBootstrapSlope(px.x, px.y, opts.bootstrap, 1, opts.seed + 17 * i + 5), opts.level) : nanPair();
    });
    if (groups.length >= 2) {
      // independent (deterministic curves have no shared draws): widths add in quadrature
      const a = etaCi[0]!;
      const b = etaCi[groups.length - 1]!;
      const e0 = perTau[0]!.fit.eta;
      const e1 = perTau[groups.length - 1]!.fit.eta;
      const lo0 = e0 - a[0];
      const hi0 = a[1] - e0;
      const lo1 = e1 - b[0];
      const hi1 = b[1] - e1;
      const dlo = Math.hypot(hi0, lo1);
      const dhi = Math.hypot(lo0, hi1);
      deltaCi = [e1 - e0 - dlo, e1 - e0 + dhi];
    }
  }

  const fits: StudyFit[] = perTau.map((t, i) => ({
    tau: t.tau,
    s: t.fit.s,
    eta: t.fit.eta,
    eta_ci: etaCi[i]!,
    xi: t.fit.xi,
    xi_ci: xiCi[i]!,
    window: t.fit.window,
    window_interior: t.fit.window_interior,
    ci_method: method,
    eta_se: t.fit.eta_se,
    xi_method: t.fit.xi_method,
    xi_staircase: t.fit.xi_staircase,
    c: t.fit.c,
    n_eta: t.fit.n_eta,
    n_xi: t.fit.n_xi,
    R_ref: Number.isFinite(C_ref) ? frontierAt(t.frontier, C_ref) : NaN,
    C_ref,
    isoflop_xi: t.isoflop.xi,
    isoflop_eta: t.isoflop.eta,
    halves: t.fit.halves,
    warnings: fitWarnings(t),
    ...windowSensitivity(t.frontier, t.fit.window, etaCi[i]!),
  }));
  const delta_eta = fits.length >= 2 ? fits[fits.length - 1]!.eta - fits[0]!.eta : NaN;
  const dw = fits.length >= 2 ? deltaWindowSensitivity(fits[0]!, fits[fits.length - 1]!, deltaCi) : { delta_eta_window_range: nanPair(), delta_eta_ci_combined: nanPair() };
  return { perTau, fits, delta_eta, delta_eta_ci: deltaCi, ...dw, C_ref };
}

function fitWarnings(t: TauAnalysis): string[] {
  const w: string[] = [];
  const f = t.frontier;
  const winners = new Set(Array.from(f.winner));
  if (!t.fit.window_interior) w.push('window: not the interior-d* rule (user window, or fewer than 3 sizes win on the frontier)');
  if (f.C.length === 0) w.push('frontier: empty (no C where two sizes are in range)');
  const last = f.dgrid.length - 1;
  if (f.C.length && !winners.has(last)) w.push(`frontier: the largest size d = ${f.dgrid[last]} never wins — add larger sizes or raise rmax`);
  const inWindow = f.crossovers.filter((c) => c.C >= t.fit.window[0] * (1 - 1e-12) && c.C <= t.fit.window[1] * (1 + 1e-12));
  if (inWindow.some((c) => !c.exact)) w.push('frontier: a size switch inside the window is caused by a curve ending (rmax too small for that size)');
  if (t.fit.xi_method === 'staircase' && Number.isFinite(t.fit.xi)) w.push('ξ: fewer than 2 size switches in the window; fitted on the argmin staircase (biased low)');
  if (!Number.isFinite(t.fit.xi)) w.push('ξ: not estimable (d* constant over the window)');
  if (Math.abs(t.fit.halves.left - t.fit.halves.right) > 0.1) w.push(`η: left/right halves of the window differ by ${Math.abs(t.fit.halves.left - t.fit.halves.right).toFixed(3)} (not a single power law)`);
  return w;
}
