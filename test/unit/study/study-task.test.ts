// The study task: validation before work, unit plan, progress / partial results / cancellation,
// the worker-thread executor against the inline one, and the exact pipeline against an
// independent recomputation of one unit's curve (step recurrence, not the closed form).
import { describe, expect, it } from 'vitest';
import { planJobs, planUnits, runStudy, studyTaskOutput, type UnitResult } from '../../../src-shared/compute/study-task';
import { CancelledError, type TaskContext } from '../../../src-shared/compute/task';
import { validateStudySpec, defaultRmax, powerSum } from '../../../src-shared/params/study-params';
import { isParamError } from '../../../src-shared/params/errors';
import { portableBackend } from '../../../src-shared/linalg/portable';
import type { StudySpec } from '../../../src-shared/params/study-params';
import { computeUnit, unitCheckpoints, type StudyUnit } from '../../../src-shared/study/units';
import { makeProblem } from '../../../src-shared/model/problem';
import { reduceProblem } from '../../../src-shared/model/spectral-reduction';
import { measureFromProblem } from '../../../src-shared/dynamics/measure';
import { riskRecurrence } from '../../../src-shared/dynamics/recurrence';
import { gammaMax } from '../../../src-shared/dynamics/stability';
import { threadExecutor } from '../../../src-main/study/pool';

function expectParamError(raw: unknown, param: string, re?: RegExp) {
  try {
    validateStudySpec(raw);
  } catch (e) {
    expect(isParamError(e)).toBe(true);
    expect((e as { param: string }).param).toBe(param);
    if (re) expect((e as Error).message).toMatch(re);
    return;
  }
  throw new Error(`expected a ParamError on ${param}`);
}

const base = { alpha: 0.6, beta: 0.2, dgrid: [20, 40, 80] };

describe('study spec validation', () => {
  it('resolves defaults', () => {
    const s = validateStudySpec(base);
    expect(s.tau).toEqual([0, 1]);
    expect(s.method).toBe('exact');
    expect(s.vgrid).toEqual([40, 80, 160]);
    expect(s.gammaFraction).toBe(0.5);
    expect(s.rmaxgrid.length).toBe(3);
    // the default rmax rule: 10·d^{2α}·E tr K / B with E tr K = Σ j^{-2α} + c² Σ j^{-2α-2β}
    const trK = powerSum(160, 1.2) + powerSum(160, 1.6);
    expect(s.rmaxgrid[2]).toBe(Math.ceil(10 * 80 ** 1.2 * trK));
    expect(validateStudySpec({ ...base, dgrid: [80, 20, 40], v: 500 }).vgrid).toEqual([500, 500, 500]);
    expect(validateStudySpec({ ...base, method: 'de', draws: 7 }).draws).toBe(1);
  });

  it('power sums: Euler–Maclaurin tail vs direct summation', () => {
    for (const p of [0.8, 1, 1.4, 2.4]) {
      let direct = 0;
      for (let j = 1e5; j >= 1; j--) direct += j ** -p;
      expect(Math.abs(powerSum(1e5, p) / direct - 1)).toBeLessThan(1e-12);
    }
    expect(defaultRmax(0.5, 0.7, 100, 200, 0, 1, 10)).toBe(Math.ceil(10 * 100 * powerSum(200, 1)));
  });

  it('rejects bad input naming the field and the allowed range', () => {
    expectParamError({ ...base, alpha: 0 }, 'alpha');
    expectParamError({ ...base, alpha: 0.2, beta: 0.2 }, 'beta', /2α \+ 2β > 1/);
    expectParamError({ ...base, dgrid: [10, 20] }, 'dgrid');
    expectParamError({ ...base, dgrid: [10, 20, 20] }, 'dgrid', /at least 3 different sizes/); // issue 13: repeats dropped, 2 sizes left
    expectParamError({ ...base, dgrid: [10, 20.5, 40] }, 'dgrid.1');
    expectParamError({ ...base, v: 50 }, 'v', /v > d/);
    expectParamError({ ...base, vRatio: 1 }, 'vRatio');
    expectParamError({ ...base, v: 500, vRatio: 2 }, 'v', /either/);
    expectParamError({ ...base, gammaFraction: 1 }, 'gammaFraction');
    expectParamError({ ...base, tau: [-1] }, 'tau.0');
    expectParamError({ ...base, tau: [0, 0] }, 'tau', /distinct/);
    expectParamError({ ...base, method: 'magic' }, 'method');
    expectParamError({ ...base, draws: 0 }, 'draws');
    expectParamError({ ...base, rmax: [100, 200] }, 'rmax', /one per size/);
    expectParamError({ ...base, window: [10, 5] }, 'window');
    expectParamError({ ...base, dgrid: [100, 1000, 30000] }, 'dgrid', /de/);
    expectParamError({ ...base, method: 'sgd', runs: 100000, draws: 1000 }, 'rmax', /SGD work/);
    expectParamError({ ...base, extra: 1 }, 'extra'); // unknown keys are named (issue 12)
  });
});

const spec0 = validateStudySpec({ ...base, draws: 2, bootstrap: 50, checkpoints: 60 });

