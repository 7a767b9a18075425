// Optimizer-family benchmarks (issue 17), each against its SGD baseline measured in the same run:
//  - exact curve d = 1600, 200 checkpoints to r = 1e9: plain SGD (closed form) vs momentum, DANA-decaying,
//    DANA-constant, an SGD power schedule and the wsd/cosine presets (moment system, block integrator;
//    wsd/cosine also block their linear-time decay by r max − t), whole curve (draw +
//    eigen-decomposition + curve) and the curve part alone (target: whole curve ≤ 3× SGD's);
//  - a study d = 100…3200, exact, 3 draws, τ = 0,1, inline (one thread): dana-decaying vs SGD (≤ 3×);
//  - DANA-decaying theory curve (method de) at d = 1e5, 200 checkpoints to 1e12 (≤ 3 s), with SGD's de curve;
//  - engine only, one d = 1600 draw, constant momentum μ = 0.9: the exact closed form (secular roots,
//    prepareFamilyConstant — what exact curves with constant coefficients use) vs the block integrator,
//    and their largest relative difference over 200 checkpoints to 1e12 (the block integrator's error).
// CPU milliseconds of this process (robust to the other processes on a shared machine); medians.
// `npm run bench -- --only optimizers`; --quick uses d = 400, a study to 800 and d = 1e4.
import type { BenchOptions } from './run';
import { getBackend } from '../../src-main/linalg/select';
import { runCurve, type CurveResult } from '../../src-shared/compute/curve-task';
import { runStudy } from '../../src-shared/compute/study-task';
import { silentContext } from '../../src-shared/compute/task';
import { makeProblem } from '../../src-shared/model/problem';
import { reduceProblem } from '../../src-shared/model/spectral-reduction';
import { measureFromProblem } from '../../src-shared/dynamics/measure';
import { logCheckpoints } from '../../src-shared/dynamics/checkpoints';
import { familyRiskBlocks, prepareFamilyConstant } from '../../src-shared/dynamics/family-moments';
import { momentumGammaMax } from '../../src-shared/dynamics/family-stability';
import { riskClosedForm } from '../../src-shared/dynamics/closed-form';
import { gammaMax } from '../../src-shared/dynamics/stability';

function cpuMs<T>(fn: () => T): { ms: number; value: T } {
  const c0 = process.cpuUsage();
  const value = fn();
  const c = process.cpuUsage(c0);
  return { ms: (c.user + c.system) / 1000, value };
}

async function cpuMsAsync<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const c0 = process.cpuUsage();
  const value = await fn();
  const c = process.cpuUsage(c0);
  return { ms: (c.user + c.system) / 1000, value };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)]!;
}

