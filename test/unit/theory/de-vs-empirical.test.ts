// Deterministic-equivalent spectrum vs eigenvalues of K = W̃ᵀDW̃ over 10 independent draws
// (v = 2000, d = 1000, (α, β) = (0.5, 0.7) — the seed-000 figure, on the III/IVa boundary),
// τ = 0 and τ = 1/√d. Independent path: dense eigen-decompositions (portable backend) of drawn
// problems. Criteria:
//  - histogram over 40 log bins: for every bin with ≥ 5 eigenvalues the predicted count is within
//    max(5 %, 3√n/n) of the observed n — 5 % where the bin holds ≥ 400 eigenvalues, the Poisson
//    3σ band below (eigenvalue counts are sub-Poissonian, so this is conservative);
//  - F₀ vs the mean σ² within 3 standard errors (observed: z = −0.56 at τ = 0, 0.07 at τ = 1/√d);
//  - τ = 1/√d: outlier location and weight vs the mean top eigenpair (λ_top, (aᵀû_top)²) within 3 s.e.
import { describe, expect, it } from 'vitest';
import { deSpectrum, type DESpectrum } from '../../../src-shared/theory/de-spectrum';
import { runSpectrum } from '../../../src-shared/compute/spectrum-task';
import { portableBackend } from '../../../src-shared/linalg/portable';

/** ∫_{e0}^{e1} density dλ on the DE grid (trapezoid, linear interpolation at the ends) */
function massBetween(s: DESpectrum, e0: number, e1: number): number {
  const L = s.lambda,
    D = s.density;
  if (s.cdf) {
    const c = (e: number) => {
      let i = 0;
      while (i < L.length - 2 && L[i + 1]! < e) i++;
      const t = Math.min(1, Math.max(0, (Math.log(e) - Math.log(L[i]!)) / (Math.log(L[i + 1]!) - Math.log(L[i]!))));
      return s.cdf![i]! + t * (s.cdf![i + 1]! - s.cdf![i]!);
    };
    return (c(e1) - c(e0)) / s.params.d;
  }
  const f = (l: number) => {
    let i = 0;
    while (i < L.length - 2 && L[i + 1]! < l) i++;
    const t = Math.min(1, Math.max(0, (l - L[i]!) / (L[i + 1]! - L[i]!)));
    return D[i]! + t * (D[i + 1]! - D[i]!);
  };
  let m = 0;
  let prevL = e0,
    prevD = f(e0);
  for (let i = 0; i < L.length; i++) {
    if (L[i]! <= e0 || L[i]! >= e1) continue;
    m += 0.5 * (L[i]! - prevL) * (D[i]! + prevD);
    prevL = L[i]!;
    prevD = D[i]!;
  }
  m += 0.5 * (e1 - prevL) * (f(e1) + prevD);
  return m;
}

describe('deterministic equivalent vs empirical spectra (v = 2000, d = 1000, 10 draws)', () => {
  const p = { alpha: 0.5, beta: 0.7, v: 2000, d: 1000 };
  for (const tau of [0, 1]) {
    it(`τ = ${tau}/√d: density, F₀${tau ? ', outlier' : ''}`, () => {
      const de = deSpectrum({ ...p, tau });
      const emp = runSpectrum({ method: 'empirical', ...p, tau, draws: 10, seed: 3, bins: 40 }, portableBackend);
      const edges = emp.edges!;
      const counts = emp.counts!;
      let checked = 0;
      for (let b = 0; b < counts.length; b++) {
        const n = counts[b]!;
        if (n < 5) continue;
        const pred = massBetween(de, edges[b]!, edges[b + 1]!) * p.d * 10;
        const tol = Math.max(0.05 * n, 3 * Math.sqrt(n));
        expect(Math.abs(pred - n), `bin [${edges[b]}, ${edges[b + 1]}] n=${n} pred=${pred}`).toBeLessThanOrEqual(tol);
        checked++;
      }
      expect(checked).toBeGreaterThan(20);
      expect(Math.abs(de.F0 - emp.F0)).toBeLessThanOrEqual(3 * emp.F0_se!);
      if (tau > 0) {
        expect(de.outlier).not.toBeNull();
        expect(Math.abs(de.outlier!.lambda - emp.top!.lambda)).toBeLessThanOrEqual(3 * emp.top!.lambda_se);
        expect(Math.abs(de.outlier!.weight - emp.top!.weight)).toBeLessThanOrEqual(3 * emp.top!.weight_se);
        // the target direction enters the features: F₀ drops sharply (seed 000)
        expect(de.F0).toBeLessThan(0.5 * deSpectrum({ ...p, v: 2000, tau: 0 }).F0);
      } else expect(de.outlier).toBeNull();
    }, 120_000);
  }
});
