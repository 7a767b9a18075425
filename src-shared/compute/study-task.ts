// The compute-optimal study task (DESIGN.md §4, `plrf study` §6): risk curves for every
// (τ, d, draw), the frontier per τ, fits with intervals, IsoFLOP, and the τ comparison.
//
// Work is split into independent units (τ, d, draw) — `planUnits` — each producing one risk
// curve on the checkpoints of its size (logCheckpoints(rmax_d, checkpoints), shared by all draws
// and τ of that size). Units are executed in jobs (`planJobs`): one unit per job, except for the
// exact method where the τ values of one (d, draw) share their draw of Z and its Gram matrix
// (study/units.ts computeJob: a rank-2 update per τ instead of a new v·d² product). Jobs are
// ordered largest cost first (cost ∝ v·d² + d³ for exact/sgd) so that an executor spreading them
// over workers balances well (LPT). The default executor runs them inline; src-main/study/
// provides a worker-thread executor for the Node side (both cores).
//
// Progress: after every finished unit (fraction weighted by cost); `ctx.partial("tau=c/d=D", …)`
// as soon as all draws of a (τ, d) are done; cancellation polled between units (CancelledError).
// Draw k of size d uses the problem stream (seed, k): the same Z for every τ (paired comparison).
import type { LinalgBackend } from '../linalg/backend';
import { validateStudySpec, type StudySpec, type StudySpecInput } from '../params/study-params';
import { analyzeStudy, type StudyFit, type TauGroup } from '../study/analyze';
import { computeJob, computeUnit, type StudyUnit, type UnitResult } from '../study/units';
import { studyTheory, type StudyTheory } from '../study/theory';
import { CancelledError, type TaskContext } from './task';
import type { TaskCurve, TaskOutput } from './registry';
import { spectrumSummary, type SpectrumSummary } from '../spectrum/summary';

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
  tau: number;
  C: number[];
  risk: number[];
  dStar: number[];
  crossovers: { C: number; dFrom: number; dTo: number; dMid: number; exact: boolean }[];
}

export interface StudyResult {
  params: StudySpec;
  /** DESIGN §6 fields first: fits[{tau, s, eta, eta_ci, xi, xi_ci, window, …}], delta_eta, theory */
  fits: StudyFit[];
  /** η(τ_last) − η(τ_first); NaN with a single τ */
  delta_eta: number;
  delta_eta_ci: [number, number];
  /** theory for τ = 0 (phase, η, ξ, boundary) */
  theory: StudyTheory;
  C_ref: number;
  curves: StudyCurve[];
  frontiers: StudyFrontierOut[];
  isoflop: { tau: number; C: number[]; dOpt: number[]; riskOpt: number[] }[];
  timings: { totalMs: number; unitsMs: number; units: number };
  /** with a data spectrum: its identity and the power-law fit the theory row is evaluated at */
  spectrum?: SpectrumSummary;
}

/** runs a list of jobs (each a list of units), calling onResult as each unit finishes (any order) */
export interface UnitExecutor {
  run(spec: StudySpec, jobs: StudyUnit[][], onResult: (r: UnitResult) => void, cancelled: () => boolean): Promise<void>;
}

export function unitCost(method: StudySpec['method'], d: number, v: number, checkpoints: number, rmax: number, runs: number, batch: number): number {
  if (method === 'de') return d * 200 + v; // deterministic equivalent: grid work, roughly linear in d
  const eig = v * d * d + 4 * d * d * d; // Gram + eigen
  const curve = method === 'sgd' ? rmax * batch * d * runs : d * d + d * checkpoints;
  return eig + curve;
}

/** the independent units of a study, largest cost first */
export function planUnits(spec: StudySpec): StudyUnit[] {
  const units: StudyUnit[] = [];
  spec.tau.forEach((tau, ti) => {
    spec.dgrid.forEach((d, di) => {
      for (let k = 0; k < spec.draws; k++) {
        const v = spec.vgrid[di]!;
        const rmax = spec.rmaxgrid[di]!;
        units.push({
          index: units.length,
          tauIndex: ti,
          tau,
          dIndex: di,
          d,
          v,
          draw: k,
          rmax,
          cost: unitCost(spec.method, d, v, spec.checkpoints, rmax, spec.runs, spec.batch),
        });
      }
    });
  });
  return units.sort((a, b) => b.cost - a.cost || a.index - b.index);
}

