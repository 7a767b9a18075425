// The compute-optimal study task (DESIGN.md §4, `plrf study` §6): risk curves for every
// (variant, d, draw), the frontier per variant, fits with intervals, IsoFLOP, and Δη of every
// variant against the reference variant. Variants (params/study-variants.ts) are settings that
// differ in some keys; the τ study is the case of the variants τ = 0 and τ = 1/√d.
//
// Work is split into independent units (variant, d, draw) — `planUnits` — each producing one risk
// curve on the checkpoints of its variant and size (logCheckpoints(rmax_d, checkpoints), shared by
// all draws of that variant and size). Units are executed in jobs (`planJobs`): the units of one
// (spectrum, α, β, v, d, draw) form one job, in which the spectral problem of each τ is computed once and
// shared by every variant with that τ, and with several τ (exact method) Z and its Gram matrix are
// shared too (study/units.ts computeJob: a rank-2 update per τ instead of a new v·d² product);
// deterministic-equivalent units are jobs of their own. Jobs are ordered largest cost first (cost
// ∝ v·d² + d³ per spectral problem plus the dynamics) so that an executor spreading them over
// workers balances well (LPT). The default executor runs them inline; src-main/study/ provides a
// worker-thread executor for the Node side (both cores).
//
// Progress: cost-weighted (unitCost), from inside jobs too (the executor's onProgress: Gram, each
// eigendecomposition, SGD runs) and after every finished unit; monotone; the text counts draws
// finished per (variant, d) — never a draw index, since lanes finish out of order; `ctx.partial("<variant key>/d=D",
// …)` (e.g. "tau=1/d=100") as soon as all draws of a (variant, d) are done; cancellation polled
// between units (CancelledError). Draw k of size d uses the problem stream (seed, k): the same Z
// for every variant (paired comparison).
import type { LinalgBackend } from '../linalg/backend';
import { validateStudySpec, type StudySetting, type StudySpec, type StudySpecInput } from '../params/study-params';
import type { Frontier } from '../study/frontier';
import { analyzeStudy, type StudyFit, type VariantGroup } from '../study/analyze';
import { decayWindowStart, type OptimizerParams } from '../params/optimizer-params';
import { computeJob, computeUnit, optimizerOf, unitSetting, variantIndexOf, type StudyUnit, type UnitResult } from '../study/units';
import { studyTheory, variantTheory, type StudyTheory } from '../study/theory';
import type { VariantValues } from '../params/study-variants';
import { CancelledError, type TaskContext } from './task';
import { GAMMA_LIMIT_VERSION } from '../theory/de-gamma-limit';
import type { TaskCurve, TaskOutput } from './registry';
import { spectrumSummary, type SpectrumSummary } from '../spectrum/summary';
import { studyHeadline } from '../study/fit-estimable';
import { unitCost as costOfUnit, unitEigenCost, unitGramCost, unitSpectralCost } from './cost-model';

export type { StudyUnit, UnitResult };

export interface StudyDrawInfo {
  draw: number;
  seed: number;
  gamma: number;
  gammaMax: number;
  sigma2: number;
  risk: number[];
}

export interface StudyCurve {
  /** index in params.variants */
  variant: number;
  tau: number;
  d: number;
  v: number;
  rmax: number;
  r: number[];
  /** mean over draws */
  risk: number[];
  draws: StudyDrawInfo[];
}

export interface StudyFrontierOut {
  variant: number;
  tau: number;
  C: number[];
  risk: number[];
  dStar: number[];
  crossovers: { C: number; dFrom: number; dTo: number; dMid: number; exact: boolean }[];
}

export interface StudyResult {
  params: StudySpec;
  /** DESIGN §6 fields first: fits[{tau, variant, s, eta, eta_ci, xi, xi_ci, window, …}] (one per variant), delta_eta, theory */
  fits: StudyFit[];
  /** per variant (aligned with fits): η(variant) − η(reference); the reference's is 0 */
  delta_eta: number[];
  /** per variant: paired-bootstrap interval of Δη ([0, 0] for the reference) */
  delta_eta_ci: [number, number][];
  /** per variant: Δη over the paired window scans and the interval covering it and delta_eta_ci (study/window-sensitivity.ts) */
  delta_eta_window_range: [number, number][];
  delta_eta_ci_combined: [number, number][];
  /** index of the reference variant */
  reference: number;
  /** theory for τ = 0 (phase, η, ξ, boundary); per variant in fits[i].theory */
  theory: StudyTheory;
  C_ref: number;
  curves: StudyCurve[];
  frontiers: StudyFrontierOut[];
  isoflop: { variant: number; tau: number; C: number[]; dOpt: number[]; riskOpt: number[] }[];
  timings: { totalMs: number; unitsMs: number; units: number };
  /** method de: version of the equivalent's γ_max rule (theory/de-gamma-limit.ts) */
  gammaLimit?: number;
  /** with a data spectrum: its identity and the power-law fit the theory row is evaluated at */
  spectrum?: SpectrumSummary;
}

