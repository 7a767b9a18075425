// Sampled runs of the optimizer family (dynamics/sgd-family.ts) against the exact expected risk
// (dynamics/family-moments.ts): the mean over runs within 4 standard errors at every checkpoint, for the
// naive latent-space simulator and the eigenbasis one; a wrong moment system (no Gaussian fourth-moment
// correction: B² in place of B(B+1)) must be rejected by the same test.
import { describe, expect, it } from 'vitest';
import { makeProblem } from '../../../src-shared/model/problem';
import { reduceProblem } from '../../../src-shared/model/spectral-reduction';
import { portableBackend } from '../../../src-shared/linalg/portable';
import { measureFromProblem, type SpectralProblem } from '../../../src-shared/dynamics/measure';
import { gammaMax } from '../../../src-shared/dynamics/stability';
import { logCheckpoints } from '../../../src-shared/dynamics/checkpoints';
import { familyBlock, familyRiskRecurrence, type CoefFn } from '../../../src-shared/dynamics/family-moments';
import { checkFamilyStable, momentumGammaMax } from '../../../src-shared/dynamics/family-stability';
import { familyNaive, familyRotated } from '../../../src-shared/dynamics/sgd-family';
import { summarizeRuns } from '../../../src-shared/dynamics/sgd-runs';
import { coefsAt, optimizerParamsSchema, resolveOptimizer, type OptimizerParamsInput } from '../../../src-shared/params/optimizer-params';

const v = 24, d = 8;
const cps = logCheckpoints(300, 10);

/** the WRONG moment recurrence: E[G_j²] with B²λ² P instead of B(B+1)λ² P (negative control) */
function wrongRecurrence(S: SpectralProblem, coefs: CoefFn, B: number, t: number[]): number[] {
  const n = S.lambda.length;
  const P = Float64Array.from(S.m0), Q = new Float64Array(n), Sy = new Float64Array(n);
  const A = new Float64Array(9), f = new Float64Array(3);
  const out: number[] = [];
  for (let s = 0, k = 0; k < t.length; s++) {
    let R = S.sigma2;
    for (let j = 0; j < n; j++) R += S.lambda[j]! * P[j]!;
    if (s === t[k]) {
      out.push(R);
      k++;
    }
    const c = coefs(s);
    const a = c.g2 + c.g1 * c.g3;
    for (let j = 0; j < n; j++) {
      const l = S.lambda[j]!;
      familyBlock(l, B, c, A, f);
      const dl = B * l * l; // B(B+1)λ² − B²λ²
      A[0] = A[0]! - a * a * dl;
      A[3] = A[3]! + a * c.g1 * dl;
      A[6] = A[6]! - c.g1 * c.g1 * dl;
      const p = P[j]!, q = Q[j]!, y = Sy[j]!;
      const w = B * l * R;
      P[j] = A[0]! * p + A[1]! * q + A[2]! * y + f[0]! * w;
      Q[j] = A[3]! * p + A[4]! * q + A[5]! * y + f[1]! * w;
      Sy[j] = A[6]! * p + A[7]! * q + A[8]! * y + f[2]! * w;
    }
  }
  return out;
}

function zScores(mean: number[], stderr: number[], ref: ArrayLike<number>): number[] {
  expect(Math.abs(mean[0]! - ref[0]!) / ref[0]!).toBeLessThan(1e-12);
  return mean.slice(1).map((m, k) => (m - ref[k + 1]!) / stderr[k + 1]!);
}

// γ = half the SGD (or heavy-ball) stability limit of the draw; DANA: g2 = γ, g3 = 0.2γ(1 + t)^{-0.6}
const cases: { name: string; input: (gamma: number) => OptimizerParamsInput }[] = [
  { name: 'momentum μ = 0.8', input: () => ({ optimizer: 'momentum', momentum: 0.8 }) },
  { name: 'dana-decaying', input: (g) => ({ optimizer: 'dana-decaying', g2: g, g3: { c: 0.2 * g, p: -0.6 } }) },
  { name: 'sgd, decaying step', input: () => ({ optimizer: 'sgd', gammaPower: -0.5, gammaT0: 20 }) },
];

describe('sampled family runs match the exact expected risk (4 standard errors)', () => {
  for (const c of cases) {
    for (const [tau, B] of [
      [0, 1],
      [1, 3],
    ] as const) {
      it(`${c.name}, τ = ${tau}/√d, B = ${B}: naive (150 runs) and rotated (1000 runs)`, () => {
        const ctx = { alpha: 0.8, beta: 0.6, v, d };
        const P = makeProblem({ ...ctx, tau, seed: 3, draw: 0 });
        const S = reduceProblem(P, portableBackend);
        const M = measureFromProblem(S);
        const gamma = c.name.startsWith('momentum') ? 0.5 * momentumGammaMax(M, B, 0.8) : 0.5 * gammaMax(S.lambda, B);
        const o = resolveOptimizer(optimizerParamsSchema.parse(c.input(gamma)), { ...ctx, tau, batch: B, rmax: 300, gamma });
        checkFamilyStable(M, B, o, 300);
        const coefs: CoefFn = (t) => coefsAt(o, t);
        const ref = familyRiskRecurrence(M, coefs, { batch: B }, cps);
        expect(ref[ref.length - 1]! / ref[0]!).toBeLessThan(0.5);
        const rot = summarizeRuns([familyRotated(S, { coefs, batch: B, runs: 1000, seed: 1, draw: 0 }, cps)]);
        const nai = summarizeRuns([familyNaive(P, { coefs, batch: B, runs: 150, seed: 2, draw: 0 }, cps)]);
        expect(rot.used).toBe(1000);
        expect(nai.used).toBe(150);
        for (const z of zScores(rot.mean, rot.stderr, ref)) expect(Math.abs(z)).toBeLessThan(4);
        for (const z of zScores(nai.mean, nai.stderr, ref)) expect(Math.abs(z)).toBeLessThan(4);
        // negative control: the moment system without the fourth-moment correction is rejected
        const wrong = wrongRecurrence(S, coefs, B, cps);
        const zw = zScores(rot.mean, rot.stderr, wrong);
        expect(Math.max(...zw.map(Math.abs))).toBeGreaterThan(4);
      });
    }
  }

  it('runs are reproducible from (seed, draw, run) and independent of runOffset splits', () => {
    const ctx = { alpha: 0.8, beta: 0.6, v, d };
    const S = reduceProblem(makeProblem({ ...ctx, tau: 1, seed: 3, draw: 0 }), portableBackend);
    const o = resolveOptimizer(optimizerParamsSchema.parse({ optimizer: 'dana-decaying' }), { ...ctx, batch: 2, rmax: 300 });
    const coefs: CoefFn = (t) => coefsAt(o, t);
    const all = familyRotated(S, { coefs, batch: 2, runs: 6, seed: 9, draw: 1 }, cps);
    const a = familyRotated(S, { coefs, batch: 2, runs: 2, seed: 9, draw: 1 }, cps);
    const b = familyRotated(S, { coefs, batch: 2, runs: 4, seed: 9, draw: 1, runOffset: 2 }, cps);
    expect(Array.from(all.curves)).toEqual([...a.curves, ...b.curves]);
  });
});
