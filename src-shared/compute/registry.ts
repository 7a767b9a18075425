// The single place mapping a run kind → its parameter validation, cost estimate and task
// (DESIGN §5; used by the API service for validation/estimates and by the worker entry to
// execute). A task returns a `TaskOutput`: the command's JSON document (DESIGN §6) with its
// large arrays moved into `curves` (typed arrays, stored as BLOBs), plus headline numbers for
// the runs table.
//
// Real kinds (sgd, volterra, spectrum, study) are registered at the end of this file (adapters over the
// engine, theory and study modules). Tests and plug-ins may `registerKind` more (the worker
// entry imports modules listed in PLRF_EXTRA_KINDS so both sides know them).
import type { CurveMeta, Estimate, RunHeadline } from '../api/types';
import { KIND_TITLES } from '../api/types';
import type { LinalgBackend } from '../linalg/backend';
import { ParamError, primaryIssue } from '../params/errors';
import type { TaskContext } from './task';
import { curveMemoryTerms, curveParamsSchema, dominantTerm, validateCurveParams, volterraParamsSchema, type CurveParams, type MemoryTerm } from '../params/model-params';
import { normalizeDgrid, studySpecSchema, validateStudySpec, type StudySpecInput } from '../params/study-params';
import { withSpectrumAxisDefaults } from '../params/spectrum-axis';
import { curveRunners, runCurve, type CurveResult } from './curve-task';
import { deCurve } from '../theory/de-curve';
import { runSpectrum, validateSpectrumParams, type SpectrumParams } from './spectrum-task';
import { z } from 'zod';
import { planJobs, runStudy, unitFromPart, variantCurveKey, variantMeta, type StudyResult, type UnitExecutor } from './study-task';
import { resolveSpectrumParams } from '../spectrum/resolve';
import { studySchedules } from '../study/schedules';
import { dataSpectrumSchema } from '../spectrum/source';
import { studyHeadline } from '../study/fit-estimable';
import { optimizerOf, unitSetting, type StudyUnit } from '../study/units';
import type { StudySpec } from '../params/study-params';
import { RUN_OVERHEAD_S, analysisSeconds, deSeconds, exactCurveSeconds, drawSeconds, eigenSeconds, estimateMachine, gramSeconds, parallelSeconds, sgdSeconds, spectralSeconds } from './cost-model';

export interface TaskCurve {
  key: string;
  meta: CurveMeta;
  /** equal-length columns, e.g. { r, risk, q05, q95 } */
  columns: Record<string, Float64Array | number[]>;
}

export interface TaskOutput {
  summary: Record<string, unknown>;
  curves: TaskCurve[];
  headline?: Partial<RunHeadline>;
}

export interface TaskEnv {
  backend: LinalgBackend;
  /** Node side: a multi-core executor for study units (src-main/study/pool.ts) */
  studyExecutor?: () => UnitExecutor;
}

export interface KindSpec<P extends Record<string, unknown> = Record<string, unknown>> {
  kind: string;
  title: string;
  description: string;
  /** the zod object schema of the params (forms, CLI flags); validate() may add cross-field rules */
  schema?: { shape: Record<string, unknown> };
  /** check ranges and apply defaults; throw ParamError(field, allowed range) before any work */
  validate(raw: unknown): P;
  /** base seed recorded with the run (null for deterministic kinds) */
  seedOf(params: P): number | null;
  estimate(params: P): Estimate;
  run(params: P, env: TaskEnv, ctx: TaskContext): Promise<TaskOutput>;
}

const kinds = new Map<string, KindSpec>();

export function registerKind<P extends Record<string, unknown>>(spec: KindSpec<P>): void {
  kinds.set(spec.kind, spec as unknown as KindSpec);
}

export function listKinds(): KindSpec[] {
  return [...kinds.values()];
}

export function hasKind(kind: string): boolean {
  return kinds.has(kind);
}

export function getKind(kind: string): KindSpec {
  const k = kinds.get(kind);
  if (!k) throw new ParamError('kind', `unknown run kind "${kind.slice(0, 40)}" (allowed: ${[...kinds.keys()].join(', ')})`);
  return k;
}