export async function run({ quick }: BenchOptions): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = { note: 'CPU ms of this process, medians; shared 2-core machine, loaded by other jobs' };
  const backend = getBackend();
  const d = quick ? 400 : 1600;
  const base = { method: 'exact' as const, alpha: 1, beta: 0.6, v: 2 * d, d, rmax: 1e9, checkpoints: 200 };
  const variants: [string, Record<string, unknown>][] = [
    ['sgd', {}],
    ['momentum', { optimizer: 'momentum', momentum: 0.9 }],
    ['dana-decaying', { optimizer: 'dana-decaying' }],
    ['dana-constant', { optimizer: 'dana-constant' }],
    ['sgd-power-schedule', { gammaPower: -0.5, gammaT0: 1000 }],
    ['sgd-wsd', { lrSchedule: 'wsd', warmup: 100, decayFraction: 0.2 }],
    ['sgd-cosine', { lrSchedule: 'cosine', warmup: 100 }],
  ];
  const reps = quick ? 1 : 3;
  const curves: Record<string, unknown>[] = [];
  let sgdWhole = NaN;
  let sgdCurve = NaN;
  for (const [name, extra] of variants) {
    const whole: number[] = [];
    const part: number[] = [];
    for (let i = 0; i < reps; i++) {
      const r = cpuMs(() => runCurve({ ...base, ...extra }, backend, silentContext));
      const t = (r.value as CurveResult).timings;
      whole.push(r.ms);
      part.push(t.closedFormMs ?? t.momentsMs ?? NaN);
    }
    const w = median(whole);
    const p = median(part);
    if (name === 'sgd') {
      sgdWhole = w;
      sgdCurve = p;
    }
    curves.push({ optimizer: name, d, wholeCpuMs: w, curveWallMs: p, ratioWholeVsSgd: w / sgdWhole, ratioCurveVsSgd: p / sgdCurve });
  }
  out.exactCurve = curves;

  const dgrid = quick ? [100, 200, 400, 800] : [100, 200, 400, 800, 1600, 3200];
  const spec = { alpha: 1, beta: 0.6, dgrid, vRatio: 2, tau: [0, 1], method: 'exact' as const, draws: 3, bootstrap: 0, checkpoints: 160 };
  const s0 = await cpuMsAsync(() => runStudy(spec, backend, silentContext));
  const s1 = await cpuMsAsync(() => runStudy({ ...spec, optimizer: 'dana-decaying' }, backend, silentContext));
  out.study = {
    dgrid,
    sgdCpuMs: s0.ms,
    danaDecayingCpuMs: s1.ms,
    ratio: s1.ms / s0.ms,
    eta: { sgd: s0.value.fits.map((f) => f.eta), danaDecaying: s1.value.fits.map((f) => f.eta) },
  };

  const dDe = quick ? 10000 : 100000;
  const deBase = { method: 'de' as const, alpha: 1, beta: 0.6, v: 2 * dDe, d: dDe, rmax: 1e12, checkpoints: 200 };
  const de0: number[] = [];
  const de1: number[] = [];
  for (let i = 0; i < reps; i++) {
    de0.push(cpuMs(() => runCurve(deBase, backend, silentContext)).ms);
    de1.push(cpuMs(() => runCurve({ ...deBase, optimizer: 'dana-decaying' }, backend, silentContext)).ms);
  }
  out.theoryCurve = { d: dDe, sgdCpuMs: median(de0), danaDecayingCpuMs: median(de1), ratio: median(de1) / median(de0), targetMs: 3000 };

  // engine: constant momentum on one draw, closed form vs block integrator (and SGD's closed form)
  const M = measureFromProblem(reduceProblem(makeProblem({ alpha: 1, beta: 0.6, v: 2 * d, d, tau: 0, seed: 1, draw: 0 }), backend));
  const cps = logCheckpoints(1e12, 200);
  const k = { g1: 1, g2: 0, g3: 0.5 * momentumGammaMax(M, 1, 0.9), delta: 0.1 };
  const gSgd = 0.5 * gammaMax(M.lambda, 1);
  const tc: number[] = [];
  const tb: number[] = [];
  const ts: number[] = [];
  let cf: Float64Array = new Float64Array(0);
  let bl: Float64Array = new Float64Array(0);
  let sweeps = 0;
  for (let i = 0; i < reps; i++) {
    const a = cpuMs(() => prepareFamilyConstant(M, 1, k));
    const e = cpuMs(() => a.value.risk(cps));
    tc.push(a.ms + e.ms);
    cf = e.value;
    sweeps = a.value.sweeps;
    const b = cpuMs(() => familyRiskBlocks(M, () => k, { batch: 1 }, cps));
    tb.push(b.ms);
    bl = b.value;
    ts.push(cpuMs(() => riskClosedForm(M, { gamma: gSgd, batch: 1 }, cps)).ms);
  }
  let diff = 0;
  for (let i = 0; i < cps.length; i++) diff = Math.max(diff, Math.abs(bl[i]! / cf[i]! - 1));
  out.constantMomentum = {
    d,
    checkpoints: cps.length,
    rmax: 1e12,
    closedFormCpuMs: median(tc),
    aberthSweeps: sweeps,
    blocksCpuMs: median(tb),
    sgdClosedFormCpuMs: median(ts),
    ratioClosedFormVsBlocks: median(tc) / median(tb),
    maxRelDiffBlocksVsClosedForm: diff,
  };
  return out;
}
