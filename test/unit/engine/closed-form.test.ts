import { describe, expect, it } from 'vitest';
import { measureFromProblem, type DiscreteMeasure } from '../../../src-shared/dynamics/measure';
import { riskRecurrence } from '../../../src-shared/dynamics/recurrence';
import { prepareClosedForm, riskClosedForm } from '../../../src-shared/dynamics/closed-form';
import { gammaMax, stabilityQ, resolveGamma, DEFAULT_GAMMA_FRACTION } from '../../../src-shared/dynamics/stability';
import { logCheckpoints } from '../../../src-shared/dynamics/checkpoints';
import { isParamError } from '../../../src-shared/params/errors';
import { CancelledError } from '../../../src-shared/compute/task';
import { maxRelErr, syntheticMeasure, syntheticProblem } from './helpers';

const cps = logCheckpoints(30000, 60); // ≥ 50 checkpoints

describe('closed-form risk curve vs the step recurrence', () => {
  const cases: [string, number, number, number, number][] = [
    // name, n, decades, gamma fraction, batch
    ['easy: 3 decades', 60, 3, 0.5, 1],
    ['hard: 12 decades', 300, 12, 0.5, 1],
    ['12 decades, B = 4, γ = 0.999 γ_max', 300, 12, 0.999, 4],
    ['near γ_max: 0.9999, B = 1', 120, 6, 0.9999, 1],
  ];
  for (const [name, n, dec, frac, B] of cases) {
    it(`${name}: 1e-10 relative at ${cps.length} checkpoints`, () => {
      const M = measureFromProblem(syntheticProblem(n, dec, n));
      const opts = { gamma: frac * gammaMax(M.lambda, B), batch: B };
      const cf = riskClosedForm(M, opts, cps);
      const rec = riskRecurrence(M, opts, cps);
      expect(maxRelErr(cf, rec)).toBeLessThan(1e-10);
    });
  }

  it('general Volterra measures (kernel ≠ λ²), zero-kernel atoms, repeated and zero eigenvalues', () => {
    const base = syntheticMeasure(200, 10);
    const n = base.lambda.length;
    const lambda = Float64Array.from([...base.lambda, base.lambda[50]!, base.lambda[120]!, 0, 0.3]);
    const forcing = Float64Array.from([...base.forcing, 0.01, 0.002, 0.05, 0.01]);
    const kernel = Float64Array.from([...base.kernel, base.kernel[50]!, 0, 0, 0]);
    kernel[10] = 0; // a driving-only atom inside the spectrum
    const M: DiscreteMeasure = { lambda, forcing, kernel, F0: base.F0 };
    expect(lambda.length).toBe(n + 4);
    const gm = gammaMax(M.lambda, 2, Float64Array.from(M.kernel, (k, i) => (M.lambda[i]! > 0 ? k / M.lambda[i]! ** 2 : 0)));
    const opts = { gamma: 0.7 * gm, batch: 2 };
    expect(maxRelErr(riskClosedForm(M, opts, cps), riskRecurrence(M, opts, cps))).toBeLessThan(1e-10);
  });

  it('R(∞) = σ²/(1 − q), the modes sum to R(0), and the spectral radius is below 1', () => {
    const P = syntheticProblem(80, 4, 5);
    const M = measureFromProblem(P);
    const B = 3;
    const gamma = 0.9 * gammaMax(P.lambda, B);
    const cf = prepareClosedForm(M, { gamma, batch: B });
    const q = stabilityQ(P.lambda, B, gamma);
    expect(Math.abs(cf.riskInfinity - P.sigma2 / (1 - q)) / cf.riskInfinity).toBeLessThan(1e-12 / (1 - q));
    let r0 = P.sigma2;
    for (let i = 0; i < P.lambda.length; i++) r0 += P.lambda[i]! * P.m0[i]!;
    expect(Math.abs(cf.risk([0])[0]! - r0) / r0).toBeLessThan(1e-13);
    expect(cf.spectralRadius).toBeLessThan(1);
    // far beyond the slowest mode the curve is at R(∞)
    const tFar = Math.ceil(60 / cf.modes.nu[0]!);
    expect(Math.abs(cf.risk([tFar])[0]! - cf.riskInfinity) / cf.riskInfinity).toBeLessThan(1e-12);
  });
});

describe('closed form: cancellation', () => {
  it('throws CancelledError when cancelled() turns true', () => {
    const M = measureFromProblem(syntheticProblem(300, 6, 2));
    let polls = 0;
    expect(() => prepareClosedForm(M, { gamma: 0.5 * gammaMax(M.lambda, 1), batch: 1, cancelled: () => ++polls > 2 })).toThrow(CancelledError);
  });
});

describe('stability limit γ_max', () => {
  it('q(γ_max) = 1 and the recurrence is stable just below, unstable just above', () => {
    for (const B of [1, 4]) {
      const P = syntheticProblem(40, 3, 9);
      const gm = gammaMax(P.lambda, B);
      expect(gm * (B + 1) * P.lambda[P.lambda.length - 1]!).toBeLessThan(2);
      expect(Math.abs(stabilityQ(P.lambda, B, gm) - 1)).toBeLessThan(1e-10);
      const M = measureFromProblem(P);
      const below = prepareClosedForm(M, { gamma: 0.995 * gm, batch: B });
      const above = prepareClosedForm(M, { gamma: 1.005 * gm, batch: B });
      expect(below.spectralRadius).toBeLessThan(1);
      expect(above.spectralRadius).toBeGreaterThan(1);
      expect(above.riskInfinity).toBe(Infinity);
      const t = [0, 20000];
      const rb = riskRecurrence(M, { gamma: 0.995 * gm, batch: B }, t);
      const ra = riskRecurrence(M, { gamma: 1.005 * gm, batch: B }, t);
      expect(rb[1]!).toBeLessThan(10 * rb[0]!);
      expect(ra[1]!).toBeGreaterThan(1e3 * ra[0]!);
    }
  });

  it('resolveGamma: default fraction, explicit γ, and γ ≥ γ_max is a ParamError naming gamma', () => {
    const P = syntheticProblem(30, 2, 3);
    const gm = gammaMax(P.lambda, 1);
    expect(resolveGamma({}, P.lambda, 1).gamma).toBeCloseTo(DEFAULT_GAMMA_FRACTION * gm, 14);
    expect(resolveGamma({ gamma: 0.3 * gm }, P.lambda, 1).gammaFraction).toBeCloseTo(0.3, 14);
    let err: unknown;
    try {
      resolveGamma({ gamma: gm }, P.lambda, 1);
    } catch (e) {
      err = e;
    }
    expect(isParamError(err) && err.param === 'gamma' && /gamma_max/.test(err.message)).toBe(true);
  });
});

describe('logCheckpoints', () => {
  it('integer, strictly increasing, includes 0 and rmax, exactly n when possible', () => {
    for (const [rmax, n] of [
      [10, 100],
      [1000, 50],
      [1e6, 200],
      [37, 20],
    ] as const) {
      const c = logCheckpoints(rmax, n);
      expect(c[0]).toBe(0);
      expect(c[c.length - 1]).toBe(rmax);
      expect(c.length).toBe(Math.min(n, rmax + 1));
      for (let k = 1; k < c.length; k++) {
        expect(Number.isInteger(c[k])).toBe(true);
        expect(c[k]!).toBeGreaterThan(c[k - 1]!);
      }
    }
  });
});
