// Checkpoints for step-size schedules that decay in linear time (dynamics/checkpoints.ts
// scheduleCheckpoints): wsd and cosine get linearly spaced steps over their decay on top of the log grid;
// every other optimizer keeps logCheckpoints unchanged (so no other run's numbers move). A wsd curve run
// reports the risk at those steps, equal to the step recurrence there (the curve shows the decay's drop).
import { describe, expect, it } from 'vitest';
import { logCheckpoints, scheduleCheckpoints } from '../../../src-shared/dynamics/checkpoints';
import { runCurve, type CurveResult } from '../../../src-shared/compute/curve-task';
import { silentContext } from '../../../src-shared/compute/task';
import { portableBackend } from '../../../src-shared/linalg/portable';
import { makeProblem } from '../../../src-shared/model/problem';
import { reduceProblem } from '../../../src-shared/model/spectral-reduction';
import { measureFromProblem } from '../../../src-shared/dynamics/measure';
import { familyRiskRecurrence } from '../../../src-shared/dynamics/family-moments';
import { coefsAt, type ResolvedOptimizer } from '../../../src-shared/params/optimizer-params';
import { maxRelErr } from './helpers';

describe('scheduleCheckpoints', () => {
  it('other schedules: exactly logCheckpoints', () => {
    for (const s of [undefined, {}, { lrSchedule: 'power' }, { lrSchedule: undefined, warmup: 10 }]) expect(scheduleCheckpoints(1e6, 160, s)).toEqual(logCheckpoints(1e6, 160));
  });
  it('wsd: ≥ n/4 steps inside the decay [0.8 rmax, rmax]; cosine: inside [rmax/2, rmax]; sorted, unique, ends kept', () => {
    const base = logCheckpoints(1e6, 160);
    const inside = (r: number[], a: number) => r.filter((t) => t > a && t < 1e6).length;
    const w = scheduleCheckpoints(1e6, 160, { lrSchedule: 'wsd', decayFraction: 0.2 });
    const c = scheduleCheckpoints(1e6, 160, { lrSchedule: 'cosine' });
    for (const r of [w, c]) {
      expect(r[0]).toBe(0);
      expect(r[r.length - 1]).toBe(1e6);
      for (let i = 1; i < r.length; i++) expect(r[i]!).toBeGreaterThan(r[i - 1]!);
      for (const t of base) expect(r).toContain(t);
    }
    expect(inside(w, 8e5) - inside(base, 8e5)).toBeGreaterThanOrEqual(39);
    expect(inside(c, 5e5) - inside(base, 5e5)).toBeGreaterThanOrEqual(39);
    // a small rmax where the log grid already holds every step: unchanged
    expect(scheduleCheckpoints(100, 160, { lrSchedule: 'wsd' })).toEqual(logCheckpoints(100, 160));
  });
  it('a wsd curve run reports the decay, equal to the step recurrence at every step it reports', () => {
    const p = { method: 'exact', alpha: 1, beta: 0.6, v: 80, d: 40, rmax: 20000, checkpoints: 60, lrSchedule: 'wsd', warmup: 50, decayFraction: 0.3 };
    const res = runCurve(p as never, portableBackend, silentContext) as CurveResult;
    expect(res.r.filter((t) => t > 14000 && t < 20000).length).toBeGreaterThanOrEqual(14);
    const o = (res.params as unknown as { optimizerResolved: ResolvedOptimizer }).optimizerResolved;
    const M = measureFromProblem(reduceProblem(makeProblem({ alpha: 1, beta: 0.6, v: 80, d: 40, tau: 0, seed: 0, draw: 0 }), portableBackend));
    const rec = familyRiskRecurrence(M, (t) => coefsAt(o, t), { batch: 1 }, res.r);
    expect(maxRelErr(res.risk, rec)).toBeLessThan(1e-3);
    // the risk falls over the decay (the reason to show it)
    const first = res.r.findIndex((t) => t >= 14000);
    expect(res.risk[res.risk.length - 1]!).toBeLessThan(0.99 * res.risk[first]!);
  });
});