/**
 * runs a list of jobs (each a list of units), calling onResult as each unit finishes (any order);
 * `onProgress(cost)` (optional) reports the cost done inside jobs not yet delivered (Σ over lanes of
 * the job's fraction done × Σ its units' cost; reset to 0 for a job before its units are delivered,
 * so the run's done cost plus this never counts a unit twice).
 */
export interface UnitExecutor {
  run(spec: StudySpec, jobs: StudyUnit[][], onResult: (r: UnitResult) => void, cancelled: () => boolean, onProgress?: (inJobCost: number) => void): Promise<void>;
}

/** Σ of the units' costs of a job (the progress weight of the whole job) */
export const jobCostOf = (job: StudyUnit[]): number => job.reduce((s, u) => s + u.cost, 0);

/** weight of a unit (compute/cost-model.ts: ≈ nanoseconds on one native lane) */
export const unitCost = (method: StudySpec['method'], d: number, v: number, checkpoints: number, rmax: number, runs: number, batch: number, optimizer?: OptimizerParams): number => costOfUnit(method, d, v, checkpoints, rmax, runs, batch, optimizer);

/** the independent units of a study, largest cost first */
export function planUnits(spec: StudySpec): StudyUnit[] {
  const units: StudyUnit[] = [];
  spec.variants.forEach((vr, vi) => {
    const s = vr.setting;
    const tauIndex = spec.tau.indexOf(vr.tau);
    s.dgrid.forEach((d, di) => {
      for (let k = 0; k < s.draws; k++) {
        const v = s.vgrid[di]!;
        const rmax = s.rmaxgrid[di]!;
        units.push({
          index: units.length,
          variant: vi,
          tauIndex,
          tau: vr.tau,
          dIndex: di,
          d,
          v,
          draw: k,
          rmax,
          cost: unitCost(s.method, d, v, s.checkpoints, rmax, s.runs, s.batch, optimizerOf(s)),
        });
      }
    });
  });
  return units.sort((a, b) => b.cost - a.cost || a.index - b.index);
}

/** the jobs of a study (see header), largest cost first */
export function planJobs(spec: StudySpec, units: StudyUnit[] = planUnits(spec)): StudyUnit[][] {
  const groups = new Map<string, StudyUnit[]>();
  const jobs: StudyUnit[][] = [];
  for (const u of units) {
    const s = unitSetting(spec, u);
    if (s.method === 'de') {
      jobs.push([u]);
      continue;
    }
    const k = `${s.spectrum?.hash ?? 'power-law'}/${s.alpha}/${s.beta}/${s.seed}/${u.v}/${u.d}/${u.draw}`;
    const g = groups.get(k) ?? [];
    g.push(u);
    groups.set(k, g);
  }
  for (const g of groups.values()) jobs.push(g.sort((a, b) => variantIndexOf(spec, a) - variantIndexOf(spec, b)));
  // shared work counted once: one Gram per job with ≥ 2 τ (exact), one eigendecomposition per τ
  const jobCost = (g: StudyUnit[]) => {
    if (g.length === 1) return g[0]!.cost;
    const { v, d } = g[0]!;
    const taus = new Set(g.map((u) => u.tau)).size;
    const eig = unitSpectralCost(v, d);
    const rank2 = taus >= 2 && g.every((u) => unitSetting(spec, u).method === 'exact');
    return g.reduce((s, u) => s + u.cost - eig, 0) + taus * unitEigenCost(d) + (rank2 ? 1 : taus) * unitGramCost(v, d);
  };
  return jobs.sort((a, b) => jobCost(b) - jobCost(a) || a[0]!.index - b[0]!.index);
}

