// The curve task (`plrf curve`, the job system): one expected-risk curve R(r) of one-pass SGD on
// the PLRF model, averaged over independent draws of the features W̃ (and over SGD runs).
//
// Methods (dispatch table `curveRunners`; add a method with one entry):
//   exact — per draw: W̃ → spectral reduction → closed form R(t) (dynamics/closed-form.ts);
//   sgd   — per draw: rotated SGD (exact in law, O(B·d)/step), `naive` the O(B·v·d) reference;
//   de    — deterministic equivalent (theory engineer).
// Step size: one γ shared by all draws, so the curves average at a common γ:
//   γ = gamma if given (must be < γ_max of every draw), else γ = F · min_k γ_max(draw k) with
//   F = gammaFraction or DEFAULT_GAMMA_FRACTION. The params of the result record gamma,
//   gammaFraction (= γ / min γ_max) and gammaMax (= min over draws); each draw records its own.
// Draw k uses Rng.stream(seed, k, PROBLEM_STREAM) for W̃ and Rng.stream(seed, k, run) for SGD.
// Checkpoints: logCheckpoints(rmax, checkpoints) (0 included).
import type { LinalgBackend } from '../linalg/backend';
import { CancelledError, type TaskContext } from './task';
import { validateCurveParams, type CurveMethod, type CurveParams } from '../params/model-params';
import { ParamError } from '../params/errors';
import { makeProblem } from '../model/problem';
import { reduceProblem } from '../model/spectral-reduction';
import { measureFromProblem, type SpectralProblem } from '../dynamics/measure';
import { gammaMax, resolveGamma } from '../dynamics/stability';
import { logCheckpoints } from '../dynamics/checkpoints';
import { prepareClosedForm } from '../dynamics/closed-form';
import { sgdRotated } from '../dynamics/sgd-rotated';
import { sgdNaive } from '../dynamics/sgd-naive';
import { summarizeRuns, type Quantiles, type SgdRunsResult } from '../dynamics/sgd-runs';
import { runDECurve } from '../theory/de-curve-runner';
import { isPlainSgd } from '../params/optimizer-params';
import { runFamilyDECurve, runFamilyExactCurve, runFamilySgdCurve } from './family-curve';
import { closedFormSeconds, sgdSeconds, spectralShare } from './cost-model';

export interface ResolvedCurveParams extends CurveParams {
  gamma: number;
  gammaFraction: number;
  /** min over draws of γ_max */
  gammaMax: number;
  /** τ = c/√d actually used */
  tauValue: number;
}

export interface CurveDraw {
  draw: number;
  seed: number;
  sigma2: number;
  gammaMax: number;
  /** method exact: R at the checkpoints for this draw; sgd: mean over this draw's runs */
  risk?: number[];
  riskInfinity?: number;
}

export interface CurveResult {
  params: ResolvedCurveParams;
  /** checkpoints (SGD steps) */
  r: number[];
  /** mean risk over draws (and runs) at r */
  risk: number[];
  /** mean σ² over draws (exact and sgd) */
  sigma2?: number;
  /** mean over draws of R(∞) = σ²/(1 − q) (exact) */
  riskInfinity?: number;
  /** sgd: standard error of the mean at r (over all runs of all draws) */
  stderr?: number[];
  /** sgd: quantile bands over all runs of all draws */
  quantiles?: Quantiles;
  draws: CurveDraw[];
  /** sgd: runs stopped for divergence (left out of mean and bands) */
  divergence?: { count: number; runs: number; first: { draw: number; run: number; step: number }[] };
  /** wall-clock milliseconds per phase */
  timings: Record<string, number>;
}

export type CurveRunner = (p: CurveParams, backend: LinalgBackend, ctx: TaskContext) => CurveResult;

function check(ctx: TaskContext): void {
  if (ctx.cancelled()) throw new CancelledError();
}

interface DrawnSpectra {
  spectra: SpectralProblem[];
  tauValue: number;
  ms: number;
}

