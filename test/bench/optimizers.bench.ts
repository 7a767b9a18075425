// Optimizer-family benchmarks (issue 17), each against its SGD baseline measured in the same run:
//  - exact curve d = 1600, 200 checkpoints to r = 1e9: plain SGD (closed form) vs momentum, DANA-decaying,
//    DANA-constant and an SGD power schedule (moment system, block integrator), whole curve (draw +
//    eigen-decomposition + curve) and the curve part alone (target: whole curve ≤ 3× SGD's);
//  - a study d = 100…3200, exact, 3 draws, τ = 0,1, inline (one thread): dana-decaying vs SGD (≤ 3×);
//  - DANA-decaying theory curve (method de) at d = 1e5, 200 checkpoints to 1e12 (≤ 3 s).
// CPU milliseconds of this process (robust to the other processes on a shared machine); medians.
// `npm run bench -- --only optimizers`; --quick uses d = 400, a study to 800 and d = 1e4.
import type { BenchOptions } from './run';
import { getBackend } from '../../src-main/linalg/select';
import { runCurve, type CurveResult } from '../../src-shared/compute/curve-task';
import { runStudy } from '../../src-shared/compute/study-task';
import { silentContext } from '../../src-shared/compute/task';

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
  const de0 = cpuMs(() => runCurve(deBase, backend, silentContext));
  const de1 = cpuMs(() => runCurve({ ...deBase, optimizer: 'dana-decaying' }, backend, silentContext));
  out.theoryCurve = { d: dDe, sgdCpuMs: de0.ms, danaDecayingCpuMs: de1.ms, ratio: de1.ms / de0.ms, targetMs: 3000 };
  return out;
}
