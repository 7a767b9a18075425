import { describe, expect, it } from 'vitest';
import { Rng, PROBLEM_STREAM } from '../../../src-shared/rng/rng';
import { normalCdf } from './helpers';

describe('Rng (xoshiro128** + ziggurat)', () => {
  it('matches the reference xoshiro128** output for state (1,2,3,4)', () => {
    // reference values from the C implementation by Blackman & Vigna
    const r = new Rng(1, 2, 3, 4);
    expect(Array.from({ length: 8 }, () => r.nextU32())).toEqual([11520, 0, 5927040, 70819200, 2031721883, 1637235492, 1287239034, 3734860849]);
  });

  it('streams are deterministic, distinct per (seed, draw, run), and normal() equals fillNormal()', () => {
    const a = Rng.stream(7, 2, 3).fillNormal(new Float64Array(1000));
    const b = Rng.stream(7, 2, 3).fillNormal(new Float64Array(1000));
    expect(a).toEqual(b);
    const c = Rng.stream(7, 2, 3);
    const singles = Float64Array.from({ length: 1000 }, () => c.normal());
    expect(singles).toEqual(a);
    const keys = [
      [7, 2, 4],
      [7, 3, 3],
      [8, 2, 3],
      [7, 2, PROBLEM_STREAM],
      [2 ** 40 + 7, 2, 3],
    ] as const;
    for (const [s, d, r] of keys) {
      const x = Rng.stream(s, d, r).fillNormal(new Float64Array(1000));
      let corr = 0;
      for (let i = 0; i < 1000; i++) corr += x[i]! * a[i]!;
      // independent streams: correlation of 1000 pairs has sd 1/√1000; 5 sd
      expect(Math.abs(corr / 1000)).toBeLessThan(5 / Math.sqrt(1000));
      expect(x[0]).not.toBe(a[0]);
    }
  });

  it('normals have the N(0,1) law: moments, tails beyond the ziggurat base, KS distance', () => {
    const n = 400_000;
    const x = Rng.stream(123, 0, 0).fillNormal(new Float64Array(n));
    let s1 = 0, s2 = 0, s4 = 0, tail = 0;
    for (const v of x) {
      s1 += v;
      s2 += v * v;
      s4 += v ** 4;
      if (Math.abs(v) > 3.442619855899) tail++;
    }
    expect(Math.abs(s1 / n)).toBeLessThan(5 / Math.sqrt(n)); // sd of the mean 1/√n
    expect(Math.abs(s2 / n - 1)).toBeLessThan(5 * Math.sqrt(2 / n)); // var of x² is 2
    expect(Math.abs(s4 / n - 3)).toBeLessThan(5 * Math.sqrt(96 / n)); // var of x⁴ is 105 − 9 = 96
    const pTail = 2 * (1 - normalCdf(3.442619855899));
    expect(Math.abs(tail / n - pTail)).toBeLessThan(5 * Math.sqrt(pTail / n));
    const s = Float64Array.from(x).sort();
    let ks = 0;
    for (let i = 0; i < n; i += 7) {
      const F = normalCdf(s[i]!);
      ks = Math.max(ks, Math.abs(F - i / n), Math.abs(F - (i + 1) / n));
    }
    // KS critical value at p = 0.001 is 1.95/√n (plus the 1.2e-7 error of the CDF approximation)
    expect(ks).toBeLessThan(1.95 / Math.sqrt(n));
  });

  it('uniform() lies in [0,1) with mean 1/2', () => {
    const r = Rng.stream(1, 0, 0);
    let s = 0;
    let bad = 0;
    for (let i = 0; i < 100_000; i++) {
      const u = r.uniform();
      if (!(u >= 0 && u < 1)) bad++;
      s += u;
    }
    expect(bad).toBe(0);
    expect(Math.abs(s / 1e5 - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / 1e5));
  });
});
