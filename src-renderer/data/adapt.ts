// Turn stored runs (RunDetail of src-shared/api) into chart inputs. Pure.
// Study runs store per (variant, d) the mean curve (r, risk), one curve per draw and the frontier
// (C, risk, dstar), with meta.variant = the variant's index (issue 18); fits in summary.fits
// (aligned with the variants), Δη per variant in summary.delta_eta (a list). Runs stored before
// variants have one panel per τ (meta.tau, no meta.variant) and a single number delta_eta
// (η(last τ) − η(first τ)): both shapes are read.
// Bands: the quantile columns (q05…q95) when the run has them (SGD runs), else the range
// over draws (min…max), as a study with a few draws has no meaningful quantiles.
// Compute C = B·d·r (DESIGN §1).
import type { CurveData, RunDetail } from '../../src-shared/api';
import type { BandCurve, FitLine } from '../charts/risk';
import type { SpectrumSide } from '../charts/spectrum';
import { num as decodeNum, pair } from './estimates';

export interface StudyFitRow {
  tau: number;
  variant?: Record<string, number | string>;
  variant_label?: string;
  delta_eta?: number;
  delta_eta_ci?: [number, number];
  /** how Δη's interval pairs the variants (study/analyze.ts): 'paired-z' when their spectra differ */
  delta_eta_pairing?: 'paired' | 'paired-z' | 'independent';
  theory?: { phase: string; boundary: string[]; eta: number; xi: number } | null;
  s: number;
  eta: number;
  eta_ci: [number, number];
  xi: number;
  xi_ci: [number, number];
  window: [number, number];
  R_ref?: number;
  C_ref?: number;
  /** the analysis' warnings ("η: …", "ξ: …", "window: …", "frontier: …") */
  warnings?: string[];
}

/** a stored fit row with every number decoded (non-finite values arrive as strings; estimates.ts) */
export function normalizeFit(f: Record<string, unknown>): StudyFitRow {
  return {
    ...(f as object),
    tau: decodeNum(f.tau),
    s: decodeNum(f.s),
    eta: decodeNum(f.eta),
    eta_ci: pair(f.eta_ci),
    xi: decodeNum(f.xi),
    xi_ci: pair(f.xi_ci),
    window: pair(f.window),
    ...(f.R_ref !== undefined ? { R_ref: decodeNum(f.R_ref) } : {}),
    ...(f.C_ref !== undefined ? { C_ref: decodeNum(f.C_ref) } : {}),
    warnings: Array.isArray(f.warnings) ? f.warnings.filter((w): w is string => typeof w === 'string') : [],
  };
}

export interface TauPanel {
  tau: number;
  /** variant index in the run (old runs: the τ's position) */
  variant: number;
  /** what differs, e.g. "τ = 1/√d" or "B = 8, τ = 0" */
  label: string;
  /** the varied keys and values */
  values: Record<string, number | string>;
  /** Δη against the run's reference variant and its interval (null when not stored) */
  deltaEta: number | null;
  deltaEtaCi: [number, number] | null;
  reference: boolean;
  curves: BandCurve[];
  frontier: { C: number[]; risk: number[]; dstar: number[] } | null;
  fit: StudyFitRow | null;
}

export interface StudyView {
  batch: number;
  dGrid: number[];
  panels: TauPanel[];
  theory: { phase: string; boundary: string[]; eta: number; xi: number } | null;
  deltaEta: number | null;
  deltaEtaCi: [number, number] | null;
  /** index (in panels) of the reference variant of Δη */
  reference: number;
  params: Record<string, unknown>;
}

/** a panel is a variant */
export type VariantPanel = TauPanel;

const tauText = (c: number) => (c === 0 ? 'τ = 0' : c === 1 ? 'τ = 1/√d' : `τ = ${c}/√d`);
const finiteOr = (x: unknown): number | null => (typeof x === 'number' && Number.isFinite(x) ? x : null);
const pairOr = (x: unknown): [number, number] | null => (Array.isArray(x) && x.length === 2 && x.every((v) => typeof v === 'number') ? (x as [number, number]) : null);

function num(x: unknown, dflt: number): number {
  return typeof x === 'number' && Number.isFinite(x) ? x : dflt;
}

/** quantile band columns present in a curve: the lowest and highest q.. columns */
export function quantileBand(c: CurveData): { lo: number[]; hi: number[]; names: [string, string] } | null {
  const qs = Object.keys(c.columns)
    .filter((k) => /^q\d+$/.test(k))
    .sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)));
  if (qs.length < 2) return null;
  const a = qs[0]!;
  const b = qs[qs.length - 1]!;
  return { lo: c.columns[a]!, hi: c.columns[b]!, names: [a, b] };
}

