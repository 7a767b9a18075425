// From replicate risk curves to the study's numbers (DESIGN.md §4): per variant (a τ, a batch, an
// optimizer, … — params/study-variants.ts) the mean curves, the frontier, the fits (η, ξ with
// intervals), IsoFLOP, halves and R at a common reference compute; across variants Δη_i =
// η(variant i) − η(reference) with its interval (`deltaEta`: a function of the reference's and the
// variant's fit and bootstrap samples). For the default τ list [0, 1] (reference τ = 0) Δη_1 is
// η(τ = 1/√d) − η(τ = 0), the study's historic Δη.
//
// Intervals (bootstrap.ts): draw bootstrap for the variants with ≥ 2 replicate curves at every
// size — one joint bootstrap over all of them with the same resampling indices (draw k of size d
// is the same Z for every variant: paired), so Δη's interval is the percentile interval of the
// paired differences — else the circular-block residual bootstrap of the OLS fit ("residuals"),
// where Δη's interval adds the half-widths in quadrature (independent); `ci_method` says which.
// `delta_eta_pairing` says which Δη got: variants with different spectra (a data spectrum vs the
// power law, params/spectrum-axis.ts) share draw k's Gaussian Z but not W̃ᵀDW̃ — the joint resampling
// of the iid draw pairs stays valid (common random numbers), labelled 'paired-z' rather than 'paired'.
// Reference compute C_ref: the geometric middle of the intersection of the variants' fit windows
// (of the frontier ranges if the windows do not overlap) — one C for all so R_ref is comparable.
// Per-fit extras: `fitRow` builds one fits[] entry from a variant's analysis; add fields there.
import { computeFrontier, frontierAt, type Frontier, type RiskCurve } from './frontier';
import { fitFrontier, frontierPointsIn, crossoverPointsIn, type FrontierFit, type Window } from './fit';
import { isoflop, type IsoflopResult } from './isoflop';
import { windowSensitivity, deltaWindowSensitivity, type WindowSensitivity } from './window-sensitivity';
import { drawBootstrap, meanCurve, percentileInterval, residualBootstrapSlope, type SizeReplicates } from './bootstrap';
import type { StudyTheory } from './theory';
import { tauLabel, type VariantValues } from '../params/study-variants';

export interface AnalyzeOptions {
  /** batch B (C = B·d·r) of the groups that do not give their own */
  batch: number;
  /** index of the reference group of Δη (default 0) */
  reference?: number;
  /** user window for every variant; default: interior-d* rule per variant */
  window?: Window;
  bootstrap: number;
  level: number;
  seed: number;
  perDecade?: number;
  isoflopPoints?: 3 | 5;
}

/** the replicate curves of one variant */
export interface VariantGroup {
  /** c in τ = c/√d */
  tau: number;
  /** the varied keys and values (default {tau}) */
  variant?: VariantValues;
  /** what differs (default the τ label) */
  label?: string;
  /** batch B of this variant (default options.batch) */
  batch?: number;
  /** identity of its spectrum (a data spectrum's hash; absent = the power law): variants with
   *  different spectra share Z but not W̃ᵀDW̃ (delta_eta_pairing 'paired-z') */
  spectrumId?: string;
  sizes: SizeReplicates[];
}

/** the τ-only name of a variant group (before variants) */
export type TauGroup = VariantGroup;

/** the per-variant fit as reported (JSON field names follow DESIGN §6; extended, never renamed);
 *  eta_ci is the bootstrap interval, eta_window / eta_window_range / eta_ci_combined the window
 *  sensitivity (window-sensitivity.ts), delta_eta_window_range / delta_eta_ci_combined the same for Δη */