/** give the host's event loop a turn (cancellation messages) where timers exist */
function yieldToHost(): Promise<void> {
  const st = (globalThis as { setTimeout?: (f: () => void, ms: number) => unknown }).setTimeout;
  return st ? new Promise((res) => void st(res, 0)) : Promise.resolve();
}

/** the inline executor: jobs one after the other in this thread (`compute` replaces the unit computation) */
export function inlineExecutor(backend: LinalgBackend, compute?: typeof computeUnit): UnitExecutor {
  return {
    async run(spec, jobs, onResult, cancelled, onProgress) {
      for (const job of jobs) {
        await yieldToHost();
        if (cancelled()) throw new CancelledError();
        const w = jobCostOf(job);
        const res = compute ? job.map((u) => compute(spec, u, backend)) : computeJob(spec, job, backend, cancelled, onProgress && ((f) => onProgress(f * w)));
        onProgress?.(0);
        for (const r of res) onResult(r);
      }
    },
  };
}

export interface RunStudyOptions {
  /** how units are executed (default: inline in this thread) */
  executor?: UnitExecutor;
  /** unit computation for the inline executor (tests inject synthetic curves) */
  compute?: typeof computeUnit;
  /** units finished by an interrupted attempt (ctx.resume parts, see unitFromPart) */
  resume?: UnitResult[];
}

const now = () => (globalThis as { performance?: { now(): number } }).performance?.now() ?? Date.now();

export async function runStudy(raw: StudySpec | StudySpecInput, backend: LinalgBackend, ctx: TaskContext, opts: RunStudyOptions = {}): Promise<StudyResult> {
  const spec = isResolved(raw) ? raw : validateStudySpec(raw);
  const t0 = now();
  const units = planUnits(spec);
  const total = units.reduce((s, u) => s + u.cost, 0);
  const key = (u: { variant?: number; tau: number; d: number }) => `${spec.variants[variantIndexOf(spec, u)]!.key}/d=${u.d}`;
  const expected = new Map<string, number>();
  for (const u of units) expected.set(key(u), (expected.get(key(u)) ?? 0) + 1);
  const byKey = new Map<string, UnitResult[]>();
  let done = 0;
  // progress: cost-weighted, monotone (never below what was shown), ≤ 0.97 until the analysis
  let inJob = 0;
  let shown = 0;
  let lastPhase = '';
  const report = (phase: string) => {
    const f = Math.min(0.97, Math.max(shown, (0.97 * (done + inJob)) / total));
    if (f === shown && phase === lastPhase) return;
    shown = f;
    lastPhase = phase;
    ctx.progress({ fraction: f, phase });
  };
  const finishedUnits = () => `${results.length} of ${units.length} units`;
  let unitsMs = 0;
  const results: UnitResult[] = [];
  ctx.progress({ fraction: 0, phase: `study: ${units.length} units (${spec.variants.length} variants × ${spec.dgrid.length} d × ${spec.draws} draws)` });
  const onResult = (r: UnitResult, resumed = false) => {
    // every finished unit is saved as it finishes: a re-run of an interrupted study resumes from it
    if (!resumed) ctx.partial?.(unitKey(spec.variants[variantIndexOf(spec, r)]!.key, r.d, r.draw), unitToPart(r));
    results.push(r);
    unitsMs += r.ms;
    const u = units.find((x) => x.index === r.index)!;
    done += u.cost;
    const k = key(r);
    const list = byKey.get(k) ?? [];
    list.push(r);
    byKey.set(k, list);
    const vr = spec.variants[variantIndexOf(spec, r)]!;
    // counts, not indices: draws finish out of order on several lanes
    report(`${list.length} of ${expected.get(k)} draws finished: ${vr.label}, d=${r.d} (${finishedUnits()})`);
    if (list.length === expected.get(k)) ctx.partial?.(k, toCurve(spec, list));
  };
  // resume: units finished earlier (same params) are taken as they are, the rest is computed
  const resumed = new Set<number>();
  for (const r of opts.resume ?? []) {
    const vi = variantIndexOf(spec, r);
    const u = units.find((x) => variantIndexOf(spec, x) === vi && x.d === r.d && x.draw === r.draw);
    if (!u || resumed.has(u.index) || r.r.length !== r.risk.length) continue;
    resumed.add(u.index);
    onResult({ ...r, index: u.index, ...(u.variant !== undefined ? { variant: u.variant } : {}) }, true);
  }
  const todo = units.filter((u) => !resumed.has(u.index));
  const executor = opts.executor ?? inlineExecutor(backend, opts.compute);
  const onProgress = (c: number) => {
    inJob = c;
    report(lastPhase || `computing (${finishedUnits()} finished)`);
  };
  if (todo.length) await executor.run(spec, planJobs(spec, todo), (r) => onResult(r), () => ctx.cancelled(), onProgress);
  if (ctx.cancelled()) throw new CancelledError();
  ctx.progress({ fraction: 0.98, phase: 'frontier, fits and bootstrap' });
  const out = assembleStudy(spec, results);
  out.timings = { totalMs: now() - t0, unitsMs, units: units.length };
  ctx.progress({ fraction: 1, phase: 'done' });
  return out;
}