/** validate params of a kind (ParamError naming the field on bad input) */
export function validateKindParams(kind: string, raw: unknown): Record<string, unknown> {
  return getKind(kind).validate(raw);
}

/** convert Float64Array columns to plain arrays (for JSON) */
export function toPlainColumns(c: TaskCurve['columns']): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const [k, v] of Object.entries(c)) out[k] = Array.from(v);
  return out;
}

// ---------------------------------------------------------------------------------------------
// The real kinds: adapters over the engine (curve-task), theory (de curves, spectra) and study
// modules. Stored params are the schema's output form (defaults applied, still valid input for
// the schema, so a re-run validates again); resolved values (gamma, vgrid, …) are in the
// result's summary.params.

/** one draw's spectral problem (compute/cost-model.ts, calibrated on measured unit costs) */
function exactDrawSeconds(v: number, d: number): number {
  return spectralSeconds(v, d);
}


function curveSummaryAndCurves(res: CurveResult, kindMethod: string): TaskOutput {
  const p = res.params;
  const meta = { role: 'risk', d: p.d, tau: p.tau, batch: p.batch, method: kindMethod, seed: p.seed };
  const columns: Record<string, number[]> = { r: res.r, risk: res.risk };
  if (res.stderr) columns.stderr = res.stderr;
  if (res.quantiles) Object.assign(columns, res.quantiles);
  const curves: TaskCurve[] = [{ key: 'mean', meta, columns }];
  for (const dr of res.draws) {
    if (dr.risk && res.draws.length > 1) curves.push({ key: `draw=${dr.draw}`, meta: { ...meta, role: 'risk-draw', draw: dr.draw, seed: dr.seed }, columns: { r: res.r, risk: dr.risk } });
  }
  const { r: _r, risk: _risk, stderr: _se, quantiles: _q, draws, ...rest } = res;
  void _r;
  void _risk;
  void _se;
  void _q;
  const summary: Record<string, unknown> = { ...rest, draws: draws.map(({ risk: _dr, ...d }) => (void _dr, d)) };
  return {
    summary,
    curves,
    headline: { finalRisk: res.risk.length ? res.risk[res.risk.length - 1]! : null, F0: res.sigma2 ?? null },
  };
}

/** bytes, driving parameter and its description from memory terms */
function memoryOf(terms: MemoryTerm[]): Pick<Estimate, 'bytes' | 'memoryParam' | 'memoryDetail'> {
  const top = dominantTerm(terms);
  return { bytes: 8 * terms.reduce((s, t) => s + t.doubles, 0), memoryParam: top.param, memoryDetail: top.what };
}

function curveEstimate(p: CurveParams): Estimate {
  const mem = memoryOf(curveMemoryTerms(p));
  let timeParam = 'd';
  let seconds: number;
  let detail: string;
  if (p.method === 'de') {
    seconds = deSeconds(p.v);
    detail = 'deterministic equivalent: one discretised measure and a closed-form curve';
  } else {
    seconds = p.draws * exactDrawSeconds(p.v, p.d);
    detail = `${p.draws} draw(s) × (W̃: v·d, K = W̃ᵀDW̃: v·d², eigen: d³)`;
    timeParam = p.draws > 1 ? 'draws' : p.v > 3 * p.d ? 'v' : 'd';
    if (p.method === 'exact') seconds += p.draws * exactCurveSeconds(p.d, p.checkpoints, p.rmax, p);
    if (p.method === 'sgd') {
      // rotated SGD: O(B·d) per step; the naive reference O(B·v·d)
      const upd = p.draws * p.runs * p.rmax * p.batch * p.d * (p.naive ? p.v : 1);
      const sgd = sgdSeconds(p.draws * p.runs * p.rmax, p.batch * p.d * (p.naive ? p.v : 1), p.naive);
      seconds += sgd;
      detail += ` + ${upd.toExponential(2)} SGD coordinate updates (draws·runs·rmax·batch·d${p.naive ? '·v' : ''})`;
      if (sgd > seconds / 2) {
        const f: [string, number][] = [['rmax', p.rmax / 1e4], ['runs', p.runs / 100], ['batch', p.batch], ['draws', p.draws]];
        timeParam = f.reduce((a, b) => (b[1] > a[1] ? b : a))[0];
      }
    }
  }
  const warnings = seconds > 600 ? ['this will take more than 10 minutes'] : [];
  return { seconds: RUN_OVERHEAD_S + seconds, ...mem, detail, warnings, timeParam: p.method === 'de' ? 'v' : timeParam };
}

