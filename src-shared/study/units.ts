// One unit of a study: the risk curve of one (variant, d, draw), by the variant's method.
//
// - exact: draw W̃ (problem stream (seed, draw), the same Z for every variant), reduce to the
//   spectral problem (λ, m0, σ²) with the linear-algebra backend, γ = gammaFraction·γ_max(λ, B),
//   and the closed-form expected risk (dynamics/closed-form.ts) at the checkpoints.
// - sgd: same problem; the mean of `runs` rotated-SGD runs (exact in law, dynamics/sgd-rotated.ts).
// - de: the deterministic-equivalent Volterra curve (theory/de-curve.ts); no draw.
// Each unit runs with its variant's setting (params/study-params.ts StudyVariant.setting).
// Jobs: the units of one (spectrum, α, β, v, d, draw) form one job (compute/study-task.ts planJobs): the
// spectral problem (Gram + eigendecomposition) is computed once per τ and shared by every variant
// with that τ (variants that differ only in dynamics keys — batch, γ fraction, method exact/sgd,
// runs, r range — cost one eigendecomposition). With ≥ 2 τ and the exact method throughout, Z is
// drawn once and its Gram matrix formed once: W̃ = Z + τ b 1ᵀ gives
//   K̃ = ZᵀDZ + τ(g₀1ᵀ + 1g₀ᵀ) + τ²‖a‖² 11ᵀ,   g̃ = W̃ᵀDb = g₀ + τ‖a‖² 1,   g₀ = ZᵀDb,
// (bᵀDb = ‖a‖²) — a rank-2 update instead of a second v·d² Gram product and v·d normals. The
// spectral reduction after it is the one of model/spectral-reduction.ts (same zero tolerance).
// (Otherwise each τ is reduced as by computeUnit, so an sgd τ study gives the numbers it gave
// before jobs were shared.)
// Checkpoints: logCheckpoints(rmax_d, checkpoints) of the variant (integers, 0 and rmax_d
// included; plus linear steps over a wsd/cosine decay, dynamics/checkpoints.ts scheduleCheckpoints), shared by all draws of a (variant, size) so that draws can be averaged and resampled
// point by point.
import { unitEigenCost, unitGramCost, unitSpectralCost } from '../compute/cost-model';
import type { LinalgBackend } from '../linalg/backend';
import type { StudySetting, StudySpec } from '../params/study-params';
import { scheduleCheckpoints } from '../dynamics/checkpoints';
import { measureFromProblem, type SpectralProblem } from '../dynamics/measure';
import { sgdRotated } from '../dynamics/sgd-rotated';
import { summarizeRuns } from '../dynamics/sgd-runs';
import { gammaMax } from '../dynamics/stability';
import { prepareClosedForm } from '../dynamics/closed-form';
import { makeProblem } from '../model/problem';
import { reduceProblem, spectralFromGram } from '../model/spectral-reduction';
import { deCurve } from '../theory/de-curve';
import { CancelledError } from '../compute/task';
import type { DiscreteMeasure } from '../dynamics/measure';
import { familyExactRisk, resolveFamily } from '../dynamics/family-resolve';
import { familyRotated } from '../dynamics/sgd-family';
import { coefsAt, isPlainSgd, type OptimizerParams } from '../params/optimizer-params';
import { OPTIMIZER_KEYS } from '../params/study-params';
import { deSpectrum } from '../theory/de-spectrum';
import { supportMeasure } from '../theory/de-support';

/** the optimizer keys given in the setting (none = plain SGD: today's code paths, unchanged) */
export function optimizerOf(spec: StudySetting): OptimizerParams {
  const o: Record<string, unknown> = {};
  for (const k of OPTIMIZER_KEYS) if (spec[k] !== undefined) o[k] = spec[k];
  return o as OptimizerParams;
}

