// Time estimates against measured run times (issue 13: "the form's estimate said 1 min 31 s for a
// 15 s study" — target: every estimate within 2× of the measured time, ratio in [0.5, 2]).
// Each case is a representative run of a kind (studies exact / sgd / de with and without bootstrap,
// curves exact / sgd / naive sgd, a deterministic-equivalent curve, the momentum member of the
// optimizer family as a curve and a study; DANA-decaying and an SGD wsd schedule as curves to 1e9), validated, estimated (the kind's estimate,
// machine = this machine's lanes and backend as the app sets it) and run in this process the way the
// app's worker runs it (studies on the worker-thread pool); the median of `reps` runs is compared with
// the estimate. Also reported: the per-term rates measured here (W̃ generation, Gram + eigen, closed
// form, rotated SGD) next to the constants of src-shared/compute/cost-model.ts, their geometric-mean
// slowdown against the model (`slowdownVsModel`, > 1 when other processes share the CPU), and each
// ratio adjusted by it (`loadAdjustedRatio` = estimate · slowdown / measured): the raw ratio drops
// below 1 under load, the adjusted one isolates the model's error. The lead re-runs them.
import type { BenchOptions } from './run';
import { getKind } from '../../src-shared/compute/registry';
import { getBackend } from '../../src-main/linalg/select';
import { threadExecutor } from '../../src-main/study/pool';
import { configureEstimateMachine } from '../../src-main/services/budget';
import { estimateMachine, RUN_OVERHEAD_S, SPECTRAL_S, GEN_S, CLOSED_S, SGD_UPDATES_PER_S, SGD_STEP_S } from '../../src-shared/compute/cost-model';
import { makeProblem } from '../../src-shared/model/problem';
import { reduceProblem } from '../../src-shared/model/spectral-reduction';
import { measureFromProblem } from '../../src-shared/dynamics/measure';
import { prepareClosedForm } from '../../src-shared/dynamics/closed-form';
import { logCheckpoints } from '../../src-shared/dynamics/checkpoints';
import { gammaMax } from '../../src-shared/dynamics/stability';
import { sgdRotated } from '../../src-shared/dynamics/sgd-rotated';

