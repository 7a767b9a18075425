// Curves of the optimizer family (issue 17) for every member other than plain constant-step SGD, which
// keeps today's runners in curve-task.ts (bit-for-bit unchanged numbers).
//   exact — per draw: spectral reduction → the moment system of dynamics/family-moments.ts, solved exactly
//           by its secular-root closed form for constant coefficients, else by the log-time block
//           integrator (error vs the step recurrence ≤ 1e-3, tested) — dynamics/family-resolve.ts;
//   sgd   — per draw: the family simulators of dynamics/sgd-family.ts (eigenbasis, or --naive);
//   de    — the same moment system on the deterministic-equivalent measure (theory/de-spectrum.ts).
// Step size: SGD schedules use γ as today (gamma or gammaFraction·min γ_max over draws) as the base of
// the schedule; momentum uses γ_max(μ) of dynamics/family-stability.ts instead of SGD's γ_max; the DANA
// members take their coefficients from g1..delta / the presets (gamma, gammaFraction refused). Every
// resolved coefficient is recorded in params.optimizerResolved; params.gamma is the initial gradient step
// g2(0) + g1(0)g3(0) and gammaMax the SGD γ_max (for DANA, as a reference).
// Stability: checkFamilyStable on every draw before any curve is computed (ParamError naming the key).
import type { LinalgBackend } from '../linalg/backend';
import { CancelledError, type TaskContext } from './task';
import type { CurveParams } from '../params/model-params';
import type { CurveDraw, CurveResult, ResolvedCurveParams } from './curve-task';
import { sgdSeconds, spectralShare } from './cost-model';
import { makeProblem } from '../model/problem';
import { reduceProblem } from '../model/spectral-reduction';
import { measureFromProblem, type DiscreteMeasure, type SpectralProblem } from '../dynamics/measure';
import { scheduleCheckpoints } from '../dynamics/checkpoints';
import type { CoefFn } from '../dynamics/family-moments';
import { familyExactRisk, resolveFamily, type FamilyResolution } from '../dynamics/family-resolve';
import { familyNaive, familyRotated } from '../dynamics/sgd-family';
import { summarizeRuns, type SgdRunsResult } from '../dynamics/sgd-runs';
import { coefsAt, type ResolvedOptimizer } from '../params/optimizer-params';
import { deSpectrum } from '../theory/de-spectrum';
import { supportMeasure } from '../theory/de-support';

export interface FamilyCurveParams extends ResolvedCurveParams {
  optimizerResolved: ResolvedOptimizer;
}

function check(ctx: TaskContext): void {
  if (ctx.cancelled()) throw new CancelledError();
}

function resolveOn(p: CurveParams, s: { measures: DiscreteMeasure[]; weights: (Float64Array | undefined)[] }): FamilyResolution {
  return resolveFamily(s.measures, s.weights, p, { alpha: p.alpha, beta: p.beta, v: p.v, d: p.d, tau: p.tau, batch: p.batch, rmax: p.rmax });
}

const exactRisk = familyExactRisk;

function drawAll(p: CurveParams, backend: LinalgBackend, ctx: TaskContext, f1: number): { spectra: SpectralProblem[]; tauValue: number; ms: number } {
  const t0 = Date.now();
  const spectra: SpectralProblem[] = [];
  let tauValue = 0;
  for (let k = 0; k < p.draws; k++) {
    check(ctx);
    ctx.progress({ fraction: (f1 * k) / p.draws, phase: `eigendecomposition of draw ${k + 1} of ${p.draws} (d=${p.d}; ${k} finished)` });
    const prob = makeProblem({ alpha: p.alpha, beta: p.beta, v: p.v, d: p.d, tau: p.tau, seed: p.seed, draw: k, spectrum: p.spectrum });
    tauValue = prob.tauValue;
    spectra.push(reduceProblem(prob, backend));
  }
  return { spectra, tauValue, ms: Date.now() - t0 };
}

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

export function runFamilyExactCurve(p: CurveParams, backend: LinalgBackend, ctx: TaskContext): CurveResult {
  const r = scheduleCheckpoints(p.rmax, p.checkpoints, p);
  const ds = drawAll(p, backend, ctx, 0.5);
  const measures = ds.spectra.map(measureFromProblem);
  const g = resolveOn(p, { measures, weights: measures.map(() => undefined) });
  const t0 = Date.now();
  const sum = new Float64Array(r.length);
  const draws: CurveDraw[] = [];
  for (let k = 0; k < measures.length; k++) {
    check(ctx);
    ctx.progress({ fraction: 0.5 + (0.5 * k) / p.draws, phase: `${g.o.optimizer} moments (${g.o.constant ? 'closed form' : 'log-time blocks'}) of draw ${k + 1} of ${p.draws} (${k} finished)` });
    const res = exactRisk(measures[k]!, p.batch, g.o, r);
    for (let i = 0; i < r.length; i++) sum[i] = sum[i]! + res.risk[i]!;
    draws.push({ draw: k, seed: p.seed, sigma2: ds.spectra[k]!.sigma2, gammaMax: g.perDraw[k]!, risk: Array.from(res.risk), ...(res.riskInfinity !== undefined ? { riskInfinity: res.riskInfinity } : {}) });
  }
  ctx.progress({ fraction: 1, phase: 'done' });
  const params: FamilyCurveParams = { ...p, gamma: g.gamma, gammaFraction: g.gammaFraction, gammaMax: g.gammaMax, tauValue: ds.tauValue, optimizerResolved: g.o };
  const rinf = draws.every((d) => d.riskInfinity !== undefined) ? mean(draws.map((d) => d.riskInfinity!)) : undefined;
  return {
    params,
    r,
    risk: Array.from(sum, (x) => x / p.draws),
    sigma2: mean(draws.map((d) => d.sigma2)),
    ...(rinf !== undefined ? { riskInfinity: rinf } : {}),
    draws,
    timings: { spectraMs: ds.ms, momentsMs: Date.now() - t0 },
  };
}

