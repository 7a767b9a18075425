import { describe, expect, it } from 'vitest';
import { runCurve } from '../../../src-shared/compute/curve-task';
import { portableBackend } from '../../../src-shared/linalg/portable';
import { CancelledError, silentContext } from '../../../src-shared/compute/task';
import { isParamError } from '../../../src-shared/params/errors';
import { makeProblem } from '../../../src-shared/model/problem';
import { reduceProblem } from '../../../src-shared/model/spectral-reduction';
import { measureFromProblem } from '../../../src-shared/dynamics/measure';
import { riskRecurrence } from '../../../src-shared/dynamics/recurrence';
import { gammaMax } from '../../../src-shared/dynamics/stability';

const p = { alpha: 1.1, beta: 0.6, v: 50, d: 20, tau: 1, rmax: 400, checkpoints: 10, seed: 4 };

describe('runCurve', () => {
  it('exact: mean over draws of per-draw recurrences at a common γ = F·min γ_max', () => {
    const res = runCurve({ ...p, draws: 3, gammaFraction: 0.6 }, portableBackend, silentContext);
    const specs = [0, 1, 2].map((k) => reduceProblem(makeProblem({ ...p, draw: k }), portableBackend));
    const gmin = Math.min(...specs.map((s) => gammaMax(s.lambda, 1)));
    expect(res.params.gamma).toBeCloseTo(0.6 * gmin, 14);
    expect(res.params.gammaMax).toBeCloseTo(gmin, 14);
    const mean = new Float64Array(res.r.length);
    for (const s of specs) {
      const rr = riskRecurrence(measureFromProblem(s), { gamma: res.params.gamma, batch: 1 }, res.r);
      for (let k = 0; k < mean.length; k++) mean[k] = mean[k]! + rr[k]! / 3;
    }
    for (let k = 0; k < mean.length; k++) expect(Math.abs(res.risk[k]! - mean[k]!) / mean[k]!).toBeLessThan(1e-10);
    expect(res.draws).toHaveLength(3);
  });

  it('sgd: mean, stderr and quantile bands; agrees with exact within 4 standard errors', () => {
    const ex = runCurve({ ...p, batch: 2 }, portableBackend, silentContext);
    const sg = runCurve({ ...p, batch: 2, method: 'sgd', runs: 600 }, portableBackend, silentContext);
    expect(sg.quantiles!.q50).toHaveLength(sg.r.length);
    for (let k = 1; k < sg.r.length; k++) expect(Math.abs(sg.risk[k]! - ex.risk[k]!)).toBeLessThan(4 * sg.stderr![k]!);
  });

  it('γ ≥ γ_max is a ParamError naming gamma; cancellation throws CancelledError', () => {
    let err: unknown;
    try {
      runCurve({ ...p, gamma: 50 }, portableBackend, silentContext);
    } catch (e) {
      err = e;
    }
    expect(isParamError(err) && err.param === 'gamma').toBe(true);
    let calls = 0;
    const ctx = { progress: () => {}, cancelled: () => ++calls > 2 };
    expect(() => runCurve({ ...p, method: 'sgd', runs: 100000, rmax: 100000 }, portableBackend, ctx)).toThrow(CancelledError);
  });
});