/** draw and reduce every problem (fraction of progress [f0, f1]) */
function drawSpectra(p: CurveParams, backend: LinalgBackend, ctx: TaskContext, f0: number, f1: number): DrawnSpectra {
  const t0 = Date.now();
  const spectra: SpectralProblem[] = [];
  let tauValue = 0;
  for (let k = 0; k < p.draws; k++) {
    check(ctx);
    ctx.progress({ fraction: f0 + ((f1 - f0) * k) / p.draws, phase: `eigendecomposition of draw ${k + 1} of ${p.draws} (d=${p.d}; ${k} finished)` });
    const prob = makeProblem({ alpha: p.alpha, beta: p.beta, v: p.v, d: p.d, tau: p.tau, seed: p.seed, draw: k, spectrum: p.spectrum });
    tauValue = prob.tauValue;
    spectra.push(reduceProblem(prob, backend));
  }
  return { spectra, tauValue, ms: Date.now() - t0 };
}

function commonGamma(p: CurveParams, spectra: SpectralProblem[]): { gamma: number; gammaFraction: number; gammaMax: number; perDraw: number[] } {
  const perDraw = spectra.map((s) => gammaMax(s.lambda, p.batch));
  const gmin = Math.min(...perDraw);
  if (p.gamma !== undefined) {
    for (let k = 0; k < spectra.length; k++) resolveGamma({ gamma: p.gamma }, spectra[k]!.lambda, p.batch, undefined, spectra.length > 1 ? ` (draw ${k})` : '');
    return { gamma: p.gamma, gammaFraction: p.gamma / gmin, gammaMax: gmin, perDraw };
  }
  const r = resolveGamma({ gammaFraction: p.gammaFraction }, spectra[0]!.lambda, p.batch);
  return { gamma: r.gammaFraction * gmin, gammaFraction: r.gammaFraction, gammaMax: gmin, perDraw };
}

