import { describe, expect, it } from 'vitest';
import { makeProblem } from '../../../src-shared/model/problem';
import { reduceProblem } from '../../../src-shared/model/spectral-reduction';
import { portableBackend } from '../../../src-shared/linalg/portable';
import { exactRisk } from '../../../src-shared/dynamics/sgd-naive';
import { Rng } from '../../../src-shared/rng/rng';
import { leastSquaresResidual } from './helpers';

describe('makeProblem + reduceProblem', () => {
  for (const tau of [0, 1, 4]) {
    it(`σ² equals a Householder-QR least-squares solve of D^{1/2}W̃θ ≈ a (τ = ${tau}/√d)`, () => {
      const v = 120, d = 40;
      const P = makeProblem({ alpha: 0.9, beta: 0.4, v, d, tau, seed: 11, draw: 2 });
      const S = reduceProblem(P, portableBackend);
      const A = new Float64Array(v * d);
      for (let i = 0; i < v; i++) for (let k = 0; k < d; k++) A[i * d + k] = Math.sqrt(P.D[i]!) * P.W[i * d + k]!;
      const sigma2 = leastSquaresResidual(A, P.a, v, d);
      let a2 = 0;
      for (const x of P.a) a2 += x * x;
      // σ² by subtraction carries an absolute error ~ε·d·‖a‖² (spectral-reduction.ts); allow 1e3·ε·d
      expect(Math.abs(S.sigma2 - sigma2)).toBeLessThan(1e3 * 2.2e-16 * d * a2);
      expect(sigma2).toBeGreaterThan(0);
      // R(0) = ‖a‖² = σ² + Σ λ m0 (θ₀ = 0)
      let r0 = S.sigma2;
      for (let j = 0; j < d; j++) r0 += S.lambda[j]! * S.m0[j]!;
      expect(Math.abs(r0 - a2) / a2).toBeLessThan(1e-10);
      for (let j = 1; j < d; j++) expect(S.lambda[j]!).toBeGreaterThanOrEqual(S.lambda[j - 1]!);
    });
  }

  it('the spike adds an outlier eigenvalue carrying the target: σ² drops', () => {
    const v = 400, d = 100;
    const s0 = reduceProblem(makeProblem({ alpha: 1, beta: 0.8, v, d, tau: 0, seed: 1, draw: 0 }), portableBackend);
    const s1 = reduceProblem(makeProblem({ alpha: 1, beta: 0.8, v, d, tau: 1, seed: 1, draw: 0 }), portableBackend);
    expect(s1.lambda[d - 1]!).toBeGreaterThan(s0.lambda[d - 1]!);
    expect(s1.sigma2).toBeLessThan(s0.sigma2);
  });

  it('the risk formula ‖D^{1/2}(W̃θ − b)‖² matches a Monte-Carlo estimate of E[(⟨W̃ᵀx, θ⟩ − ⟨x, b⟩)²]', () => {
    const v = 30, d = 10;
    const P = makeProblem({ alpha: 0.7, beta: 0.5, v, d, tau: 1, seed: 4, draw: 0 });
    const theta = Rng.stream(99, 0, 0).fillNormal(new Float64Array(d), 0.3);
    const exact = exactRisk(P, theta);
    const rng = Rng.stream(99, 0, 1);
    const x = new Float64Array(v);
    const N = 40000;
    let s = 0, s2 = 0;
    for (let n = 0; n < N; n++) {
      rng.fillNormal(x);
      let e = 0;
      for (let i = 0; i < v; i++) {
        const xi = Math.sqrt(P.D[i]!) * x[i]!;
        let f = 0;
        for (let k = 0; k < d; k++) f += P.W[i * d + k]! * theta[k]!;
        e += xi * (f - P.b[i]!);
      }
      s += e * e;
      s2 += e ** 4;
    }
    const mean = s / N;
    const se = Math.sqrt((s2 / N - mean * mean) / N);
    expect(Math.abs(mean - exact)).toBeLessThan(4 * se);
  });

  it('draws are reproducible and independent', () => {
    const a = makeProblem({ alpha: 1, beta: 1, v: 10, d: 5, tau: 0, seed: 3, draw: 0 });
    const b = makeProblem({ alpha: 1, beta: 1, v: 10, d: 5, tau: 0, seed: 3, draw: 0 });
    const c = makeProblem({ alpha: 1, beta: 1, v: 10, d: 5, tau: 0, seed: 3, draw: 1 });
    expect(a.W).toEqual(b.W);
    expect(a.W).not.toEqual(c.W);
  });
});