/** seconds of one study job on one lane (study-task.ts planJobs: the units of one Z; cost-model.ts) */
function studyJobSeconds(spec: StudySpec, job: StudyUnit[]): number {
  const settings = job.map((u) => unitSetting(spec, u));
  if (settings.some((s) => s.method === 'de')) return job.reduce((a, u) => a + deSeconds(u.v), 0);
  const { v, d } = job[0]!;
  const taus = new Set(job.map((u) => u.tau)).size;
  const rank2 = taus >= 2 && settings.every((s) => s.method === 'exact');
  let t = rank2 ? drawSeconds(v, d) + gramSeconds(v, d) + taus * eigenSeconds(d) : taus * spectralSeconds(v, d);
  job.forEach((u, i) => {
    const s = settings[i]!;
    t += s.method === 'sgd' ? sgdSeconds(s.runs * u.rmax, s.batch * d) : exactCurveSeconds(d, s.checkpoints, u.rmax, optimizerOf(s));
  });
  return t;
}

registerKind<CurveParams>({
  kind: 'sgd',
  title: KIND_TITLES.sgd,
  schema: curveParamsSchema,
  description: 'Expected risk R(r) of one-pass SGD on drawn problems: closed form (exact) or simulated SGD (sgd), mean over draws and runs (plrf curve --method exact|sgd).',
  validate(raw) {
    const r = raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : raw;
    const p = validateCurveParams(r);
    if (p.method === 'de') throw new ParamError('method', 'must be exact or sgd for an sgd run (deterministic-equivalent curves are kind volterra)');
    return p;
  },
  seedOf: (p) => p.seed,
  estimate: curveEstimate,
  async run(p, env, ctx) {
    return curveSummaryAndCurves(runCurve(p, env.backend, ctx), p.method);
  },
});

registerKind<CurveParams>({
  kind: 'volterra',
  title: KIND_TITLES.volterra,
  schema: volterraParamsSchema,
  description: 'Deterministic-equivalent risk curve from the Volterra equation on the discretised spectral measures, no random draw (plrf curve --method de).',
  validate(raw) {
    const r = raw && typeof raw === 'object' && !Array.isArray(raw) ? { method: 'de', ...(raw as Record<string, unknown>) } : raw;
    const p = validateCurveParams(r);
    if (p.method !== 'de') throw new ParamError('method', 'must be de for a volterra run (exact and sgd curves are kind sgd)');
    return p;
  },
  seedOf: () => null,
  estimate: curveEstimate,
  async run(p, env, ctx) {
    // the engine's dispatch table gets a `de` entry from the theory engineer; until then (or
    // if it is absent) call the deterministic-equivalent curve directly
    if (curveRunners.de) return curveSummaryAndCurves(runCurve(p, env.backend, ctx), 'de');
    const res = deCurve(
      { alpha: p.alpha, beta: p.beta, v: p.v, d: p.d, tau: p.tau, gamma: p.gamma, gammaFraction: p.gammaFraction, batch: p.batch, rmax: p.rmax, checkpoints: p.checkpoints },
      ctx,
    );
    return {
      summary: {
        params: { ...p, gamma: res.gamma, gammaFraction: res.gammaFraction, gammaMax: res.gammaMax },
        sigma2: res.F0,
        F0: res.F0,
        riskInfinity: res.riskInfinity,
        measure: res.measure,
        gammaLimit: res.gammaLimit,
      },
      curves: [{ key: 'mean', meta: { role: 'risk', d: p.d, tau: p.tau, batch: p.batch, method: 'de' }, columns: { r: res.r, risk: res.risk } }],
      headline: { finalRisk: res.risk.length ? res.risk[res.risk.length - 1]! : null, F0: res.F0 },
    };
  },
});