/** partial-result key of one finished unit: its variant's key (a number: the τ of a τ study) */
export const unitKey = (variant: string | number, d: number, draw: number) => `unit/${typeof variant === 'number' ? `tau=${variant}` : variant}/d=${d}/draw=${draw}`;

/** a unit result as stored JSON (typed arrays as arrays) */
export function unitToPart(r: UnitResult): Record<string, unknown> {
  return { ...r, r: Array.from(r.r), risk: Array.from(r.risk), ...(r.runCurves ? { runCurves: r.runCurves.map((c) => Array.from(c)) } : {}) };
}

/** a stored unit part back to a UnitResult, or null when it is not one */
export function unitFromPart(v: unknown): UnitResult | null {
  if (typeof v !== 'object' || v === null) return null;
  const o = v as Record<string, unknown>;
  const nums = (x: unknown) => Array.isArray(x) && x.every((y) => typeof y === 'number');
  if (!['tau', 'd', 'draw', 'seed', 'gamma', 'gammaMax', 'sigma2'].every((k) => typeof o[k] === 'number') || !nums(o.r) || !nums(o.risk)) return null;
  return {
    index: -1,
    ...(typeof o.variant === 'number' ? { variant: o.variant } : {}),
    tau: o.tau as number,
    d: o.d as number,
    draw: o.draw as number,
    seed: o.seed as number,
    gamma: o.gamma as number,
    gammaMax: o.gammaMax as number,
    sigma2: o.sigma2 as number,
    r: Float64Array.from(o.r as number[]),
    risk: Float64Array.from(o.risk as number[]),
    ms: typeof o.ms === 'number' ? o.ms : 0,
    ...(typeof o.divergedRuns === 'number' ? { divergedRuns: o.divergedRuns } : {}),
    ...(Array.isArray(o.runCurves) ? { runCurves: (o.runCurves as number[][]).map((c) => Float64Array.from(c)) } : {}),
  };
}

function isResolved(x: unknown): x is StudySpec {
  return typeof x === 'object' && x !== null && Array.isArray((x as StudySpec).vgrid) && Array.isArray((x as StudySpec).rmaxgrid) && Array.isArray((x as StudySpec).variants);
}

function toCurve(spec: StudySpec, list: UnitResult[]): StudyCurve {
  const sorted = [...list].sort((a, b) => a.draw - b.draw);
  const first = sorted[0]!;
  const n = first.risk.length;
  const mean = new Array<number>(n).fill(0);
  for (const u of sorted) for (let i = 0; i < n; i++) mean[i]! += u.risk[i]! / sorted.length;
  const vi = variantIndexOf(spec, first);
  const s = spec.variants[vi]!.setting;
  const di = s.dgrid.indexOf(first.d);
  return {
    variant: vi,
    tau: first.tau,
    d: first.d,
    v: s.vgrid[di]!,
    rmax: s.rmaxgrid[di]!,
    r: Array.from(first.r),
    risk: mean,
    draws: sorted.map((u) => ({ draw: u.draw, seed: u.seed, gamma: u.gamma, gammaMax: u.gammaMax, sigma2: u.sigma2, risk: Array.from(u.risk) })),
  };
}

/** the τ = 0 theory row; for a data spectrum at its fitted (α, β) — a NaN row outside the phase diagram */
function theoryOf(spec: StudySpec): StudyTheory {
  if (!spec.spectrum) return studyTheory(spec.alpha, spec.beta);
  try {
    return studyTheory(spec.alpha, spec.beta);
  } catch {
    return { tau: 0, phase: 'outside', boundary: [], eta: NaN, xi: NaN };
  }
}