function mean(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

export function runExactCurve(p: CurveParams, backend: LinalgBackend, ctx: TaskContext): CurveResult {
  const r = logCheckpoints(p.rmax, p.checkpoints);
  // progress weights from the cost model: the spectral problems, then the closed forms
  const split = spectralShare(p, closedFormSeconds(p.d, p.checkpoints));
  const ds = drawSpectra(p, backend, ctx, 0, split);
  const g = commonGamma(p, ds.spectra);
  const t0 = Date.now();
  const draws: CurveDraw[] = [];
  const sum = new Float64Array(r.length);
  for (let k = 0; k < ds.spectra.length; k++) {
    check(ctx);
    ctx.progress({ fraction: split + ((1 - split) * k) / p.draws, phase: `closed form of draw ${k + 1} of ${p.draws} (${k} finished)` });
    const s = ds.spectra[k]!;
    const cf = prepareClosedForm(measureFromProblem(s), { gamma: g.gamma, batch: p.batch });
    const risk = cf.risk(r);
    for (let i = 0; i < r.length; i++) sum[i] = sum[i]! + risk[i]!;
    draws.push({ draw: k, seed: p.seed, sigma2: s.sigma2, gammaMax: g.perDraw[k]!, risk: Array.from(risk), riskInfinity: cf.riskInfinity });
  }
  ctx.progress({ fraction: 1, phase: 'done' });
  return {
    params: { ...p, gamma: g.gamma, gammaFraction: g.gammaFraction, gammaMax: g.gammaMax, tauValue: ds.tauValue },
    r,
    risk: Array.from(sum, (x) => x / p.draws),
    sigma2: mean(draws.map((d) => d.sigma2)),
    riskInfinity: mean(draws.map((d) => d.riskInfinity!)),
    draws,
    timings: { spectraMs: ds.ms, closedFormMs: Date.now() - t0 },
  };
}

export function runSgdCurve(p: CurveParams, backend: LinalgBackend, ctx: TaskContext): CurveResult {
  const r = logCheckpoints(p.rmax, p.checkpoints);
  const split = spectralShare(p, sgdSeconds(p.runs * p.rmax, p.batch * p.d * (p.naive ? p.v : 1), p.naive));
  const ds = drawSpectra(p, backend, ctx, 0, split);
  const g = commonGamma(p, ds.spectra);
  const t0 = Date.now();
  const sets: SgdRunsResult[] = [];
  const draws: CurveDraw[] = [];
  let updates = 0;
  for (let k = 0; k < ds.spectra.length; k++) {
    check(ctx);
    const s = ds.spectra[k]!;
    const phase = `${p.naive ? 'naive' : 'rotated'} SGD on draw ${k + 1} of ${p.draws} (${k} finished), ${p.runs} runs × ${p.rmax} steps`;
    const opts = {
      gamma: g.gamma,
      batch: p.batch,
      runs: p.runs,
      seed: p.seed,
      draw: k,
      cancelled: () => ctx.cancelled(),
      progress: (f: number) => ctx.progress({ fraction: split + ((1 - split) * (k + f)) / p.draws, phase }),
    };
    const res = p.naive
      ? sgdNaive(makeProblem({ alpha: p.alpha, beta: p.beta, v: p.v, d: p.d, tau: p.tau, seed: p.seed, draw: k, spectrum: p.spectrum }), opts, r)
      : sgdRotated(s, opts, r);
    if (res.cancelled) throw new CancelledError();
    updates += res.updates;
    sets.push(res);
    const one = summarizeRuns([res]);
    draws.push({ draw: k, seed: p.seed, sigma2: s.sigma2, gammaMax: g.perDraw[k]!, risk: one.used ? one.mean : undefined });
  }
  const sum = summarizeRuns(sets);
  const div = sets.flatMap((s, k) => s.divergence.map((x) => ({ draw: k, run: x.run, step: x.step })));
  if (sum.used === 0) throw new Error(`all ${p.runs * p.draws} SGD runs diverged (first at step ${div[0]?.step}); lower gamma or gammaFraction`);
  const ms = Date.now() - t0;
  ctx.progress({ fraction: 1, phase: 'done' });
  return {
    params: { ...p, gamma: g.gamma, gammaFraction: g.gammaFraction, gammaMax: g.gammaMax, tauValue: ds.tauValue },
    r,
    risk: sum.mean,
    sigma2: mean(draws.map((d) => d.sigma2)),
    stderr: sum.stderr,
    quantiles: sum.quantiles,
    draws,
    ...(div.length ? { divergence: { count: div.length, runs: p.runs * p.draws, first: div.slice(0, 20) } } : {}),
    timings: { spectraMs: ds.ms, sgdMs: ms, updatesPerSecond: updates / (ms / 1000) },
  };
}

/** method → runner; the theory engineer adds `de` here */
export const curveRunners: Partial<Record<CurveMethod, CurveRunner>> = {
  exact: runExactCurve,
  sgd: runSgdCurve,
  de: runDECurve,
};

/** method → runner for the optimizer family (momentum, DANA, SGD schedules) */
export const familyCurveRunners: Partial<Record<CurveMethod, CurveRunner>> = {
  exact: runFamilyExactCurve,
  sgd: runFamilySgdCurve,
  de: runFamilyDECurve,
};

/**
 * Compute one curve. `raw` is validated (validateCurveParams) first, so any bad input is a
 * ParamError before work starts; γ ≥ γ_max is a ParamError('gamma') after the eigen-decomposition
 * and before any SGD step. Honours ctx.cancelled() (throws CancelledError).
 */
export function runCurve(raw: CurveParams | Record<string, unknown>, backend: LinalgBackend, ctx: TaskContext): CurveResult {
  const p = validateCurveParams(raw);
  // every optimizer other than plain constant-step SGD (today's runners, unchanged): compute/family-curve.ts
  const runner = isPlainSgd(p) ? curveRunners[p.method] : familyCurveRunners[p.method];
  if (!runner) throw new ParamError('method', `method "${p.method}" is not available in this build (available: ${Object.keys(curveRunners).join(', ')})`);
  return runner(p, backend, ctx);
}