export function runFamilySgdCurve(p: CurveParams, backend: LinalgBackend, ctx: TaskContext): CurveResult {
  const r = scheduleCheckpoints(p.rmax, p.checkpoints, p);
  const split = spectralShare(p, sgdSeconds(p.runs * p.rmax, p.batch * p.d * (p.naive ? p.v : 1), p.naive));
  const ds = drawAll(p, backend, ctx, split);
  const measures = ds.spectra.map(measureFromProblem);
  const g = resolveOn(p, { measures, weights: measures.map(() => undefined) });
  const coefs: CoefFn = (t) => coefsAt(g.o, t);
  const t0 = Date.now();
  const sets: SgdRunsResult[] = [];
  const draws: CurveDraw[] = [];
  let updates = 0;
  for (let k = 0; k < ds.spectra.length; k++) {
    check(ctx);
    const phase = `${p.naive ? 'naive' : 'rotated'} ${g.o.optimizer} on draw ${k + 1} of ${p.draws} (${k} finished), ${p.runs} runs × ${p.rmax} steps`;
    const opts = {
      coefs,
      batch: p.batch,
      runs: p.runs,
      seed: p.seed,
      draw: k,
      cancelled: () => ctx.cancelled(),
      progress: (f: number) => ctx.progress({ fraction: split + ((1 - split) * (k + f)) / p.draws, phase }),
    };
    const res = p.naive ? familyNaive(makeProblem({ alpha: p.alpha, beta: p.beta, v: p.v, d: p.d, tau: p.tau, seed: p.seed, draw: k, spectrum: p.spectrum }), opts, r) : familyRotated(ds.spectra[k]!, opts, r);
    if (res.cancelled) throw new CancelledError();
    updates += res.updates;
    sets.push(res);
    const one = summarizeRuns([res]);
    draws.push({ draw: k, seed: p.seed, sigma2: ds.spectra[k]!.sigma2, gammaMax: g.perDraw[k]!, ...(one.used ? { risk: one.mean } : {}) });
  }
  const sum = summarizeRuns(sets);
  const div = sets.flatMap((s, k) => s.divergence.map((x) => ({ draw: k, run: x.run, step: x.step })));
  if (sum.used === 0) throw new Error(`all ${p.runs * p.draws} runs diverged (first at step ${div[0]?.step}); lower the step sizes`);
  const ms = Date.now() - t0;
  ctx.progress({ fraction: 1, phase: 'done' });
  const params: FamilyCurveParams = { ...p, gamma: g.gamma, gammaFraction: g.gammaFraction, gammaMax: g.gammaMax, tauValue: ds.tauValue, optimizerResolved: g.o };
  return {
    params,
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

export function runFamilyDECurve(p: CurveParams, _backend: LinalgBackend, ctx: TaskContext): CurveResult {
  const t0 = Date.now();
  const r = scheduleCheckpoints(p.rmax, p.checkpoints, p);
  const spec = deSpectrum(
    { alpha: p.alpha, beta: p.beta, v: p.v, d: p.d, tau: p.tau, ...(p.spectrum ? { spectrum: p.spectrum } : {}) },
    { ctx: { progress: (q) => ctx.progress({ fraction: 0.8 * q.fraction, phase: q.phase }), cancelled: () => ctx.cancelled() } },
  );
  check(ctx);
  // the support measure of the plain de curve (theory/de-support.ts: negligible top atoms merged,
  // the spiked outlier one point mass), so γ_max and the curve agree with `curve --method de`
  const m = supportMeasure(spec);
  const weights = m.count;
  const g = resolveOn(p, { measures: [m], weights: [weights] });
  ctx.progress({ fraction: 0.85, phase: `${g.o.optimizer} moments on the deterministic equivalent (${m.lambda.length} atoms)` });
  const t1 = Date.now();
  const res = exactRisk(m, p.batch, g.o, r);
  ctx.progress({ fraction: 1, phase: 'done' });
  const params: FamilyCurveParams = { ...p, gamma: g.gamma, gammaFraction: g.gammaFraction, gammaMax: g.gammaMax, tauValue: p.tau / Math.sqrt(p.d), optimizerResolved: g.o };
  return {
    params,
    r,
    risk: Array.from(res.risk),
    sigma2: spec.F0,
    ...(res.riskInfinity !== undefined ? { riskInfinity: res.riskInfinity } : {}),
    draws: [],
    timings: { spectrumMs: spec.diagnostics.ms, momentsMs: Date.now() - t1, totalMs: Date.now() - t0 },
  };
}
