// Deterministic-equivalent frontiers against the phase theory (τ = 0, seed 000 table):
//   Ia  (0.6, 0.2): η = (2α + 2β − 1)/(2α + 1) = 0.6/2.2 = 3/11 ≈ 0.2727, ξ = 1/(2α + 1) = 0.4545
//   II  (0.9, 0.6): η = (2α + 2β − 1)/(2(α + β)) = 2/3,                ξ = (β/α)/(1 + β/α) = 0.4
//   III (0.7, 1.0): η = (4α − 1)/(4α) = 1.8/2.8 ≈ 0.6429,               ξ = 1/2
// Ranges: d = 100…6400 (7 doubling sizes), v = 2d. The theory is asymptotic: it needs the
// frontier's crossovers at times γBr ∈ [M, d^{2α}/M] (PPXP24 Prop. 8.3) with all four terms in
// their power-law regimes, which for α ≈ 0.6–0.9 means d in the hundreds at least. The local slope
// (fits between successive size switches, measured while choosing the range) still drifts towards
// the theory over this range — Ia: 0.254 (d ≈ 140) → 0.266 (d ≈ 2300); II: 0.642 → 0.654;
// III: flat at 0.637–0.638 — so a window over the whole range is within 0.02 of theory, well
// inside the 0.03 asked for, while the smallest sizes (d < 100) would pull Ia and II further off.
// Points sit away from phase boundaries, where the asymptotics are slowest.
import { afterAll, describe, expect, it } from 'vitest';
import { runStudy } from '../../../src-shared/compute/study-task';
import { validateStudySpec } from '../../../src-shared/params/study-params';
import { portableBackend } from '../../../src-shared/linalg/portable';
import { phaseOf } from '../../../src-shared/theory/phases';
import { threadExecutor } from '../../../src-main/study/pool';

const dgrid = [100, 200, 400, 800, 1600, 3200, 6400];

describe('deterministic-equivalent frontiers vs phase theory (τ = 0)', () => {
  const executor = threadExecutor({ fallbackBackend: portableBackend });
  afterAll(() => executor.close());
  const cases: [string, number, number, number, number][] = [
    ['Ia', 0.6, 0.2, 3 / 11, 1 / 2.2],
    ['II', 0.9, 0.6, 2 / 3, 0.4],
    ['III', 0.7, 1.0, 1.8 / 2.8, 0.5],
  ];
  for (const [phase, alpha, beta, eta, xi] of cases) {
    it(`${phase} (${alpha}, ${beta}): η within 0.03 of ${eta.toFixed(4)}`, async () => {
      // the hand-derived values above agree with the theory module
      const th = phaseOf(alpha, beta);
      expect(th.phase).toBe(phase);
      expect(th.eta).toBeCloseTo(eta, 10);
      expect(th.xi).toBeCloseTo(xi, 10);
      const spec = validateStudySpec({ alpha, beta, dgrid, vRatio: 2, tau: [0], method: 'de', bootstrap: 100 });
      const res = await runStudy(spec, portableBackend, { progress: () => {}, cancelled: () => false }, { executor });
      const fit = res.fits[0]!;
      expect(fit.window_interior).toBe(true);
      expect(Math.abs(fit.eta - eta)).toBeLessThan(0.03);
      // ξ converges more slowly (one crossover per size), reported here, asserted loosely
      expect(Math.abs(fit.xi - xi)).toBeLessThan(0.06);
      expect(res.theory.phase).toBe(phase);
      expect(res.theory.eta).toBeCloseTo(eta, 10);
    });
  }
});