/**
 * A wsd/cosine variant decays once per size, at that size's own rmax_d, while the frontier takes every
 * checkpoint of every size: its points in the fit window before a decay are constant-step points. A
 * frontier of WSD proper joins the ends of runs of different lengths (one run per budget), which a study
 * with one run per size does not make; the warning says how much of the window lies in a decay.
 */
export function decayFrontierWarning(s: StudySetting, f: Frontier, window: [number, number]): string | null {
  if (decayWindowStart(s, 1) === null) return null;
  let n = 0;
  let inDecay = 0;
  for (let k = 0; k < f.C.length; k++) {
    const C = f.C[k]!;
    if (C < window[0] || C > window[1]) continue;
    const d = f.dgrid[f.winner[k]!]!;
    n++;
    if (C / (s.batch * d) >= decayWindowStart(s, s.rmaxgrid[s.dgrid.indexOf(d)]!)!) inDecay++;
  }
  if (!n) return null;
  const pct = Math.round((100 * inDecay) / n);
  return `${s.lrSchedule}: ${pct} % of the frontier points in the window lie in a decay (each size decays once, at its own rmax); the rest are constant-step points — a ${s.lrSchedule} frontier proper joins the ends of runs of different lengths`;
}

/** frontier, fits and comparison from finished units (pure; also used on stored partial results) */
export function assembleStudy(spec: StudySpec, results: UnitResult[]): StudyResult {
  const curves: StudyCurve[] = [];
  const groups: VariantGroup[] = spec.variants.map((vr, vi) => {
    const sizes = vr.setting.dgrid
      .map((d) => {
        const list = results.filter((u) => u.d === d && variantIndexOf(spec, u) === vi);
        if (list.length === 0) return null;
        const c = toCurve(spec, list);
        curves.push(c);
        // bootstrap replicates: the draws, or the SGD runs of a single draw
        const runs = list.length === 1 ? list[0]!.runCurves : undefined;
        return { d, r: c.r, draws: runs && runs.length >= 2 ? runs : c.draws.map((x) => x.risk) };
      })
      .filter((x): x is NonNullable<typeof x> => x !== null);
    return { tau: vr.tau, variant: vr.values, label: vr.label, batch: vr.setting.batch, ...(vr.setting.spectrum ? { spectrumId: vr.setting.spectrum.hash } : {}), sizes };
  });
  const a = analyzeStudy(groups, {
    batch: spec.batch,
    window: spec.window,
    bootstrap: spec.bootstrap,
    level: spec.level,
    seed: spec.seed,
    perDecade: spec.perDecade,
    isoflopPoints: spec.isoflopPoints,
    reference: spec.reference,
  });
  a.fits.forEach((f, i) => {
    const s = spec.variants[i]!.setting;
    if (s.method === 'sgd' && s.draws === 1 && f.ci_method === 'draws') f.ci_method = 'runs';
    f.theory = variantTheory(s, f.tau);
    const w = decayFrontierWarning(s, a.perVariant[i]!.frontier, f.window);
    if (w) f.warnings.push(w);
  });
  return {
    params: spec,
    fits: a.fits,
    delta_eta: a.delta_eta,
    delta_eta_ci: a.delta_eta_ci,
    delta_eta_window_range: a.delta_eta_window_range,
    delta_eta_ci_combined: a.delta_eta_ci_combined,
    reference: spec.reference,
    theory: theoryOf(spec),
    ...(spec.spectrum ? { spectrum: spectrumSummary(spec.spectrum, spec.vgrid[0]!) } : {}),
    C_ref: a.C_ref,
    curves,
    frontiers: a.perVariant.map((t, vi) => ({
      variant: vi,
      tau: t.tau,
      C: Array.from(t.frontier.C),
      risk: Array.from(t.frontier.risk),
      dStar: Array.from(t.frontier.dStar),
      crossovers: t.frontier.crossovers.map((x) => ({ C: x.C, dFrom: t.frontier.dgrid[x.from]!, dTo: t.frontier.dgrid[x.to]!, dMid: x.dMid, exact: x.exact })),
    })),
    isoflop: a.perVariant.map((t, vi) => ({ variant: vi, tau: t.tau, C: Array.from(t.isoflop.C), dOpt: Array.from(t.isoflop.dOpt), riskOpt: Array.from(t.isoflop.riskOpt) })),
    timings: { totalMs: 0, unitsMs: 0, units: results.length },
    ...(spec.method === 'de' || spec.variants.some((v) => v.setting.method === 'de') ? { gammaLimit: GAMMA_LIMIT_VERSION } : {}),
  };
}

