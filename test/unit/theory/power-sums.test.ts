// Tail summation (head + Euler–Maclaurin + Gauss–Legendre) against the direct O(v) sum at
// v = 1e5 (DESIGN.md §3 "large sizes"). Error measured relative to Σ_j |term_j|, the condition
// scale of the sum (near a resonance the terms cancel and the sum itself can be much smaller
// than its terms; the direct sum is then only accurate to ~1e-16 · Σ|terms| too).
import { describe, expect, it } from 'vitest';
import { PowerLawSums, type SumSpec } from '../../../src-shared/theory/power-sums';

function direct(alpha: number, v: number, s: SumSpec, xr: number, xi: number): { re: number; im: number; abs: number } {
  let re = 0,
    im = 0,
    abs = 0;
  for (let j = 1; j <= v; j++) {
    const l = Math.pow(j, -2 * alpha);
    const gr = 1 + xr * l,
      gi = xi * l;
    if (s.q === 0) {
      const t = Math.atan2(Math.max(xi, 0) * l, gr);
      re += t;
      abs += Math.abs(t);
      continue;
    }
    const n = gr * gr + gi * gi;
    let wr = gr / n,
      wi = -gi / n;
    const br = wr,
      bi = wi;
    for (let k = 1; k < s.q; k++) {
      const t = wr * br - wi * bi;
      wi = wr * bi + wi * br;
      wr = t;
    }
    const c = Math.pow(j, -s.p);
    re += c * wr;
    im += c * wi;
    abs += c * Math.hypot(wr, wi);
  }
  return { re, im, abs };
}

describe('power-law sums with tail summation', () => {
  const v = 100000;
  for (const [alpha, beta] of [
    [0.5, 0.7],
    [0.3, 0.4],
    [1.5, 0.2],
  ] as const) {
    it(`match the direct sum to 1e-10 at v = 1e5, α = ${alpha}, β = ${beta}`, () => {
      const specs: SumSpec[] = [
        { p: 2 * alpha, q: 1 },
        { p: 4 * alpha, q: 2 },
        { p: 2 * alpha + 2 * beta, q: 1 },
        { p: 4 * alpha + 2 * beta, q: 2 },
        { p: 6 * alpha + 2 * beta, q: 3 },
        { p: 0, q: 0 },
      ];
      const S = new PowerLawSums(alpha, v, specs, 48);
      const out = new Float64Array(2 * specs.length);
      // points from the bulk (x ~ −1/λ with Im x ~ |x|), near a resonance deep in the tail,
      // outside the spectrum (real x), and the z → 0 end (x = κ > 0)
      const xs: [number, number][] = [
        [-1.3, 0.2],
        [-40, 3],
        [-2e3, 1e3],
        [-Math.pow(3e4, 2 * alpha), 0.05 * Math.pow(3e4, 2 * alpha)],
        [-Math.pow(8e4, 2 * alpha), 1e-3 * Math.pow(8e4, 2 * alpha)],
        [5e3, 0],
        [1e2, 1e2],
      ];
      for (const [xr, xi] of xs) {
        S.eval(xr, xi, out);
        specs.forEach((sp, k) => {
          const ref = direct(alpha, v, sp, xr, xi);
          const err = Math.hypot(out[2 * k]! - ref.re, out[2 * k + 1]! - ref.im) / Math.max(ref.abs, 1e-300);
          expect(err, `x = ${xr} + ${xi}i, spec ${JSON.stringify(sp)}`).toBeLessThan(1e-10);
        });
      }
    });
  }

  it('costs far fewer than v terms per evaluation', () => {
    const S = new PowerLawSums(0.5, 1e6, [{ p: 1, q: 1 }], 300);
    const out = new Float64Array(2);
    S.eval(-1e3, 500, out);
    expect(S.lastTerms + S.lastNodes).toBeLessThan(2000);
  });
});