/** one unit's curve for a family member other than plain SGD (exact moments or sampled runs) */
function familyUnitCurve(
  spec: StudySetting,
  unit: StudyUnit,
  m: DiscreteMeasure,
  weights: Float64Array | undefined,
  r: Float64Array,
  sp?: SpectralProblem,
): { gamma: number; gammaMax: number; risk: Float64Array; diverged: number; runCurves?: Float64Array[] } {
  const res = resolveFamily(
    [m],
    [weights],
    { ...optimizerOf(spec), gammaFraction: spec.gammaFraction },
    { alpha: spec.alpha, beta: spec.beta, v: unit.v, d: unit.d, tau: unit.tau, batch: spec.batch, rmax: unit.rmax },
    () => ` (τ = ${unit.tau}/√d, d = ${unit.d}, draw ${unit.draw})`,
  );
  if (spec.method !== 'sgd' || !sp) return { gamma: res.gamma, gammaMax: res.gammaMax, risk: familyExactRisk(m, spec.batch, res.o, r).risk, diverged: 0 };
  const runs = familyRotated(sp, { coefs: (t) => coefsAt(res.o, t), batch: spec.batch, runs: spec.runs, seed: spec.seed, draw: unit.draw }, Array.from(r));
  const sum = summarizeRuns([runs]);
  if (sum.used === 0) throw new Error(`study: all ${spec.runs} runs diverged at τ=${unit.tau}/√d, d=${unit.d}, draw ${unit.draw}`);
  const nc = r.length;
  const runCurves: Float64Array[] = [];
  for (let k = 0; k < runs.runs; k++) {
    const row = runs.curves.slice(k * nc, (k + 1) * nc);
    if (row.every(Number.isFinite)) runCurves.push(row);
  }
  return { gamma: res.gamma, gammaMax: res.gammaMax, risk: Float64Array.from(sum.mean), diverged: spec.runs - sum.used, runCurves };
}

export interface StudyUnit {
  /** position in the original (variant, d, draw) order */
  index: number;
  /** index in spec.variants (absent: the variant of its τ) */
  variant?: number;
  /** index of its τ in spec.tau */
  tauIndex: number;
  /** c in τ = c/√d */
  tau: number;
  dIndex: number;
  d: number;
  v: number;
  draw: number;
  rmax: number;
  /** relative cost estimate (for scheduling and progress) */
  cost: number;
}

export interface UnitResult {
  index: number;
  /** index in spec.variants (absent: the variant of its τ) */
  variant?: number;
  tau: number;
  d: number;
  draw: number;
  seed: number;
  gamma: number;
  gammaMax: number;
  /** irreducible risk σ² of the draw (F0 for de) */
  sigma2: number;
  r: Float64Array;
  risk: Float64Array;
  ms: number;
  /** sgd: runs left out of the mean because they diverged (DIVERGENCE_FACTOR) */
  divergedRuns?: number;
  /** sgd with a single draw: the curve of every (non-diverged) run — the bootstrap replicates */
  runCurves?: Float64Array[];
}

const now = () => (globalThis as { performance?: { now(): number } }).performance?.now() ?? Date.now();

/** the index of a unit's (or result's) variant: its own, else the first variant with its τ */
export function variantIndexOf(spec: StudySpec, u: { variant?: number; tau: number }): number {
  if (u.variant !== undefined) return u.variant;
  const i = spec.variants.findIndex((v) => v.tau === u.tau);
  return i < 0 ? 0 : i;
}

/** the complete setting a unit runs with (its variant's) */
export function unitSetting(spec: StudySpec, u: { variant?: number; tau: number }): StudySetting {
  return spec.variants[variantIndexOf(spec, u)]?.setting ?? spec;
}

export function unitCheckpoints(spec: StudySpec | StudySetting, unit: StudyUnit): Float64Array {
  return Float64Array.from(scheduleCheckpoints(unit.rmax, spec.checkpoints, optimizerOf(spec)));
}

export function computeUnit(study: StudySpec, unit: StudyUnit, backend: LinalgBackend): UnitResult {
  const t0 = now();
  const spec = unitSetting(study, unit);
  const base = { index: unit.index, variant: variantIndexOf(study, unit), tau: unit.tau, d: unit.d, draw: unit.draw, seed: spec.seed };
  if (spec.method === 'de' && !isPlainSgd(optimizerOf(spec))) {
    const spec0 = deSpectrum({ alpha: spec.alpha, beta: spec.beta, v: unit.v, d: unit.d, tau: unit.tau, ...(spec.spectrum ? { spectrum: spec.spectrum } : {}) });
    const m = supportMeasure(spec0); // the same support measure as the plain de curve (theory/de-support.ts)
    const r = unitCheckpoints(spec, unit);
    const f = familyUnitCurve(spec, unit, m, m.count, r);
    return { ...base, gamma: f.gamma, gammaMax: f.gammaMax, sigma2: spec0.F0, r, risk: f.risk, ms: now() - t0 };
  }
  if (spec.method === 'de') {
    const c = deCurve({
      alpha: spec.alpha,
      beta: spec.beta,
      v: unit.v,
      d: unit.d,
      tau: unit.tau,
      gammaFraction: spec.gammaFraction,
      batch: spec.batch,
      rmax: unit.rmax,
      checkpoints: spec.checkpoints,
      ...(spec.spectrum ? { spectrum: spec.spectrum } : {}),
    });
    return { ...base, gamma: c.gamma, gammaMax: c.gammaMax, sigma2: c.F0, r: Float64Array.from(c.r), risk: Float64Array.from(c.risk), ms: now() - t0 };
  }
  const problem = makeProblem({ alpha: spec.alpha, beta: spec.beta, v: unit.v, d: unit.d, tau: unit.tau, seed: spec.seed, draw: unit.draw, spectrum: spec.spectrum });
  const sp = reduceProblem(problem, backend);
  return { ...unitFromSpectral(spec, unit, sp, unitCheckpoints(spec, unit)), ...base, ms: now() - t0 };
}