/** pointwise min and max over equally long curves */
export function envelope(curves: number[][]): { lo: number[]; hi: number[] } | null {
  if (curves.length < 2) return null;
  const n = Math.min(...curves.map((c) => c.length));
  const lo = new Array<number>(n).fill(Infinity);
  const hi = new Array<number>(n).fill(-Infinity);
  for (const c of curves) {
    for (let i = 0; i < n; i++) {
      if (c[i]! < lo[i]!) lo[i] = c[i]!;
      if (c[i]! > hi[i]!) hi[i] = c[i]!;
    }
  }
  return { lo, hi };
}

export function isStudy(run: Pick<RunDetail, 'kind'>): boolean {
  return run.kind === 'study';
}

export function studyView(run: RunDetail, xMode: 'steps' | 'compute' = 'compute'): StudyView {
  const summary = (run.result?.summary ?? {}) as Record<string, unknown>;
  const sp = (summary.params ?? run.params) as Record<string, unknown>;
  const batch = num(sp.batch, num(run.params.batch, 1));
  const curves = run.result?.curves ?? [];
  const fits = (Array.isArray(summary.fits) ? summary.fits : []) as StudyFitRow[]; // decoded per panel below (normalizeFit)
  // variants: meta.variant (index) on new runs; old runs: one per τ, in the order of their fits
  const hasVariants = curves.some((c) => typeof c.meta.variant === 'number') || fits.some((f) => f && typeof f === 'object' && f.variant !== undefined);
  const tauOrder = fits.map((f) => f?.tau).filter((t): t is number => typeof t === 'number');
  const indexOf = (meta: { variant?: unknown; tau?: unknown }): number => {
    if (hasVariants && typeof meta.variant === 'number') return meta.variant;
    const tau = num(meta.tau, 0);
    const i = tauOrder.indexOf(tau);
    return i >= 0 ? i : 1000 + tau;
  };
  const byVariant = new Map<number, TauPanel>();
  const panel = (vi: number, tau: number, label?: unknown) => {
    let p = byVariant.get(vi);
    if (!p) byVariant.set(vi, (p = { tau, variant: vi, label: typeof label === 'string' ? label : tauText(tau), values: { tau }, deltaEta: null, deltaEtaCi: null, reference: false, curves: [], frontier: null, fit: null }));
    return p;
  };
  const draws = new Map<string, number[][]>();
  for (const c of curves) {
    if (c.meta.role === 'risk-draw' && c.meta.d !== undefined) {
      const k = `${indexOf(c.meta)}/${c.meta.d}`;
      if (!draws.has(k)) draws.set(k, []);
      draws.get(k)!.push(c.columns.risk ?? []);
    }
  }
  const dset = new Set<number>();
  for (const c of curves) {
    const tau = num(c.meta.tau, 0);
    const vi = indexOf(c.meta);
    if (c.meta.role === 'risk' && c.meta.d !== undefined) {
      const d = c.meta.d;
      dset.add(d);
      const r = c.columns.r ?? [];
      const B = num(c.meta.batch, batch);
      const x = xMode === 'compute' ? r.map((t) => B * d * t) : r;
      const band = quantileBand(c) ?? envelope(draws.get(`${vi}/${d}`) ?? []);
      panel(vi, tau, c.meta.variantLabel).curves.push({ d, x, mean: c.columns.risk ?? [], ...(band ? { lo: band.lo, hi: band.hi } : {}) });
    } else if (c.meta.role === 'frontier') {
      panel(vi, tau, c.meta.variantLabel).frontier = { C: c.columns.C ?? [], risk: c.columns.risk ?? [], dstar: c.columns.dstar ?? [] };
    }
  }
  const de = summary.delta_eta;
  const deci = summary.delta_eta_ci;
  const reference = typeof summary.reference === 'number' ? summary.reference : 0;
  fits.forEach((f, i) => {
    if (typeof f?.tau !== 'number') return;
    const p = panel(hasVariants ? i : indexOf({ tau: f.tau }), f.tau, f.variant_label);
    p.fit = normalizeFit(f as unknown as Record<string, unknown>);
    if (f.variant && typeof f.variant === 'object') p.values = f.variant;
    if (typeof f.variant_label === 'string') p.label = f.variant_label;
    if (Array.isArray(de)) {
      p.deltaEta = finiteOr(de[i]);
      p.deltaEtaCi = Array.isArray(deci) ? pairOr(deci[i]) : null;
    } else if (typeof de === 'number' && fits.length >= 2) {
      // before variants: one Δη = η(last) − η(first)
      if (i === 0) {
        p.deltaEta = 0;
        p.deltaEtaCi = [0, 0];
      } else if (i === fits.length - 1) {
        p.deltaEta = finiteOr(de);
        p.deltaEtaCi = pairOr(deci);
      }
    }
  });
  const panels = [...byVariant.values()].sort((a, b) => a.variant - b.variant);
  const refIndex = Math.max(0, panels.findIndex((p) => p.variant === (hasVariants ? reference : 0)));
  if (panels[refIndex]) panels[refIndex]!.reference = true;
  // the headline Δη: the last non-reference variant's (old runs: the stored number)
  const last = [...panels].reverse().find((p) => !p.reference && p.deltaEta !== null);
  const th = summary.theory as StudyView['theory'] | undefined;
  return {
    batch,
    dGrid: [...dset].sort((a, b) => a - b),
    panels,
    theory: th && typeof th === 'object' ? th : null,
    deltaEta: typeof de === 'number' ? finiteOr(de) : (last?.deltaEta ?? null),
    deltaEtaCi: typeof de === 'number' ? pairOr(deci) : (last?.deltaEtaCi ?? null),
    reference: refIndex,
    params: sp,
  };
}

