// One unit of a study: the risk curve of one (τ, d, draw), by the study's method.
//
// - exact: draw W̃ (problem stream (seed, draw), the same Z for every τ), reduce to the spectral
//   problem (λ, m0, σ²) with the linear-algebra backend, γ = gammaFraction·γ_max(λ, B), and the
//   closed-form expected risk (dynamics/closed-form.ts) at the checkpoints.
// - sgd: same problem; the mean of `runs` rotated-SGD runs (exact in law, dynamics/sgd-rotated.ts).
// - de: the deterministic-equivalent Volterra curve (theory/de-curve.ts); no draw.
// Jobs: for the exact method with several τ, the units of one (d, draw) form one job that draws
// Z once and forms its Gram matrix once: W̃ = Z + τ b 1ᵀ gives
//   K̃ = ZᵀDZ + τ(g₀1ᵀ + 1g₀ᵀ) + τ²‖a‖² 11ᵀ,   g̃ = W̃ᵀDb = g₀ + τ‖a‖² 1,   g₀ = ZᵀDb,
// (bᵀDb = ‖a‖²) — a rank-2 update instead of a second v·d² Gram product and v·d normals. The
// spectral reduction after it is the one of model/spectral-reduction.ts (same zero tolerance).
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
import { reduceProblem, spectralFromGram } from '../model/spectral-reduction';
import { deCurve } from '../theory/de-curve';
import { CancelledError } from '../compute/task';

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
  /** sgd with a single draw: the curve of every (non-diverged) run — the bootstrap replicates */
  runCurves?: Float64Array[];
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
      ...(spec.spectrum ? { spectrum: spec.spectrum } : {}),
    });
    return { ...base, gamma: c.gamma, gammaMax: c.gammaMax, sigma2: c.F0, r: Float64Array.from(c.r), risk: Float64Array.from(c.risk), ms: now() - t0 };
  }
  const problem = makeProblem({ alpha: spec.alpha, beta: spec.beta, v: unit.v, d: unit.d, tau: unit.tau, seed: spec.seed, draw: unit.draw, spectrum: spec.spectrum });
  const sp = reduceProblem(problem, backend);
  const gmax = gammaMax(sp.lambda, spec.batch);
  const gamma = spec.gammaFraction * gmax;
  const r = unitCheckpoints(spec, unit);
  let risk: Float64Array;
  let diverged = 0;
  let runCurves: Float64Array[] | undefined;
  if (spec.method === 'exact') {
    risk = prepareClosedForm(measureFromProblem(sp), { gamma, batch: spec.batch }).risk(r);
  } else {
    const s = sgdMeanRisk(sp, spec, unit, gamma, r);
    risk = s.risk;
    diverged = s.diverged;
    // per-run curves are kept only when they are the bootstrap replicates (a single draw)
    if (spec.draws === 1) runCurves = s.runCurves;
  }
  return { ...base, gamma, gammaMax: gmax, sigma2: sp.sigma2, r, risk, ms: now() - t0, ...(diverged ? { divergedRuns: diverged } : {}), ...(runCurves ? { runCurves } : {}) };
}

function sgdMeanRisk(sp: SpectralProblem, spec: StudySpec, unit: StudyUnit, gamma: number, r: Float64Array): { risk: Float64Array; diverged: number; runCurves: Float64Array[] } {
  const res = sgdRotated(sp, { gamma, batch: spec.batch, runs: spec.runs, seed: spec.seed, draw: unit.draw }, Array.from(r));
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

/** the units of one job (see header): shared Z and Gram for the exact method, else one by one */
export function computeJob(spec: StudySpec, units: StudyUnit[], backend: LinalgBackend, cancelled?: () => boolean): UnitResult[] {
  const check = () => {
    if (cancelled?.()) throw new CancelledError();
  };
  if (units.length === 1 || spec.method !== 'exact')
    return units.map((u) => {
      check();
      return computeUnit(spec, u, backend);
    });
  const u0 = units[0]!;
  for (const u of units) if (u.d !== u0.d || u.draw !== u0.draw || u.v !== u0.v) throw new Error('computeJob: units of one job must share d, v and draw');
  const t0 = now();
  const { d, v } = u0;
  const z = makeProblem({ alpha: spec.alpha, beta: spec.beta, v, d, tau: 0, seed: spec.seed, draw: u0.draw, spectrum: spec.spectrum });
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
  const shared = (now() - t0) / units.length;
  const r = unitCheckpoints(spec, u0);
  return units.map((u) => {
    check();
    const t1 = now();
    const tv = u.tau / Math.sqrt(d);
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
    const sp = spectralFromGram(K, g, a2, d, backend);
    const gmax = gammaMax(sp.lambda, spec.batch);
    const gamma = spec.gammaFraction * gmax;
    const risk = prepareClosedForm(measureFromProblem(sp), { gamma, batch: spec.batch }).risk(r);
    return { index: u.index, tau: u.tau, d, draw: u.draw, seed: spec.seed, gamma, gammaMax: gmax, sigma2: sp.sigma2, r: new Float64Array(r), risk, ms: shared + now() - t1 };
  });
}
