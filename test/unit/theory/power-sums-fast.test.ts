// PowerLawSums' specialised tail loop (sets of sums whose exponents all decompose as
// p = 2α·ka + e·kb, no arg sum — the spiked equivalent's sums) against its general loop
// (the default) and the direct O(v) sum (directPowerSum). At random complex points across
// the range the root-follower visits, for several (α, β, v), the specialised loop's error must be
// no worse than the general loop's (4× or 1e-12) and ≤ 1e-10 relative to |S|.
import { describe, expect, it } from 'vitest';
import { PowerLawSums, directPowerSum } from '../../../src-shared/theory/power-sums';
import { Rng } from '../../../src-shared/rng/rng';

describe('PowerLawSums, specialised tail loop', () => {
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
      const fast = new PowerLawSums(a, v, specs, 64, { specialised: true });
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