export function fitLine(f: StudyFitRow | null): FitLine | null {
  if (!f || !Number.isFinite(f.s) || !Number.isFinite(f.eta) || !Array.isArray(f.window)) return null;
  return { s: f.s, eta: f.eta, etaCi: f.eta_ci, window: f.window };
}

/** a single-curve run (sgd / volterra): the mean with its quantile band */
export function curveRunCurves(run: RunDetail, xMode: 'steps' | 'compute'): BandCurve[] {
  const out: BandCurve[] = [];
  for (const c of run.result?.curves ?? []) {
    if (c.meta.role !== 'risk') continue;
    const d = num(c.meta.d, num(run.params.d, 1));
    const B = num(c.meta.batch, num(run.params.batch, 1));
    const r = c.columns.r ?? [];
    const band = quantileBand(c);
    out.push({ d, x: xMode === 'compute' ? r.map((t) => B * d * t) : r, mean: c.columns.risk ?? [], ...(band ? { lo: band.lo, hi: band.hi } : {}), name: `run ${run.id}: d = ${d}` });
  }
  return out;
}

/** edges of log-spaced bins from their centres (geometric midpoints) */
export function edgesFromCentres(c: number[]): number[] {
  if (c.length < 2) return c.length ? [c[0]! / 1.5, c[0]! * 1.5] : [];
  const e = [c[0]! ** 1.5 / c[1]! ** 0.5];
  for (let i = 0; i + 1 < c.length; i++) e.push(Math.sqrt(c[i]! * c[i + 1]!));
  e.push(c[c.length - 1]! ** 1.5 / c[c.length - 2]! ** 0.5);
  return e;
}

/** spectrum runs → chart sides (one per run / τ) */
export function spectrumSides(runs: RunDetail[]): SpectrumSide[] {
  const sides: SpectrumSide[] = [];
  for (const run of runs) {
    const summary = (run.result?.summary ?? {}) as Record<string, unknown>;
    const tau = num(run.params.tau, 0);
    const label = tau === 0 ? 'τ = 0' : tau === 1 ? 'τ = 1/√d' : `τ = ${tau}/√d`;
    const side: SpectrumSide = { label: `${label} (run ${run.id})`, tau, F0: typeof summary.F0 === 'number' ? summary.F0 : null };
    const o = summary.outlier as { lambda?: number; weight?: number } | null | undefined;
    if (o && typeof o.lambda === 'number') side.outlier = { lambda: o.lambda, weight: num(o.weight, NaN) };
    for (const c of run.result?.curves ?? []) {
      const lam = c.columns.lambda;
      const den = c.columns.density;
      if (!lam || !den) continue;
      const method = String(c.meta.method ?? run.params.method ?? 'de');
      if (method === 'empirical' || c.meta.role === 'histogram') {
        side.hist = { edges: c.columns.edges ?? edgesFromCentres(lam), density: den };
      } else side.de = { lambda: lam, density: den };
    }
    sides.push(side);
  }
  return sides;
}