/** synthetic unit computer: R = A(draw) r^{-1/2} + d^{-1}, a known frontier, no linear algebra */
function synthUnit(spec: StudySpec, u: StudyUnit): UnitResult {
  const r = unitCheckpoints(spec, u);
  const A = (1 + 0.1 * u.draw) * (1 + u.tau);
  const risk = r.map((x) => A * (x + 1) ** -0.5 + 1 / u.d);
  return { index: u.index, tau: u.tau, d: u.d, draw: u.draw, seed: spec.seed, gamma: 0.1, gammaMax: 0.2, sigma2: 1 / u.d, r, risk, ms: 0 };
}

describe('runStudy (task mechanics)', () => {
  it('plans one unit per (τ, d, draw), largest cost first; exact jobs group the τ of one (d, draw)', () => {
    const jobs = planJobs(spec0);
    expect(jobs.length).toBe(6);
    for (const j of jobs) {
      expect(j.map((u) => u.tau)).toEqual([0, 1]);
      expect(new Set(j.map((u) => `${u.d}/${u.draw}`)).size).toBe(1);
    }
    expect(planJobs(validateStudySpec({ ...base, draws: 2, method: 'de' })).every((j) => j.length === 1)).toBe(true);
    const units = planUnits(spec0);
    expect(units.length).toBe(2 * 3 * 2);
    for (let i = 1; i < units.length; i++) expect(units[i]!.cost).toBeLessThanOrEqual(units[i - 1]!.cost);
    expect(new Set(units.map((u) => `${u.tau}/${u.d}/${u.draw}`)).size).toBe(units.length);
  });

  it('reports progress per unit, a partial result per finished (τ, d), and a full result', async () => {
    const fractions: number[] = [];
    const partial: string[] = [];
    const ctx: TaskContext = {
      progress: (p) => fractions.push(p.fraction),
      cancelled: () => false,
      partial: (k, v) => {
        if (k.startsWith('unit/')) return; // one per finished unit (resume, see study-resume.test.ts)
        partial.push(k);
        expect((v as { draws: unknown[] }).draws.length).toBe(2);
      },
    };
    const res = await runStudy(spec0, portableBackend, ctx, { compute: synthUnit });
    expect(fractions.length).toBeGreaterThanOrEqual(12);
    for (let i = 1; i < fractions.length; i++) expect(fractions[i]!).toBeGreaterThanOrEqual(fractions[i - 1]!);
    expect(fractions[fractions.length - 1]).toBe(1);
    expect(partial.sort()).toEqual(['tau=0/d=20', 'tau=0/d=40', 'tau=0/d=80', 'tau=1/d=20', 'tau=1/d=40', 'tau=1/d=80'].sort());
    expect(res.fits.length).toBe(2);
    expect(res.curves.length).toBe(6);
    // mean over draws
    const c = res.curves.find((x) => x.tau === 0 && x.d === 40)!;
    expect(c.risk[5]).toBeCloseTo((c.draws[0]!.risk[5]! + c.draws[1]!.risk[5]!) / 2, 14);
    expect(res.delta_eta[0]).toBe(0);
    expect(Number.isFinite(res.delta_eta[1])).toBe(true);
    expect(res.theory.tau).toBe(0);
    expect(res.theory.phase).toBe('Ia');
  });

  it('converts to a stored-run TaskOutput (curves by role, §6 summary, headline)', async () => {
    const res = await runStudy(spec0, portableBackend, { progress: () => {}, cancelled: () => false }, { compute: synthUnit });
    const out = studyTaskOutput(res);
    expect(out.summary.fits).toBe(res.fits);
    expect(out.summary.delta_eta).toBe(res.delta_eta);
    const roles = out.curves.map((c) => c.meta.role);
    expect(roles.filter((r) => r === 'risk').length).toBe(6);
    expect(roles.filter((r) => r === 'risk-draw').length).toBe(12);
    expect(roles.filter((r) => r === 'frontier').length).toBe(2);
    for (const c of out.curves) {
      const lens = Object.values(c.columns).map((x) => x.length);
      expect(new Set(lens).size).toBe(1);
    }
    expect(out.headline!.eta).toBe(res.fits[0]!.eta);
    expect(new Set(out.curves.map((c) => c.key)).size).toBe(out.curves.length);
  });

  it('stops with CancelledError when cancelled between units', async () => {
    let n = 0;
    const ctx: TaskContext = { progress: () => {}, cancelled: () => n >= 3 };
    const compute = (s: StudySpec, u: StudyUnit) => {
      n++;
      return synthUnit(s, u);
    };
    await expect(runStudy(spec0, portableBackend, ctx, { compute })).rejects.toBeInstanceOf(CancelledError);
    // polled between jobs; an exact job holds the |τ| = 2 units of one (d, draw)
    expect(n).toBe(4);
  });

  it('validates before any work', async () => {
    let called = false;
    const ctx: TaskContext = { progress: () => (called = true), cancelled: () => false };
    await expect(runStudy({ ...base, beta: -5 }, portableBackend, ctx)).rejects.toSatisfy(isParamError);
    expect(called).toBe(false);
  });
});