/** the Δη reported as a run's headline: the last variant that is not the reference (NaN with one variant) */
export function headlineDeltaEta(res: Pick<StudyResult, 'delta_eta' | 'reference'>): number {
  for (let i = res.delta_eta.length - 1; i >= 0; i--) if (i !== res.reference) return res.delta_eta[i]!;
  return NaN;
}

/** stored-curve meta of a variant: its index and values (numbers and strings, flattened as variant.KEY) */
export function variantMeta(spec: StudySpec, vi: number): Record<string, number | string> {
  const vr = spec.variants[vi];
  const out: Record<string, number | string> = { variant: vi };
  if (!vr) return out;
  out.variantLabel = vr.label;
  for (const [k, v] of Object.entries(vr.values as VariantValues)) out[`variant.${k}`] = v;
  return out;
}

/** key prefix of a variant's stored curves: "tau=c" as before variants when only τ varies */
export function variantCurveKey(spec: StudySpec, vi: number, tau: number): string {
  return spec.variants[vi]?.key ?? `tau=${tau}`;
}

/**
 * The study as a stored run (compute/registry.ts TaskOutput): the §6 JSON document without its
 * large arrays in `summary`; curves with roles 'risk' (mean over draws, per τ and d), 'risk-draw'
 * (one per draw), 'frontier' (C, risk, dstar per τ) and 'isoflop' (C, dopt, risk per τ).
 */
export function studyTaskOutput(res: StudyResult): TaskOutput {
  const p = res.params;
  const curves: TaskCurve[] = [];
  for (const c of res.curves) {
    const s = p.variants[c.variant]?.setting ?? p;
    const meta = { d: c.d, tau: c.tau, v: c.v, method: s.method, batch: s.batch, ...variantMeta(p, c.variant) };
    const vk = variantCurveKey(p, c.variant, c.tau);
    curves.push({ key: `risk/${vk}/d=${c.d}`, meta: { role: 'risk', ...meta }, columns: { r: c.r, risk: c.risk } });
    for (const dr of c.draws) {
      curves.push({
        key: `risk-draw/${vk}/d=${c.d}/draw=${dr.draw}`,
        meta: { role: 'risk-draw', ...meta, draw: dr.draw, seed: dr.seed, gamma: dr.gamma, gammaMax: dr.gammaMax, sigma2: dr.sigma2 },
        columns: { r: c.r, risk: dr.risk },
      });
    }
  }
  for (const f of res.frontiers)
    curves.push({
      key: `frontier/${variantCurveKey(p, f.variant, f.tau)}`,
      meta: { role: 'frontier', tau: f.tau, batch: p.variants[f.variant]?.setting.batch ?? p.batch, ...variantMeta(p, f.variant) },
      columns: { C: f.C, risk: f.risk, dstar: f.dStar },
    });
  for (const f of res.isoflop) curves.push({ key: `isoflop/${variantCurveKey(p, f.variant, f.tau)}`, meta: { role: 'isoflop', tau: f.tau, ...variantMeta(p, f.variant) }, columns: { C: f.C, dopt: f.dOpt, risk: f.riskOpt } });
  return {
    summary: {
      fits: res.fits,
      delta_eta: res.delta_eta,
      theory: res.theory,
      delta_eta_ci: res.delta_eta_ci,
      delta_eta_window_range: res.delta_eta_window_range,
      delta_eta_ci_combined: res.delta_eta_ci_combined,
      reference: res.reference,
      C_ref: res.C_ref,
      params: res.params,
      crossovers: res.frontiers.map((f) => ({ variant: f.variant, tau: f.tau, crossovers: f.crossovers })),
      timings: res.timings,
      ...(res.gammaLimit !== undefined ? { gammaLimit: res.gammaLimit } : {}),
      ...(res.spectrum ? { spectrum: res.spectrum } : {}),
    },
    curves,
    headline: studyHeadline(res.fits, res.reference, res.delta_eta),
  };
}
