import { describe, expect, it } from 'vitest';
import { makeProblem } from '../../../src-shared/model/problem';
import { reduceProblem } from '../../../src-shared/model/spectral-reduction';
import { portableBackend } from '../../../src-shared/linalg/portable';
import { measureFromProblem, type SpectralProblem } from '../../../src-shared/dynamics/measure';
import { riskRecurrence } from '../../../src-shared/dynamics/recurrence';
import { gammaMax } from '../../../src-shared/dynamics/stability';
import { sgdRotated } from '../../../src-shared/dynamics/sgd-rotated';
import { sgdNaive } from '../../../src-shared/dynamics/sgd-naive';
import { summarizeRuns } from '../../../src-shared/dynamics/sgd-runs';
import { logCheckpoints } from '../../../src-shared/dynamics/checkpoints';

// small problem so that ≥ 200 naive and ≥ 1000 rotated runs are fast
const v = 24, d = 8;
const cps = logCheckpoints(300, 10); // 0 plus 9 checkpoints ≥ 1

/** z-scores of the simulated mean against a reference curve (t > 0); t = 0 checked exactly */
function zScores(mean: number[], stderr: number[], ref: ArrayLike<number>): number[] {
  expect(Math.abs(mean[0]! - ref[0]!) / ref[0]!).toBeLessThan(1e-12);
  return mean.slice(1).map((m, k) => (m - ref[k + 1]!) / stderr[k + 1]!);
}

/** the WRONG recurrence with B² instead of B(B+1) in ρ (negative control) */
function wrongRecurrence(S: SpectralProblem, gamma: number, B: number, t: number[]): number[] {
  const n = S.lambda.length;
  const m = Float64Array.from(S.m0);
  const out: number[] = [];
  for (let s = 0, k = 0; k < t.length; s++) {
    let R = S.sigma2;
    for (let j = 0; j < n; j++) R += S.lambda[j]! * m[j]!;
    if (s === t[k]) {
      out.push(R);
      k++;
    }
    for (let j = 0; j < n; j++) {
      const l = S.lambda[j]!;
      m[j] = (1 - 2 * gamma * B * l + gamma * gamma * B * B * l * l) * m[j]! + gamma * gamma * B * l * R;
    }
  }
  return out;
}

describe('SGD simulators match the expected-risk recurrence (4 standard errors)', () => {
  for (const tau of [0, 1]) {
    for (const B of [1, 4]) {
      it(`τ = ${tau}/√d, B = ${B}: naive (200 runs) and rotated (1000 runs)`, () => {
        const P = makeProblem({ alpha: 0.8, beta: 0.6, v, d, tau, seed: 3, draw: 0 });
        const S = reduceProblem(P, portableBackend);
        const opts = { gamma: 0.5 * gammaMax(S.lambda, B), batch: B };
        const ref = riskRecurrence(measureFromProblem(S), opts, cps);
        const rot = summarizeRuns([sgdRotated(S, { ...opts, runs: 1000, seed: 1, draw: 0 }, cps)]);
        const nai = summarizeRuns([sgdNaive(P, { ...opts, runs: 200, seed: 2, draw: 0 }, cps)]);
        expect(rot.used).toBe(1000);
        expect(nai.used).toBe(200);
        for (const z of zScores(rot.mean, rot.stderr, ref)) expect(Math.abs(z)).toBeLessThan(4);
        for (const z of zScores(nai.mean, nai.stderr, ref)) expect(Math.abs(z)).toBeLessThan(4);
        // quantile bands are ordered and bracket the median
        for (let k = 0; k < cps.length; k++) {
          const q = rot.quantiles;
          expect(q.q05[k]! <= q.q25[k]! && q.q25[k]! <= q.q50[k]! && q.q50[k]! <= q.q75[k]! && q.q75[k]! <= q.q95[k]!).toBe(true);
        }
      });
    }
  }

  it('negative control: the same test rejects a recurrence with B² instead of B(B+1)', () => {
    const B = 4;
    const P = makeProblem({ alpha: 0.8, beta: 0.6, v, d, tau: 0, seed: 3, draw: 0 });
    const S = reduceProblem(P, portableBackend);
    const gamma = 0.5 * gammaMax(S.lambda, B);
    const wrong = wrongRecurrence(S, gamma, B, cps);
    const rot = summarizeRuns([sgdRotated(S, { gamma, batch: B, runs: 1000, seed: 1, draw: 0 }, cps)]);
    const z = zScores(rot.mean, rot.stderr, wrong);
    expect(Math.max(...z.map(Math.abs))).toBeGreaterThan(4);
  });

  it('divergence is reported as {run, step}, never as a NaN curve', () => {
    const P = makeProblem({ alpha: 0.8, beta: 0.6, v, d, tau: 0, seed: 3, draw: 0 });
    const S = reduceProblem(P, portableBackend);
    const gm = gammaMax(S.lambda, 1);
    const c = logCheckpoints(2000, 20);
    const res = sgdRotated(S, { gamma: 3 * gm, batch: 1, runs: 5, seed: 1, draw: 0 }, c);
    expect(res.divergence.length).toBe(5);
    for (const dv of res.divergence) expect(c).toContain(dv.step);
    const ok = sgdRotated(S, { gamma: 0.5 * gm, batch: 1, runs: 5, seed: 1, draw: 0 }, c);
    const sum = summarizeRuns([res, ok]);
    expect(sum.used).toBe(5);
    expect(sum.mean.every(Number.isFinite)).toBe(true);
  });

  it('runs are reproducible from (seed, draw, run) regardless of how they are split', () => {
    const S = reduceProblem(makeProblem({ alpha: 1, beta: 0.7, v: 40, d: 12, tau: 1, seed: 5, draw: 0 }), portableBackend);
    const o = { gamma: 0.4 * gammaMax(S.lambda, 2), batch: 2, seed: 9, draw: 0 };
    const c = logCheckpoints(100, 8);
    const all = sgdRotated(S, { ...o, runs: 6 }, c);
    const tail = sgdRotated(S, { ...o, runs: 3, runOffset: 3 }, c);
    expect(all.curves.subarray(3 * c.length)).toEqual(tail.curves);
  });
});