/** the dynamics of one unit on its (shared) spectral problem: γ from γ_max, then the risk curve */
function unitFromSpectral(spec: StudySetting, unit: StudyUnit, sp: SpectralProblem, r: Float64Array, progress?: (f: number) => void): Omit<UnitResult, 'index' | 'variant' | 'tau' | 'd' | 'draw' | 'seed' | 'ms'> {
  if (!isPlainSgd(optimizerOf(spec))) {
    // the optimizer family (momentum, DANA, schedules): exact moments or sampled runs on this problem
    const f = familyUnitCurve(spec, unit, measureFromProblem(sp), undefined, r, sp);
    const rc = spec.draws === 1 && f.runCurves ? { runCurves: f.runCurves } : {};
    return { gamma: f.gamma, gammaMax: f.gammaMax, sigma2: sp.sigma2, r, risk: f.risk, ...(f.diverged ? { divergedRuns: f.diverged } : {}), ...rc };
  }
  const gmax = gammaMax(sp.lambda, spec.batch);
  const gamma = spec.gammaFraction * gmax;
  let risk: Float64Array;
  let diverged = 0;
  let runCurves: Float64Array[] | undefined;
  if (spec.method === 'exact') {
    risk = prepareClosedForm(measureFromProblem(sp), { gamma, batch: spec.batch }).risk(r);
  } else {
    const s = sgdMeanRisk(sp, spec, unit, gamma, r, progress);
    risk = s.risk;
    diverged = s.diverged;
    // per-run curves are kept only when they are the bootstrap replicates (a single draw)
    if (spec.draws === 1) runCurves = s.runCurves;
  }
  return { gamma, gammaMax: gmax, sigma2: sp.sigma2, r, risk, ...(diverged ? { divergedRuns: diverged } : {}), ...(runCurves ? { runCurves } : {}) };
}

function sgdMeanRisk(sp: SpectralProblem, spec: StudySetting, unit: StudyUnit, gamma: number, r: Float64Array, progress?: (f: number) => void): { risk: Float64Array; diverged: number; runCurves: Float64Array[] } {
  const res = sgdRotated(sp, { gamma, batch: spec.batch, runs: spec.runs, seed: spec.seed, draw: unit.draw, ...(progress ? { progress } : {}) }, Array.from(r));
  const sum = summarizeRuns([res]);
  if (sum.used === 0) throw new Error(`study: all ${spec.runs} SGD runs diverged at τ=${unit.tau}/√d, d=${unit.d}, draw ${unit.draw} (γ = ${gamma})`);
  const nc = r.length;
  const runCurves: Float64Array[] = [];
  for (let k = 0; k < res.runs; k++) {
    const row = res.curves.slice(k * nc, (k + 1) * nc);
    if (row.every(Number.isFinite)) runCurves.push(row);
  }
  return { risk: Float64Array.from(sum.mean), diverged: spec.runs - sum.used, runCurves };
}

/**
 * Steps of a job weighted by the cost model (compute/cost-model.ts unitCost): drawing W̃ and the Gram
 * product (once with the rank-2 path, else per τ), the eigendecomposition per τ, and each unit's
 * dynamics (its cost minus its spectral problem's). `onStep(f)` reports the fraction f ∈ [0, 1] of the job done after
 * each step (and from inside the SGD runs of a unit), so a host shows progress within a long job.
 */
export function jobSteps(units: StudyUnit[], rank2: boolean): { gram: number; eig: number; dyn: number[]; total: number } {
  const { v, d } = units[0]!;
  const taus = new Set(units.map((u) => u.tau)).size;
  const shared = unitSpectralCost(v, d);
  const gram = rank2 ? unitGramCost(v, d) : 0;
  const eig = rank2 ? unitEigenCost(d) : shared;
  const dyn = units.map((u) => Math.max(0, u.cost - shared));
  return { gram, eig, dyn, total: gram + taus * eig + dyn.reduce((a, b) => a + b, 0) };
}