describe('exact study pipeline', () => {
  const small = validateStudySpec({ alpha: 0.6, beta: 0.2, dgrid: [16, 32, 64], vRatio: 2, tau: [0, 1], draws: 2, bootstrap: 50, checkpoints: 50, rmaxFactor: 2 });

  it('each unit curve equals the step recurrence of its own drawn problem (independent path)', async () => {
    const res = await runStudy(small, portableBackend, { progress: () => {}, cancelled: () => false });
    for (const c of res.curves.filter((x) => x.d === 32)) {
      for (const dr of c.draws) {
        const p = makeProblem({ alpha: 0.6, beta: 0.2, v: 64, d: 32, tau: c.tau, seed: 0, draw: dr.draw });
        const sp = reduceProblem(p, portableBackend);
        const g = 0.5 * gammaMax(sp.lambda, 1);
        expect(dr.gamma).toBeCloseTo(g, 14);
        const ref = riskRecurrence(measureFromProblem(sp), { gamma: g, batch: 1 }, c.r);
        for (let i = 0; i < c.r.length; i++) expect(Math.abs(dr.risk[i]! / ref[i]! - 1)).toBeLessThan(1e-9);
      }
    }
  });

  it('the worker-thread executor gives the same curves as the inline run', async () => {
    const ctx = { progress: () => {}, cancelled: () => false };
    const a = await runStudy(small, portableBackend, ctx);
    const executor = threadExecutor({ threads: 2 });
    const b = await runStudy(small, portableBackend, ctx, { executor });
    // the pool is reused by a second run of the same executor
    const b2 = await runStudy(small, portableBackend, ctx, { executor });
    await executor.close();
    expect(b2.fits[0]!.eta).toBe(b.fits[0]!.eta);
    // this thread as one lane plus one worker thread
    const mixed = threadExecutor({ threads: 2, fallbackBackend: portableBackend });
    const b3 = await runStudy(small, portableBackend, ctx, { executor: mixed });
    await mixed.close();
    expect(b3.curves.length).toBe(a.curves.length);
    expect(Math.abs(b3.fits[0]!.eta - a.fits[0]!.eta)).toBeLessThan(1e-6);
    expect(b.curves.length).toBe(a.curves.length);
    for (const c of a.curves) {
      const c2 = b.curves.find((x) => x.tau === c.tau && x.d === c.d)!;
      // the threads may use the native backend: equal to rounding of the eigen-solver
      for (let i = 0; i < c.risk.length; i++) expect(Math.abs(c2.risk[i]! / c.risk[i]! - 1)).toBeLessThan(1e-8);
    }
    expect(Math.abs(b.fits[0]!.eta - a.fits[0]!.eta)).toBeLessThan(1e-6);
  });

  it('sgd method: the runs of a single draw are the bootstrap replicates; the mean agrees with the exact curve', async () => {
    const common = { alpha: 0.9, beta: 0.6, dgrid: [8, 16, 32], tau: [0], draws: 1, bootstrap: 50, checkpoints: 30, rmax: 3000 };
    const ctx = { progress: () => {}, cancelled: () => false };
    const ex = await runStudy({ ...common, method: 'exact' }, portableBackend, ctx);
    const sg = await runStudy({ ...common, method: 'sgd', runs: 40 }, portableBackend, ctx);
    expect(sg.fits[0]!.ci_method).toBe('runs');
    for (const c of sg.curves) {
      const e = ex.curves.find((x) => x.d === c.d)!;
      expect(c.r).toEqual(e.r);
      expect(c.draws[0]!.gamma).toBeCloseTo(e.draws[0]!.gamma, 12);
    }
    // one unit directly, with its run curves: the mean of 40 runs is within 5 standard errors of
    // the closed-form expected risk of the same draw at the last 10 checkpoints
    const spec = validateStudySpec({ ...common, method: 'sgd', runs: 40 });
    const unit = planUnits(spec).find((u) => u.d === 32)!;
    const res = computeUnit(spec, unit, portableBackend);
    const runs = res.runCurves!;
    expect(runs.length).toBe(40);
    const e = ex.curves.find((x) => x.d === 32)!;
    for (let i = res.r.length - 10; i < res.r.length; i++) {
      const xs = runs.map((c) => c[i]!);
      const m = xs.reduce((a, b) => a + b, 0) / xs.length;
      const sd = Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1));
      expect(m).toBeCloseTo(res.risk[i]!, 12);
      expect(Math.abs(m - e.risk[i]!)).toBeLessThan(5 * (sd / Math.sqrt(xs.length)));
    }
  });

  it('cancellation stops the worker threads', async () => {
    let cancel = false;
    const ctx: TaskContext = { progress: () => (cancel = true), cancelled: () => cancel };
    const t0 = performance.now();
    const executor = threadExecutor({ threads: 2 });
    await expect(runStudy(small, portableBackend, ctx, { executor })).rejects.toBeInstanceOf(CancelledError);
    await executor.close();
    expect(performance.now() - t0).toBeLessThan(20_000);
  });
});