const ctx = { progress: () => {}, cancelled: () => false };
const median = (x: number[]) => {
  const s = [...x].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const sec = (f: () => unknown) => {
  const t0 = performance.now();
  f();
  return (performance.now() - t0) / 1000;
};

export const ESTIMATE_CASES = (quick: boolean): [string, string, Record<string, unknown>][] => [
  ['study exact (0.5, 0.7), d ≤ 1600, bootstrap 400', 'study', { alpha: 0.5, beta: 0.7, dgrid: quick ? [50, 100, 200, 400, 800] : [50, 100, 200, 400, 800, 1600], vRatio: 2, tau: [0, 1] }],
  ['study exact (0.6, 0.2), d ≤ 800, no bootstrap', 'study', { alpha: 0.6, beta: 0.2, dgrid: [100, 200, 400, 800], vRatio: 2, tau: [0, 1], bootstrap: 0 }],
  ['study sgd (0.6, 0.2), d ≤ 400', 'study', { alpha: 0.6, beta: 0.2, dgrid: [50, 100, 200, 400], vRatio: 2, tau: [0, 1], method: 'sgd', draws: 2, runs: 10, rmaxFactor: 1, bootstrap: 100 }],
  ['study de (0.5, 0.7), d ≤ 3200', 'study', { alpha: 0.5, beta: 0.7, dgrid: [100, 200, 400, 800, 1600, 3200], vRatio: 2, tau: [0, 1], method: 'de' }],
  ['curve exact d = 1200, 3 draws', 'sgd', { alpha: 0.5, beta: 0.7, d: 1200, v: 2400, method: 'exact', draws: 3, rmax: 1e5, checkpoints: 160 }],
  ['curve sgd d = 400, 20 runs', 'sgd', { alpha: 0.5, beta: 0.7, d: 400, v: 800, method: 'sgd', draws: 2, runs: 20, rmax: 2e4, checkpoints: 100 }],
  ['curve de v = 2e5', 'volterra', { alpha: 0.5, beta: 0.7, d: 1e5, v: 2e5, rmax: 1e6, checkpoints: 160 }],
  ['curve naive sgd d = 200', 'sgd', { alpha: 0.5, beta: 0.7, d: 200, v: 400, method: 'sgd', naive: true, runs: 4, rmax: 5000, checkpoints: 50 }],
  ['curve exact momentum d = 800', 'sgd', { alpha: 0.5, beta: 0.7, d: 800, v: 1600, method: 'exact', optimizer: 'momentum', rmax: 1e5, checkpoints: 160 }],
  ['curve exact dana-decaying d = 1600, rmax 1e9', 'sgd', { alpha: 1, beta: 0.6, d: quick ? 400 : 1600, v: quick ? 800 : 3200, method: 'exact', optimizer: 'dana-decaying', rmax: 1e9, checkpoints: 200 }],
  ['curve exact SGD wsd d = 1600, rmax 1e9', 'sgd', { alpha: 1, beta: 0.6, d: quick ? 400 : 1600, v: quick ? 800 : 3200, method: 'exact', lrSchedule: 'wsd', warmup: 100, rmax: 1e9, checkpoints: 200 }],
  ['study exact momentum, d ≤ 800', 'study', { alpha: 0.5, beta: 0.7, dgrid: [50, 100, 200, 400, 800], vRatio: 2, method: 'exact', optimizer: 'momentum', bootstrap: 100 }],
];

export async function run(opts: BenchOptions): Promise<Record<string, unknown>> {
  configureEstimateMachine();
  const backend = getBackend();
  const reps = opts.quick ? 1 : 3;
  // per-term rates on this machine
  const rates: Record<string, number> = {};
  {
    const d = 1200;
    const v = 2 * d;
    const tg = sec(() => makeProblem({ alpha: 0.5, beta: 0.7, v, d, tau: 0, seed: 0, draw: 0 }));
    const p = makeProblem({ alpha: 0.5, beta: 0.7, v, d, tau: 0, seed: 0, draw: 0 });
    let sp: ReturnType<typeof reduceProblem> | undefined;
    const tr = sec(() => (sp = reduceProblem(p, backend)));
    const g = 0.5 * gammaMax(sp!.lambda, 1);
    const tc = sec(() => prepareClosedForm(measureFromProblem(sp!), { gamma: g, batch: 1 }).risk(logCheckpoints(1e5, 160)));
    const steps = 50_000;
    const ts = sec(() => sgdRotated(sp!, { gamma: g, batch: 1, runs: 4, seed: 0, draw: 0 }, logCheckpoints(steps, 40)));
    rates.gen_s_per_entry = tg / (v * d);
    rates.spectral_s_per_vd2_4d3 = tr / (v * d * d + 4 * d ** 3);
    rates.closed_s_per_d_checkpoint = tc / (d * 160);
    rates.sgd_updates_per_s = (4 * steps * d) / ts;
    rates.sgd_s_per_step_d1200 = ts / (4 * steps);
  }
  const ex = threadExecutor({ fallbackBackend: backend });
  const cases: Record<string, unknown>[] = [];
  try {
    for (const [name, kind, raw] of ESTIMATE_CASES(opts.quick)) {
      const k = getKind(kind);
      const p = k.validate(raw);
      // the run's computation: the estimate without the start-up of a stored run's worker (not measured here)
      const est = k.estimate(p).seconds - RUN_OVERHEAD_S;
      const samples: number[] = [];
      for (let i = 0; i < reps; i++) {
        const t0 = performance.now();
        await k.run(p, { backend, studyExecutor: () => ex }, ctx);
        samples.push((performance.now() - t0) / 1000);
      }
      const measured = median(samples);
      cases.push({ name, kind, estimateS: +est.toFixed(3), measuredS: +measured.toFixed(3), ratio: +(est / measured).toFixed(3), within2x: est / measured <= 2 && est / measured >= 0.5 });
      process.stderr.write(`  ${name}: estimate ${est.toFixed(2)} s, measured ${measured.toFixed(2)} s, ratio ${(est / measured).toFixed(2)}\n`);
    }
  } finally {
    await ex.close();
  }
  const ratios = cases.map((c) => c.ratio as number);
  // the machine's speed now against the model's rates (> 1: slower now, e.g. other jobs sharing the
  // cores): the geometric mean over the spectral problem, W̃ generation and rotated SGD
  const slow = Math.exp(
    (Math.log(rates.spectral_s_per_vd2_4d3! / SPECTRAL_S) + Math.log(rates.gen_s_per_entry! / GEN_S) + Math.log(rates.sgd_s_per_step_d1200! / (SGD_STEP_S + 1200 / SGD_UPDATES_PER_S))) / 3,
  );
  for (const c of cases) {
    c.loadAdjustedRatio = +(((c.estimateS as number) * slow) / (c.measuredS as number)).toFixed(3);
    c.within2xAdjusted = (c.loadAdjustedRatio as number) <= 2 && (c.loadAdjustedRatio as number) >= 0.5;
  }
  const adj = cases.map((c) => c.loadAdjustedRatio as number);
  return {
    slowdownVsModel: +slow.toFixed(3),
    loadAdjustedRatioMin: Math.min(...adj),
    loadAdjustedRatioMax: Math.max(...adj),
    allWithin2xAdjusted: cases.every((c) => c.within2xAdjusted),
    machine: estimateMachine(),
    rates,
    constants: { GEN_S, SPECTRAL_S, CLOSED_S, SGD_UPDATES_PER_S, SGD_STEP_S },
    cases,
    ratioMin: Math.min(...ratios),
    ratioMax: Math.max(...ratios),
    target: 'every estimate within 2× of the measured time (ratio in [0.5, 2])',
    allWithin2x: cases.every((c) => c.within2x),
  };
}