export interface StudyFit extends WindowSensitivity {
  delta_eta_window_range?: [number, number];
  delta_eta_ci_combined?: [number, number];
  tau: number;
  /** the varied keys and this variant's values, e.g. {tau: 1} or {batch: 8, tau: 0} */
  variant: VariantValues;
  /** what differs from the other variants, e.g. "τ = 1/√d" */
  variant_label: string;
  /** η − η(reference) and its interval (0 and [0, 0] for the reference itself) */
  delta_eta: number;
  delta_eta_ci: [number, number];
  /** how Δη's interval treats the two variants (absent for the reference and without intervals):
   *  'paired' — joint bootstrap over draws, draw k the same W̃ on both sides; 'paired-z' — joint
   *  bootstrap over draws that share the Gaussian Z but not the spectrum D (a data spectrum vs the
   *  power law: common random numbers, still a valid paired resampling of iid pairs); 'independent'
   *  — half-widths in quadrature (no replicates on one side) */
  delta_eta_pairing?: 'paired' | 'paired-z' | 'independent';
  /** the phase theory of this variant where one exists (τ = 0, SGD), else null; set by the study task */
  theory?: StudyTheory | null;
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

export interface VariantAnalysis {
  tau: number;
  /** batch B of the variant */
  batch: number;
  curves: RiskCurve[];
  frontier: Frontier;
  fit: FrontierFit;
  isoflop: IsoflopResult;
}

/** the τ-only name (before variants) */
export type TauAnalysis = VariantAnalysis;

export interface StudyAnalysis {
  perVariant: VariantAnalysis[];
  fits: StudyFit[];
  /** per variant, aligned with fits: η − η(reference) */
  delta_eta: number[];
  delta_eta_ci: [number, number][];
  /** per variant: Δη over the paired window scans, and the interval covering it and delta_eta_ci */
  delta_eta_window_range: [number, number][];
  delta_eta_ci_combined: [number, number][];
  reference: number;
  C_ref: number;
}

/** what Δη needs of one variant: its η, its interval and (draw bootstrap) its paired samples of η */
export interface EtaSamples {
  eta: number;
  eta_ci: [number, number];
  /** bootstrap samples of η drawn with the same resampling indices as the other variants' */
  boot?: Float64Array;
}

/**
 * Δη = η(variant) − η(reference) with its interval: with paired bootstrap samples on both sides
 * the percentile interval of the differences; otherwise (independent intervals) the half-widths
 * added in quadrature on each side.
 */
export function deltaEta(ref: EtaSamples, v: EtaSamples, level: number): { delta_eta: number; delta_eta_ci: [number, number] } {
  const delta = v.eta - ref.eta;
  if (ref.boot && v.boot && ref.boot.length === v.boot.length) {
    const dd = new Float64Array(v.boot.length);
    for (let i = 0; i < dd.length; i++) dd[i] = v.boot[i]! - ref.boot[i]!;
    return { delta_eta: delta, delta_eta_ci: percentileInterval(dd, level) };
  }
  const lo0 = ref.eta - ref.eta_ci[0];
  const hi0 = ref.eta_ci[1] - ref.eta;
  const lo1 = v.eta - v.eta_ci[0];
  const hi1 = v.eta_ci[1] - v.eta;
  return { delta_eta: delta, delta_eta_ci: [delta - Math.hypot(hi0, lo1), delta + Math.hypot(lo0, hi1)] };
}

const nanPair = (): [number, number] => [NaN, NaN];

export function analyzeStudy(groups: VariantGroup[], opts: AnalyzeOptions): StudyAnalysis {
  const perVariant: VariantAnalysis[] = groups.map((g) => {
    const batch = g.batch ?? opts.batch;
    const curves: RiskCurve[] = g.sizes.map((s) => ({ d: s.d, r: s.r, risk: meanCurve(s.draws) }));
    const frontier = computeFrontier(curves, { batch, perDecade: opts.perDecade });
    const fit = fitFrontier(frontier, opts.window);
    const iso = isoflop(curves, { batch, window: fit.window, points: opts.isoflopPoints });
    return { tau: g.tau, batch, curves, frontier, fit, isoflop: iso };
  });
  const C_ref = commonReferenceCompute(perVariant);
  const ref = Math.min(Math.max(0, opts.reference ?? 0), Math.max(0, groups.length - 1));

  // intervals: one joint (paired) draw bootstrap over the variants with replicates, residuals for the rest
  const etaCi: [number, number][] = groups.map(nanPair);
  const xiCi: [number, number][] = groups.map(nanPair);
  const etaBoot: (Float64Array | undefined)[] = groups.map(() => undefined);
  const method: StudyFit['ci_method'][] = groups.map(() => 'none');
  if (opts.bootstrap > 0) {
    const withDraws = groups.map((g, i) => (g.sizes.every((s) => s.draws.length >= 2) ? i : -1)).filter((i) => i >= 0);
    if (withDraws.length) {
      const bs = drawBootstrap(
        withDraws.map((i) => groups[i]!.sizes),
        { batch: withDraws.map((i) => perVariant[i]!.batch), nBoot: opts.bootstrap, seed: opts.seed, window: opts.window, perDecade: opts.perDecade },
      );
      withDraws.forEach((gi, j) => {
        etaCi[gi] = percentileInterval(bs.eta[j]!, opts.level);
        xiCi[gi] = percentileInterval(bs.xi[j]!, opts.level);
        etaBoot[gi] = bs.eta[j]!;
        method[gi] = 'draws';
      });
    }
    perVariant.forEach((t, i) => {
      if (method[i] !== 'none') return;
      method[i] = 'residuals';
      const pe = frontierPointsIn(t.frontier, t.fit.window);
      const switches = Math.max(1, t.frontier.crossovers.filter((c) => c.C >= t.fit.window[0] && c.C <= t.fit.window[1]).length);
      const block = Math.max(1, Math.round(pe.x.length / switches));
      const se = residualBootstrapSlope(pe.x, pe.y, opts.bootstrap, block, opts.seed + 17 * i);
      const ci = percentileInterval(se, opts.level);
      etaCi[i] = [-ci[1], -ci[0]];
      const px = crossoverPointsIn(t.frontier, t.fit.window);
      xiCi[i] = px.x.length >= 3 ? percentileInterval(residualBootstrapSlope(px.x, px.y, opts.bootstrap, 1, opts.seed + 17 * i + 5), opts.level) : nanPair();
    });
  }
  const samples: EtaSamples[] = perVariant.map((t, i) => ({ eta: t.fit.eta, eta_ci: etaCi[i]!, boot: etaBoot[i] }));
  const deltas = perVariant.map((_, i) =>
    groups.length < 2 ? { delta_eta: NaN, delta_eta_ci: nanPair() } : i === ref ? { delta_eta: 0, delta_eta_ci: [0, 0] as [number, number] } : opts.bootstrap > 0 ? deltaEta(samples[ref]!, samples[i]!, opts.level) : { delta_eta: samples[i]!.eta - samples[ref]!.eta, delta_eta_ci: nanPair() },
  );
  const fits = perVariant.map((t, i) => fitRow(t, groups[i]!, { eta_ci: etaCi[i]!, xi_ci: xiCi[i]!, ci_method: method[i]!, C_ref, ...deltas[i]! }));
  fits.forEach((f, i) => {
    if (i === ref || groups.length < 2 || !(opts.bootstrap > 0)) return;
    const paired = !!(samples[ref]!.boot && samples[i]!.boot);
    const sameSpectrum = (groups[i]!.spectrumId ?? '') === (groups[ref]!.spectrumId ?? '');
    f.delta_eta_pairing = !paired ? 'independent' : sameSpectrum ? 'paired' : 'paired-z';
  });
  fits.forEach((f, i) => {
    const dw =
      groups.length < 2
        ? { delta_eta_window_range: nanPair(), delta_eta_ci_combined: nanPair() }
        : i === ref
          ? { delta_eta_window_range: [0, 0] as [number, number], delta_eta_ci_combined: [0, 0] as [number, number] }
          : deltaWindowSensitivity(fits[ref]!, f, f.delta_eta_ci);
    f.delta_eta_window_range = dw.delta_eta_window_range;
    f.delta_eta_ci_combined = dw.delta_eta_ci_combined;
  });
  return {
    perVariant,
    fits,
    delta_eta: deltas.map((x) => x.delta_eta),
    delta_eta_ci: deltas.map((x) => x.delta_eta_ci),
    delta_eta_window_range: fits.map((f) => f.delta_eta_window_range!),
    delta_eta_ci_combined: fits.map((f) => f.delta_eta_ci_combined!),
    reference: ref,
    C_ref,
  };
}

/** one fits[] entry: a variant's fit with its intervals and Δη (add per-fit fields here) */
export function fitRow(
  t: VariantAnalysis,
  g: VariantGroup,
  x: { eta_ci: [number, number]; xi_ci: [number, number]; ci_method: StudyFit['ci_method']; C_ref: number; delta_eta: number; delta_eta_ci: [number, number] },
): StudyFit {
  return {
    tau: t.tau,
    variant: g.variant ?? { tau: t.tau },
    variant_label: g.label ?? tauLabel(t.tau),
    s: t.fit.s,
    eta: t.fit.eta,
    eta_ci: x.eta_ci,
    xi: t.fit.xi,
    xi_ci: x.xi_ci,
    window: t.fit.window,
    window_interior: t.fit.window_interior,
    ci_method: x.ci_method,
    eta_se: t.fit.eta_se,
    xi_method: t.fit.xi_method,
    xi_staircase: t.fit.xi_staircase,
    c: t.fit.c,
    n_eta: t.fit.n_eta,
    n_xi: t.fit.n_xi,
    R_ref: Number.isFinite(x.C_ref) ? frontierAt(t.frontier, x.C_ref) : NaN,
    C_ref: x.C_ref,
    isoflop_xi: t.isoflop.xi,
    isoflop_eta: t.isoflop.eta,
    halves: t.fit.halves,
    delta_eta: x.delta_eta,
    delta_eta_ci: x.delta_eta_ci,
    warnings: fitWarnings(t),
    ...windowSensitivity(t.frontier, t.fit.window, x.eta_ci),
  };
}

/** the geometric middle of the intersection of the fit windows (else of the frontier ranges) */
function commonReferenceCompute(perVariant: VariantAnalysis[]): number {
  let lo = -Infinity;
  let hi = Infinity;
  for (const t of perVariant) {
    lo = Math.max(lo, t.fit.window[0]);
    hi = Math.min(hi, t.fit.window[1]);
  }
  if (!(hi > lo)) {
    lo = -Infinity;
    hi = Infinity;
    for (const t of perVariant) {
      if (t.frontier.C.length === 0) continue;
      lo = Math.max(lo, t.frontier.C[0]!);
      hi = Math.min(hi, t.frontier.C[t.frontier.C.length - 1]!);
    }
  }
  return hi > lo && Number.isFinite(lo) && Number.isFinite(hi) ? Math.sqrt(lo * hi) : NaN;
}

function fitWarnings(t: VariantAnalysis): string[] {
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