/** the jobs of a study (see header), largest cost first */
export function planJobs(spec: StudySpec, units: StudyUnit[] = planUnits(spec)): StudyUnit[][] {
  if (spec.method !== 'exact' || spec.tau.length < 2) return units.map((u) => [u]);
  const groups = new Map<string, StudyUnit[]>();
  for (const u of units) {
    const k = `${u.d}/${u.draw}`;
    const g = groups.get(k) ?? [];
    g.push(u);
    groups.set(k, g);
  }
  const jobCost = (g: StudyUnit[]) => g.reduce((s, u) => s + u.cost, 0) - (g.length - 1) * g[0]!.v * g[0]!.d * g[0]!.d;
  return [...groups.values()].map((g) => g.sort((a, b) => a.tauIndex - b.tauIndex)).sort((a, b) => jobCost(b) - jobCost(a) || a[0]!.index - b[0]!.index);
}

/** give the host's event loop a turn (cancellation messages) where timers exist */
function yieldToHost(): Promise<void> {
  const st = (globalThis as { setTimeout?: (f: () => void, ms: number) => unknown }).setTimeout;
  return st ? new Promise((res) => void st(res, 0)) : Promise.resolve();
}

/** the inline executor: jobs one after the other in this thread (`compute` replaces the unit computation) */
export function inlineExecutor(backend: LinalgBackend, compute?: typeof computeUnit): UnitExecutor {
  return {
    async run(spec, jobs, onResult, cancelled) {
      for (const job of jobs) {
        await yieldToHost();
        if (cancelled()) throw new CancelledError();
        const res = compute ? job.map((u) => compute(spec, u, backend)) : computeJob(spec, job, backend, cancelled);
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
}

const now = () => (globalThis as { performance?: { now(): number } }).performance?.now() ?? Date.now();

export async function runStudy(raw: StudySpec | StudySpecInput, backend: LinalgBackend, ctx: TaskContext, opts: RunStudyOptions = {}): Promise<StudyResult> {
  const spec = isResolved(raw) ? raw : validateStudySpec(raw);
  const t0 = now();
  const units = planUnits(spec);
  const total = units.reduce((s, u) => s + u.cost, 0);
  const expected = new Map<string, number>();
  for (const u of units) expected.set(key(u.tau, u.d), (expected.get(key(u.tau, u.d)) ?? 0) + 1);
  const byKey = new Map<string, UnitResult[]>();
  let done = 0;
  let unitsMs = 0;
  const results: UnitResult[] = [];
  ctx.progress({ fraction: 0, phase: `study: ${units.length} units (${spec.tau.length} τ × ${spec.dgrid.length} d × ${spec.draws} draws)` });
  const onResult = (r: UnitResult) => {
    results.push(r);
    unitsMs += r.ms;
    const u = units.find((x) => x.index === r.index)!;
    done += u.cost;
    const k = key(r.tau, r.d);
    const list = byKey.get(k) ?? [];
    list.push(r);
    byKey.set(k, list);
    ctx.progress({ fraction: Math.min(0.99, (0.97 * done) / total), phase: `τ=${fmtTau(r.tau)} d=${r.d} draw ${r.draw + 1}/${spec.draws} done` });
    if (list.length === expected.get(k)) ctx.partial?.(`tau=${r.tau}/d=${r.d}`, toCurve(spec, list));
  };
  const executor = opts.executor ?? inlineExecutor(backend, opts.compute);
  await executor.run(spec, planJobs(spec, units), onResult, () => ctx.cancelled());
  if (ctx.cancelled()) throw new CancelledError();
  ctx.progress({ fraction: 0.98, phase: 'frontier, fits and bootstrap' });
  const out = assembleStudy(spec, results);
  out.timings = { totalMs: now() - t0, unitsMs, units: units.length };
  ctx.progress({ fraction: 1, phase: 'done' });
  return out;
}

const key = (tau: number, d: number) => `${tau}/${d}`;
const fmtTau = (c: number) => (c === 0 ? '0' : c === 1 ? '1/√d' : `${Number.isInteger(c) ? c : c.toPrecision(3)}/√d`);

function isResolved(x: unknown): x is StudySpec {
  return typeof x === 'object' && x !== null && Array.isArray((x as StudySpec).vgrid) && Array.isArray((x as StudySpec).rmaxgrid);
}

function toCurve(spec: StudySpec, list: UnitResult[]): StudyCurve {
  const sorted = [...list].sort((a, b) => a.draw - b.draw);
  const first = sorted[0]!;
  const n = first.risk.length;
  const mean = new Array<number>(n).fill(0);
  for (const u of sorted) for (let i = 0; i < n; i++) mean[i]! += u.risk[i]! / sorted.length;
  const di = spec.dgrid.indexOf(first.d);
  return {
    tau: first.tau,
    d: first.d,
    v: spec.vgrid[di]!,
    rmax: spec.rmaxgrid[di]!,
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

/** frontier, fits and comparison from finished units (pure; also used on stored partial results) */
export function assembleStudy(spec: StudySpec, results: UnitResult[]): StudyResult {
  const curves: StudyCurve[] = [];
  const groups: TauGroup[] = spec.tau.map((tau) => {
    const sizes = spec.dgrid
      .map((d) => {
        const list = results.filter((u) => u.tau === tau && u.d === d);
        if (list.length === 0) return null;
        const c = toCurve(spec, list);
        curves.push(c);
        // bootstrap replicates: the draws, or the SGD runs of a single draw
        const runs = list.length === 1 ? list[0]!.runCurves : undefined;
        return { d, r: c.r, draws: runs && runs.length >= 2 ? runs : c.draws.map((x) => x.risk) };
      })
      .filter((x): x is NonNullable<typeof x> => x !== null);
    return { tau, sizes };
  });
  const byRuns = spec.method === 'sgd' && spec.draws === 1;
  const a = analyzeStudy(groups, {
    batch: spec.batch,
    window: spec.window,
    bootstrap: spec.bootstrap,
    level: spec.level,
    seed: spec.seed,
    perDecade: spec.perDecade,
    isoflopPoints: spec.isoflopPoints,
  });
  if (byRuns) for (const f of a.fits) if (f.ci_method === 'draws') f.ci_method = 'runs';
  return {
    params: spec,
    fits: a.fits,
    delta_eta: a.delta_eta,
    delta_eta_ci: a.delta_eta_ci,
    theory: theoryOf(spec),
    ...(spec.spectrum ? { spectrum: spectrumSummary(spec.spectrum, spec.vgrid[0]!) } : {}),
    C_ref: a.C_ref,
    curves,
    frontiers: a.perTau.map((t) => ({
      tau: t.tau,
      C: Array.from(t.frontier.C),
      risk: Array.from(t.frontier.risk),
      dStar: Array.from(t.frontier.dStar),
      crossovers: t.frontier.crossovers.map((x) => ({ C: x.C, dFrom: t.frontier.dgrid[x.from]!, dTo: t.frontier.dgrid[x.to]!, dMid: x.dMid, exact: x.exact })),
    })),
    isoflop: a.perTau.map((t) => ({ tau: t.tau, C: Array.from(t.isoflop.C), dOpt: Array.from(t.isoflop.dOpt), riskOpt: Array.from(t.isoflop.riskOpt) })),
    timings: { totalMs: 0, unitsMs: 0, units: results.length },
  };
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
    const meta = { d: c.d, tau: c.tau, v: c.v, method: p.method, batch: p.batch };
    curves.push({ key: `risk/tau=${c.tau}/d=${c.d}`, meta: { role: 'risk', ...meta }, columns: { r: c.r, risk: c.risk } });
    for (const dr of c.draws) {
      curves.push({
        key: `risk-draw/tau=${c.tau}/d=${c.d}/draw=${dr.draw}`,
        meta: { role: 'risk-draw', ...meta, draw: dr.draw, seed: dr.seed, gamma: dr.gamma, gammaMax: dr.gammaMax, sigma2: dr.sigma2 },
        columns: { r: c.r, risk: dr.risk },
      });
    }
  }
  for (const f of res.frontiers) curves.push({ key: `frontier/tau=${f.tau}`, meta: { role: 'frontier', tau: f.tau, batch: p.batch }, columns: { C: f.C, risk: f.risk, dstar: f.dStar } });
  for (const f of res.isoflop) curves.push({ key: `isoflop/tau=${f.tau}`, meta: { role: 'isoflop', tau: f.tau }, columns: { C: f.C, dopt: f.dOpt, risk: f.riskOpt } });
  const ref = res.fits.find((f) => f.tau === 0) ?? res.fits[0];
  const finite = (x: number | undefined) => (x !== undefined && Number.isFinite(x) ? x : null);
  return {
    summary: {
      fits: res.fits,
      delta_eta: res.delta_eta,
      theory: res.theory,
      delta_eta_ci: res.delta_eta_ci,
      C_ref: res.C_ref,
      params: res.params,
      crossovers: res.frontiers.map((f) => ({ tau: f.tau, crossovers: f.crossovers })),
      timings: res.timings,
      ...(res.spectrum ? { spectrum: res.spectrum } : {}),
    },
    curves,
    headline: { eta: finite(ref?.eta), deltaEta: finite(res.delta_eta) },
  };
}
