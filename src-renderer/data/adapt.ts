// Turn stored runs (RunDetail of src-shared/api) into chart inputs. Pure.
// Study runs store per (τ, d) the mean curve "tau=c/d=D" (r, risk), one curve per draw
// ("…/draw=k") and the frontier "tau=c/frontier" (C, risk, dstar); fits in summary.fits.
// Bands: the quantile columns (q05…q95) when the run has them (SGD runs), else the range
// over draws (min…max), as a study with a few draws has no meaningful quantiles.
// Compute C = B·d·r (DESIGN §1).
import type { CurveData, RunDetail } from '../../src-shared/api';
import type { BandCurve, FitLine } from '../charts/risk';
import type { SpectrumSide } from '../charts/spectrum';
import { num as decodeNum, pair } from './estimates';

export interface StudyFitRow {
  tau: number;
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
  params: Record<string, unknown>;
}

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
  const byTau = new Map<number, TauPanel>();
  const panel = (tau: number) => {
    let p = byTau.get(tau);
    if (!p) byTau.set(tau, (p = { tau, curves: [], frontier: null, fit: null }));
    return p;
  };
  const draws = new Map<string, number[][]>();
  for (const c of curves) {
    if (c.meta.role === 'risk-draw' && c.meta.d !== undefined) {
      const k = `${c.meta.tau ?? 0}/${c.meta.d}`;
      if (!draws.has(k)) draws.set(k, []);
      draws.get(k)!.push(c.columns.risk ?? []);
    }
  }
  const dset = new Set<number>();
  for (const c of curves) {
    const tau = num(c.meta.tau, 0);
    if (c.meta.role === 'risk' && c.meta.d !== undefined) {
      const d = c.meta.d;
      dset.add(d);
      const r = c.columns.r ?? [];
      const B = num(c.meta.batch, batch);
      const x = xMode === 'compute' ? r.map((t) => B * d * t) : r;
      const band = quantileBand(c) ?? envelope(draws.get(`${tau}/${d}`) ?? []);
      panel(tau).curves.push({ d, x, mean: c.columns.risk ?? [], ...(band ? { lo: band.lo, hi: band.hi } : {}) });
    } else if (c.meta.role === 'frontier') {
      panel(tau).frontier = { C: c.columns.C ?? [], risk: c.columns.risk ?? [], dstar: c.columns.dstar ?? [] };
    }
  }
  const fits = (Array.isArray(summary.fits) ? summary.fits : []) as Record<string, unknown>[];
  for (const f of fits) if (f && typeof f.tau === 'number') panel(f.tau).fit = normalizeFit(f);
  const th = summary.theory as StudyView['theory'] | undefined;
  const de = decodeNum(summary.delta_eta);
  const deci = summary.delta_eta_ci;
  return {
    batch,
    dGrid: [...dset].sort((a, b) => a - b),
    panels: [...byTau.values()].sort((a, b) => a.tau - b.tau),
    theory: th && typeof th === 'object' ? th : null,
    deltaEta: typeof de === 'number' && Number.isFinite(de) ? de : null,
    deltaEtaCi: Array.isArray(deci) && deci.length === 2 && pair(deci).every(Number.isFinite) ? pair(deci) : null,
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
