// FastPowerLawSums (spiked-sums.ts) is the power-sums.ts algorithm with a specialised tail loop
// for the spiked equivalent's sums. Reference: the direct O(v) sum (directPowerSum). At random
// complex points across the range the root-follower visits, for several (α, β, v), its error
// must be no worse than PowerLawSums' own (the tested reference algorithm) and ≤ 1e-10
// relative to Σ|terms|-free magnitude |S|; the two fast algorithms agree to ~1e-10.
import { describe, expect, it } from 'vitest';
import { PowerLawSums, directPowerSum } from '../../../src-shared/theory/power-sums';
import { FastPowerLawSums } from '../../../src-shared/theory/spiked-sums';
import { Rng } from '../../../src-shared/rng/rng';

describe('FastPowerLawSums', () => {
  for (const [alpha, beta, v] of [
    [0.5, 0.7, 16000],
    [1, 1, 16000],
    [0.6, 0.2, 200000],
    [2.6, 0.3, 5000],
  ] as const) {
    it(`matches the direct sum as well as PowerLawSums does (α=${alpha}, β=${beta}, v=${v})`, () => {
      const a = alpha;
      const b = beta;
      const specs = [
        { p: 2 * a, q: 1 as const },
        { p: 4 * a, q: 2 as const },
        { p: 2 * a + 2 * b, q: 1 as const },
        { p: 4 * a + 2 * b, q: 2 as const },
        { p: 6 * a + 2 * b, q: 3 as const },
        { p: 2 * a + 2 * b, q: 2 as const },
      ];
      const ref = new PowerLawSums(a, v, specs);
      const fast = new FastPowerLawSums(a, v, specs);
      const rng = Rng.stream(7, 0, 0);
      const o1 = new Float64Array(2 * specs.length);
      const o2 = new Float64Array(2 * specs.length);
      let worst = 0;
      for (let k = 0; k < 30; k++) {
        // x = s/d spans many decades with a small imaginary part of either sign
        const mag = Math.pow(10, -2 + 8 * rng.uniform());
        const xr = mag * (rng.uniform() < 0.8 ? 1 : -0.3);
        const xi = -mag * Math.pow(10, -4 * rng.uniform()) * (rng.uniform() < 0.9 ? 1 : -1);
        ref.eval(xr, xi, o1);
        fast.eval(xr, xi, o2);
        for (let i = 0; i < specs.length; i++) {
          const [dr, di] = directPowerSum(a, v, specs[i]!, xr, xi);
          const scale = Math.hypot(dr, di);
          const errRef = Math.hypot(o1[2 * i]! - dr, o1[2 * i + 1]! - di) / scale;
          const errFast = Math.hypot(o2[2 * i]! - dr, o2[2 * i + 1]! - di) / scale;
          worst = Math.max(worst, errFast);
          expect(errFast).toBeLessThanOrEqual(Math.max(4 * errRef, 1e-12));
        }
      }
      expect(worst).toBeLessThan(1e-10);
    });
  }
});