registerKind<Record<string, unknown>>({
  kind: 'study',
  title: KIND_TITLES.study,
  schema: studySpecSchema,
  description: 'Risk curves over a grid of model sizes for each variant (τ, batch, step size, …), the compute-optimal frontier, fitted η and ξ with bootstrap intervals and Δη against a reference variant (plrf study).',
  validate(raw) {
    validateStudySpec(raw);
    const r = raw && typeof raw === 'object' && !Array.isArray(raw) ? withSpectrumAxisDefaults(resolveSpectrumParams(raw as Record<string, unknown>)) : raw;
    const parsed = studySpecSchema.parse(r) as Record<string, unknown>;
    // with variants the τ default depends on `vary` (params/study-params.ts): store τ only when given
    if (parsed.vary && (raw as Record<string, unknown>).tau === undefined) delete parsed.tau;
    // the d grid as the study uses it (sorted, repeats dropped; params/study-params.ts normalizeDgrid)
    const g = normalizeDgrid(parsed.dgrid as number[], parsed.rmax as number | number[] | undefined);
    parsed.dgrid = g.dgrid;
    if (g.rmax !== undefined) parsed.rmax = g.rmax;
    return parsed;
  },
  seedOf: (p) => (typeof p.seed === 'number' ? p.seed : null),
  estimate(p) {
    const spec = validateStudySpec(p);
    // wall time: the jobs on the machine's lanes (cost-model.ts parallelSeconds), then the analysis
    const jobs = planJobs(spec);
    const jobSeconds = jobs.map((j) => studyJobSeconds(spec, j));
    const sgdShare = jobs.reduce((a, j) => a + j.reduce((b, u) => (unitSetting(spec, u).method === 'sgd' ? b + sgdSeconds(unitSetting(spec, u).runs * u.rmax, unitSetting(spec, u).batch * u.d) : b), 0), 0);
    const unitsWall = parallelSeconds(jobSeconds);
    const overDraws = spec.variants.some(({ setting: vs }) => vs.method !== 'de' && (vs.draws > 1 || (vs.method === 'sgd' && vs.runs > 1)));
    const analysis = analysisSeconds(spec.bootstrap, spec.dgrid.length, spec.variants.length, overDraws);
    const seconds = unitsWall + analysis;
    const lanes = Math.min(estimateMachine().lanes, jobs.length);
    let units = 0;
    let points = 0;
    const s = spec;
    const vParam = s.v !== undefined ? 'v' : 'vRatio';
    // the largest unit (every unit is one curve task of the largest d) plus the stored curves
    let dmax = 0;
    let vmax = 0;
    let batchMax = 1;
    let runsMax = 1;
    let anySgd = false;
    let allDe = true;
    for (const { setting: vs } of spec.variants) {
      for (let i = 0; i < vs.dgrid.length; i++) {
        dmax = Math.max(dmax, vs.dgrid[i]!);
        vmax = Math.max(vmax, vs.vgrid[i]!);
        if (vs.method !== 'de') allDe = false;
        if (vs.method === 'sgd') anySgd = true;
      }
      batchMax = Math.max(batchMax, vs.batch);
      runsMax = Math.max(runsMax, vs.runs);
      const n = vs.dgrid.length * (vs.method === 'de' ? 1 : vs.draws);
      units += n;
      points += n * vs.checkpoints * (vs.draws + 2);
    }
    const totalJobs = jobSeconds.reduce((a, b) => a + b, 0);
    const terms: MemoryTerm[] = allDe
      ? [{ param: vParam, doubles: 8 * vmax, what: `discretised measure ~8·v = ${(8 * vmax).toExponential(2)} doubles` }]
      : [
          { param: vParam, doubles: vmax * dmax, what: `W̃ of the largest size has v·d = ${(vmax * dmax).toExponential(2)} doubles` },
          { param: 'dgrid', doubles: 3 * dmax * dmax, what: `the eigen-decomposition at d = ${dmax}: ~3·d² = ${(3 * dmax * dmax).toExponential(2)} doubles` },
        ];
    terms.push({ param: 'draws', doubles: points + 6e6, what: `stored curves units·checkpoints·(draws + 2) = ${points.toExponential(2)} doubles` });
    if (anySgd) {
      terms.push({ param: 'runs', doubles: runsMax * s.checkpoints, what: `per-run curves runs·checkpoints = ${(runsMax * s.checkpoints).toExponential(2)} doubles` });
      terms.push({ param: 'batch', doubles: batchMax * dmax, what: `the batch gradient batch·d = ${(batchMax * dmax).toExponential(2)} doubles` });
    }
    return {
      seconds: RUN_OVERHEAD_S + seconds,
      ...memoryOf(terms),
      detail: `${units} units (variants × d × draws) in ${jobs.length} jobs on ${lanes} lane(s), then the fits and ${spec.bootstrap} bootstrap replicates`,
      warnings: seconds > 600 ? ['this will take more than 10 minutes'] : [],
      timeParam: sgdShare > totalJobs / 2 ? (p.rmax !== undefined ? 'rmax' : 'rmaxFactor') : analysis > unitsWall ? 'bootstrap' : s.draws > 1 ? 'draws' : 'dgrid',
    };
  },
  async run(p, env, ctx) {
    const resume = (ctx.resume ?? []).map((x) => unitFromPart(x.value)).filter((u): u is NonNullable<typeof u> => u !== null);
    const res = await runStudy(p as StudySpecInput, env.backend, ctx, { ...(env.studyExecutor ? { executor: env.studyExecutor() } : {}), ...(resume.length ? { resume } : {}) });
    return studyOutput(res);
  },
});