/** the units of one job (see header): one spectral problem per τ, shared by the variants with that τ */
export function computeJob(study: StudySpec, units: StudyUnit[], backend: LinalgBackend, cancelled?: () => boolean, onStep?: (fraction: number) => void): UnitResult[] {
  const check = () => {
    if (cancelled?.()) throw new CancelledError();
  };
  const settings = units.map((u) => unitSetting(study, u));
  // deterministic-equivalent units one by one; a single unit of another method takes the general
  // path below (the same makeProblem → reduceProblem → dynamics as computeUnit, with steps)
  if (settings.some((s) => s.method === 'de')) {
    const total = units.reduce((a, u) => a + u.cost, 0) || 1;
    let acc = 0;
    return units.map((u) => {
      check();
      const r = computeUnit(study, u, backend);
      acc += u.cost;
      onStep?.(Math.min(1, acc / total));
      return r;
    });
  }
  const u0 = units[0]!;
  const s0 = settings[0]!;
  units.forEach((u, i) => {
    const s = settings[i]!;
    if (u.d !== u0.d || u.draw !== u0.draw || u.v !== u0.v || s.alpha !== s0.alpha || s.beta !== s0.beta || s.seed !== s0.seed || s.spectrum?.hash !== s0.spectrum?.hash)
      throw new Error('computeJob: units of one job must share the spectrum, α, β, seed, d, v and draw');
  });
  const { d, v } = u0;
  const taus = [...new Set(units.map((u) => u.tau))];
  const rank2 = taus.length >= 2 && settings.every((s) => s.method === 'exact');
  const w = jobSteps(units, rank2);
  let acc = 0;
  const step = (cost: number) => {
    acc += cost;
    onStep?.(Math.min(1, acc / (w.total || 1)));
  };
  const problems = new Map<number, { sp: SpectralProblem; ms: number; users: number }>();
  for (const tau of taus) problems.set(tau, { sp: undefined as unknown as SpectralProblem, ms: 0, users: units.filter((u) => u.tau === tau).length });
  if (rank2) {
    const t0 = now();
    const z = makeProblem({ alpha: s0.alpha, beta: s0.beta, v, d, tau: 0, seed: s0.seed, draw: u0.draw, spectrum: s0.spectrum });
    const K0 = backend.gram(z.W, z.D, v, d);
    const g0 = new Float64Array(d);
    let a2 = 0;
    for (let i = 0; i < v; i++) {
      const s = z.D[i]! * z.b[i]!;
      a2 += z.a[i]! * z.a[i]!;
      if (s === 0) continue;
      const row = i * d;
      for (let k = 0; k < d; k++) g0[k] = g0[k]! + z.W[row + k]! * s;
    }
    const shared = (now() - t0) / taus.length;
    step(w.gram);
    for (const tau of taus) {
      check();
      const t1 = now();
      const tv = tau / Math.sqrt(d);
      let K = K0;
      let g = g0;
      if (tv !== 0) {
        K = new Float64Array(K0);
        g = new Float64Array(d);
        const c2 = tv * tv * a2;
        for (let i = 0; i < d; i++) {
          g[i] = g0[i]! + tv * a2;
          const gi = tv * g0[i]! + c2;
          const row = i * d;
          for (let k = 0; k < d; k++) K[row + k] = K0[row + k]! + gi + tv * g0[k]!;
        }
      }
      const p = problems.get(tau)!;
      p.sp = spectralFromGram(K, g, a2, d, backend);
      p.ms = shared + now() - t1;
      step(w.eig);
    }
  } else {
    for (const tau of taus) {
      check();
      const t1 = now();
      const p = problems.get(tau)!;
      p.sp = reduceProblem(makeProblem({ alpha: s0.alpha, beta: s0.beta, v, d, tau, seed: s0.seed, draw: u0.draw, spectrum: s0.spectrum }), backend);
      p.ms = now() - t1;
      step(w.eig);
    }
  }
  return units.map((u, i) => {
    check();
    const t1 = now();
    const s = settings[i]!;
    const p = problems.get(u.tau)!;
    const base = acc;
    const inner = (f: number) => onStep?.(Math.min(1, (base + f * w.dyn[i]!) / (w.total || 1)));
    const dyn = unitFromSpectral(s, u, p.sp, unitCheckpoints(s, u), inner);
    step(w.dyn[i]!);
    return { ...dyn, index: u.index, variant: variantIndexOf(study, u), tau: u.tau, d, draw: u.draw, seed: s.seed, ms: p.ms / p.users + now() - t1 };
  });
}
