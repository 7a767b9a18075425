// One unit of a study: the risk curve of one (τ, d, draw), by the study's method.
//
// - exact: draw W̃ (problem stream (seed, draw), the same Z for every τ), reduce to the spectral
//   problem (λ, m0, σ²) with the linear-algebra backend, γ = gammaFraction·γ_max(λ, B), and the
//   closed-form expected risk (dynamics/closed-form.ts) at the checkpoints.
// - sgd: same problem; the mean of `runs` rotated-SGD runs (exact in law, dynamics/sgd-rotated.ts).
// - de: the deterministic-equivalent Volterra curve (theory/de-curve.ts); no draw.
// Checkpoints: logCheckpoints(rmax_d, checkpoints) (integers, 0 and rmax_d included), shared by
// all draws and τ of a size so that draws can be averaged and resampled point by point.
import type { LinalgBackend } from '../linalg/backend';
import type { StudySpec } from '../params/study-params';
import { logCheckpoints } from '../dynamics/checkpoints';
import { measureFromProblem, type SpectralProblem } from '../dynamics/measure';
import { sgdRotated } from '../dynamics/sgd-rotated';
import { summarizeRuns } from '../dynamics/sgd-runs';
import { gammaMax } from '../dynamics/stability';
import { prepareClosedForm } from '../dynamics/closed-form';
import { makeProblem } from '../model/problem';
import { reduceProblem } from '../model/spectral-reduction';
const deCurve = (_p: unknown): { r: number[]; risk: number[]; gamma: number; gammaMax: number; F0: number } => { throw new Error('TEMP'); };

export interface StudyUnit {
  /** position in the original (τ, d, draw) order */
  index: number;
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
}

const now = () => (globalThis as { performance?: { now(): number } }).performance?.now() ?? Date.now();

export function unitCheckpoints(spec: StudySpec, unit: StudyUnit): Float64Array {
  return Float64Array.from(logCheckpoints(unit.rmax, spec.checkpoints));
}

export function computeUnit(spec: StudySpec, unit: StudyUnit, backend: LinalgBackend): UnitResult {
  const t0 = now();
  const base = { index: unit.index, tau: unit.tau, d: unit.d, draw: unit.draw, seed: spec.seed };
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
    });
    return { ...base, gamma: c.gamma, gammaMax: c.gammaMax, sigma2: c.F0, r: Float64Array.from(c.r), risk: Float64Array.from(c.risk), ms: now() - t0 };
  }
  const problem = makeProblem({ alpha: spec.alpha, beta: spec.beta, v: unit.v, d: unit.d, tau: unit.tau, seed: spec.seed, draw: unit.draw });
  const sp = reduceProblem(problem, backend);
  const gmax = gammaMax(sp.lambda, spec.batch);
  const gamma = spec.gammaFraction * gmax;
  const r = unitCheckpoints(spec, unit);
  let risk: Float64Array;
  let diverged = 0;
  if (spec.method === 'exact') {
    risk = prepareClosedForm(measureFromProblem(sp), { gamma, batch: spec.batch }).risk(r);
  } else {
    const s = sgdMeanRisk(sp, spec, unit, gamma, r);
    risk = s.risk;
    diverged = s.diverged;
  }
  return { ...base, gamma, gammaMax: gmax, sigma2: sp.sigma2, r, risk, ms: now() - t0, ...(diverged ? { divergedRuns: diverged } : {}) };
}

function sgdMeanRisk(sp: SpectralProblem, spec: StudySpec, unit: StudyUnit, gamma: number, r: Float64Array): { risk: Float64Array; diverged: number } {
  const res = sgdRotated(sp, { gamma, batch: spec.batch, runs: spec.runs, seed: spec.seed, draw: unit.draw }, Array.from(r));
  const sum = summarizeRuns([res]);
  if (sum.used === 0) throw new Error(`study: all ${spec.runs} SGD runs diverged at τ=${unit.tau}/√d, d=${unit.d}, draw ${unit.draw} (γ = ${gamma})`);
  return { risk: Float64Array.from(sum.mean), diverged: spec.runs - sum.used };
}