function studyOutput(res: StudyResult): TaskOutput {
  const p = res.params;
  const curves: TaskCurve[] = [];
  // keys "tau=c/…" as before variants when only τ varies, else "<variant key>/…"; meta.variant = index
  for (const c of res.curves) {
    const meta = { role: 'risk', tau: c.tau, d: c.d, v: c.v, batch: p.variants[c.variant]?.setting.batch ?? p.batch, rmax: c.rmax, ...variantMeta(p, c.variant) };
    const vk = variantCurveKey(p, c.variant, c.tau);
    curves.push({ key: `${vk}/d=${c.d}`, meta, columns: { r: c.r, risk: c.risk } });
    for (const dr of c.draws.length > 1 ? c.draws : []) {
      curves.push({
        key: `${vk}/d=${c.d}/draw=${dr.draw}`,
        meta: { ...meta, role: 'risk-draw', draw: dr.draw, seed: dr.seed, gamma: dr.gamma, gammaMax: dr.gammaMax, sigma2: dr.sigma2 },
        columns: { r: c.r, risk: dr.risk },
      });
    }
  }
  const B = (vi: number) => p.variants[vi]?.setting.batch ?? p.batch;
  for (const f of res.frontiers) curves.push({ key: `${variantCurveKey(p, f.variant, f.tau)}/frontier`, meta: { role: 'frontier', tau: f.tau, batch: B(f.variant), ...variantMeta(p, f.variant) }, columns: { C: f.C, risk: f.risk, dstar: f.dStar } });
  for (const f of res.isoflop) curves.push({ key: `${variantCurveKey(p, f.variant, f.tau)}/isoflop`, meta: { role: 'isoflop', tau: f.tau, batch: B(f.variant), ...variantMeta(p, f.variant) }, columns: { C: f.C, dOpt: f.dOpt, riskOpt: f.riskOpt } });
  const schedules = studySchedules(res.params, res.curves);
  const summary: Record<string, unknown> = {
    params: res.params,
    ...(schedules.length ? { schedules } : {}),
    fits: res.fits,
    delta_eta: res.delta_eta,
    delta_eta_ci: res.delta_eta_ci,
    delta_eta_window_range: res.delta_eta_window_range,
    delta_eta_ci_combined: res.delta_eta_ci_combined,
    reference: res.reference,
    theory: res.theory,
    C_ref: res.C_ref,
    crossovers: res.frontiers.map((f) => ({ variant: f.variant, tau: f.tau, crossovers: f.crossovers })),
    timings: res.timings,
    ...(res.gammaLimit !== undefined ? { gammaLimit: res.gammaLimit } : {}),
    ...(res.spectrum ? { spectrum: res.spectrum } : {}),
  };
  return { summary, curves, headline: studyHeadline(res.fits, res.reference, res.delta_eta) };
}

/** spectrum params (`plrf spectrum`): shape and defaults here, ranges by validateSpectrumParams */
export const spectrumParamsSchema = z
  .object({
    method: z.enum(['de', 'empirical']).default('de').describe('de: deterministic equivalent; empirical: eigenvalue histogram over drawn problems'),
    alpha: z.number().describe('data exponent α > 0'),
    beta: z.number().describe('target exponent β (2α + 2β > 1)'),
    v: z.number().int().describe('latent dimension v'),
    d: z.number().int().describe('model size d < v'),
    tau: z.number().default(0).describe('spike strength c, τ = c/√d'),
    draws: z.number().int().default(10).describe('empirical: number of drawn problems'),
    seed: z.number().int().default(0).describe('empirical: random seed'),
    bins: z.number().int().default(60).describe('empirical: log-spaced histogram bins'),
    spectrum: dataSpectrumSchema.optional().describe('data spectrum (D_j, b_j) in place of alpha, beta (method empirical)'),
  })
  .strict();

function zodParamError(err: z.ZodError): ParamError {
  const issue = primaryIssue(err.issues);
  if (issue.code === 'unrecognized_keys') return new ParamError((issue as { keys: string[] }).keys[0]!, 'unknown parameter');
  return new ParamError(issue.path.map(String).join('.') || 'params', issue.message);
}

registerKind<Record<string, unknown>>({
  kind: 'spectrum',
  title: KIND_TITLES.spectrum,
  description: 'Eigenvalue density of K = W̃ᵀDW̃ (deterministic equivalent or empirical histogram), F₀ and the spiked outlier (plrf spectrum).',
  schema: spectrumParamsSchema,
  validate(raw) {
    const r = spectrumParamsSchema.safeParse(raw && typeof raw === 'object' && !Array.isArray(raw) ? resolveSpectrumParams(raw as Record<string, unknown>) : raw);
    if (!r.success) throw zodParamError(r.error);
    validateSpectrumParams(r.data);
    return r.data;
  },
  seedOf: (p) => (p.method === 'empirical' ? (p.seed as number) : null),
  estimate(p) {
    const s = validateSpectrumParams(p as unknown as SpectrumParams);
    if (s.method === 'de')
      return {
        seconds: RUN_OVERHEAD_S + deSeconds(s.v),
        ...memoryOf([{ param: 'v', doubles: 16 * s.v + 2.5e6, what: `the log grid ~16·v = ${(16 * s.v).toExponential(2)} doubles` }]),
        detail: 'deterministic equivalent on a log grid',
        warnings: [],
        timeParam: 'v',
      };
    // empirical: W̃ (v·d), K and its eigen-decomposition (~3·d²), the histogram (draws·d eigenvalues)
    const seconds = s.draws * exactDrawSeconds(s.v, s.d);
    return {
      seconds: RUN_OVERHEAD_S + seconds,
      ...memoryOf([
        { param: 'v', doubles: s.v * s.d, what: `W̃ has v·d = ${(s.v * s.d).toExponential(2)} doubles` },
        { param: 'd', doubles: 3 * s.d * s.d, what: `the eigen-decomposition ~3·d² = ${(3 * s.d * s.d).toExponential(2)} doubles` },
        { param: 'draws', doubles: s.draws * s.d, what: `eigenvalues of all draws draws·d = ${(s.draws * s.d).toExponential(2)} doubles` },
      ]),
      detail: `${s.draws} draw(s) × (K: v·d², eigen: d³)`,
      warnings: seconds > 600 ? ['this will take more than 10 minutes'] : [],
      timeParam: s.draws > 1 ? 'draws' : s.v > 3 * s.d ? 'v' : 'd',
    };
  },
  async run(p, env, ctx) {
    const res = runSpectrum(p as unknown as SpectrumParams, env.backend, ctx);
    const { lambda, density, forcingDensity, ...rest } = res;
    const columns: Record<string, number[]> = { lambda, density };
    if (forcingDensity && forcingDensity.length === lambda.length) columns.forcingDensity = forcingDensity;
    return {
      summary: rest as unknown as Record<string, unknown>,
      curves: [{ key: 'density', meta: { role: 'density', d: res.params.d, tau: res.params.tau, method: res.method }, columns }],
      headline: { F0: res.F0 },
    };
  },
});
