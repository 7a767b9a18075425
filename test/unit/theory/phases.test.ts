// Phases and compute-optimal exponents (theory/phases.ts) at points across all seven regions,
// with hand-derived values, plus continuity of η across every boundary (ξ jumps only at IVa/IVb).
//
// Derivations (C = d·r; terms of seed 000: F₀ ≍ d^{−2α+max(0,1−2β)}, F_pp ≍ r^{−(2α+2β−1)/(2α)},
// F_ac ≍ d^{−1} r^{−(1−1/(2α))} for 2α, 2β > 1, K_pp/(γB) ≍ r^{−(2−1/(2α))}):
//  Ia  (F_pp = F₀, 2β < 1): d^{−(2α+2β−1)} = r^{−(2α+2β−1)/(2α)} ⇒ r = d^{2α}, C = d^{2α+1}
//      ⇒ ξ = 1/(2α+1), η = (2α+2β−1)/(2α+1). (0.6, 0.2): η = 0.6/2.2 = 3/11, ξ = 5/11.
//  II  (F_pp = F_ac): r^{−(2α+2β−1)/(2α)} = d^{−1} r^{−(2α−1)/(2α)} ⇒ d = r^{β/α}
//      ⇒ ξ = β/(α+β), η = (2α+2β−1)/(2(α+β)). (1, 0.7): η = 2.4/3.4 = 12/17, ξ = 7/17.
//  III (K_pp/(γB) = F_ac): r^{−(2−1/(2α))} = d^{−1} r^{−(1−1/(2α))} ⇒ d = r = C^{1/2}
//      ⇒ η = (2 − 1/(2α))/2 = 1 − 1/(4α). (0.8, 1.2): η = 1 − 1/3.2 = 11/16, ξ = 1/2.
//  Ib, Ic, IVa, IVb: the seed-000 table (PPXP24 Table 2): Ib η = α+β−1/2, ξ = 1/2;
//      Ic η = −α(2α+2β−1)/(α(2β−3)−2β+1); IVa η = α, ξ = 1/2; IVb η = (1−2α)(2α+2β−1)/(2(2β−2αβ−α)),
//      ξ = (α−β)/(2αβ+α−2β). Worked values: (0.4, 0.3) Ib η = 0.2; (0.2, 0.7) Ic: den = 0.2·(−1.6) − 0.4
//      = −0.72, η = 0.2·0.8/0.72 = 2/9, ξ = (−0.8)/(−1.44) = 5/9; (0.27, 0.9) IVb: η = 0.46·1.34/(2·1.044)
//      = 0.6164/2.088, ξ = −0.63/−1.044; (0.45, 3) IVa η = 0.45.
//  Boundaries: (0.5, 0.7) III/IVa η = 1/2 (both formulas); (0.75, 0.75) II/III η = 2/3;
//      (0.7, 0.5) Ia/II η = 2α/(2α+1) = 7/12, ξ = 5/12.
import { describe, expect, it } from 'vitest';
import { phaseOf, phaseExponents, type PhaseName } from '../../../src-shared/theory/phases';
import { isParamError } from '../../../src-shared/params/errors';

const A0 = 1 - 1 / Math.SQRT2;

describe('phaseOf', () => {
  const cases: [number, number, PhaseName, number, number, PhaseName[]][] = [
    [0.6, 0.2, 'Ia', 3 / 11, 5 / 11, []],
    [1.0, 0.3, 'Ia', 1.6 / 3, 1 / 3, []],
    [2.0, 0.1, 'Ia', 0.64, 0.2, []],
    [0.4, 0.3, 'Ib', 0.2, 0.5, []],
    [0.2, 0.45, 'Ib', 0.15, 0.5, []],
    [0.2, 0.7, 'Ic', 2 / 9, 5 / 9, []],
    [1.0, 0.7, 'II', 12 / 17, 7 / 17, []],
    [0.8, 1.2, 'III', 11 / 16, 0.5, []],
    [0.45, 3.0, 'IVa', 0.45, 0.5, []],
    [0.27, 0.9, 'IVb', 0.6164 / 2.088, 0.63 / 1.044, []],
    [0.5, 0.7, 'III', 0.5, 0.5, ['III', 'IVa']],
    [0.75, 0.75, 'II', 2 / 3, 0.5, ['II', 'III']],
    [0.7, 0.5, 'Ia', 7 / 12, 5 / 12, ['Ia', 'II']],
  ];
  for (const [a, b, ph, eta, xi, bd] of cases) {
    it(`(${a}, ${b}) → ${ph}${bd.length ? ' on ' + bd.join('/') : ''}, η = ${eta.toFixed(6)}`, () => {
      const r = phaseOf(a, b);
      expect(r.phase).toBe(ph);
      expect(r.boundary).toEqual(bd);
      expect(r.eta).toBeCloseTo(eta, 12);
      expect(r.xi).toBeCloseTo(xi, 12);
      expect(r.dominant.length).toBeGreaterThan(1);
    });
  }

  it('η is continuous across every boundary; ξ jumps only across IVa/IVb', () => {
    const h = 1e-7;
    // [point on the boundary, normal direction, the two regions, ξ continuous?]
    const segs: [number, number, number, number, PhaseName, PhaseName, boolean][] = [
      [0.5, 0.3, 1, 0, 'Ib', 'Ia', true],
      [0.5, 0.9, 1, 0, 'IVa', 'III', true],
      [0.8, 0.5, 0, 1, 'Ia', 'II', true],
      [0.45, 0.5, 0, 1, 'Ib', 'IVa', true],
      [0.27, 0.5, 0, 1, 'Ib', 'IVb', true],
      [0.2, 0.5, 0, 1, 'Ib', 'Ic', true],
      [0.9, 0.9, -1, 1, 'II', 'III', true],
      [A0, 0.8, 1, 0, 'IVb', 'IVa', false],
      [A0, 2.0, 1, 0, 'IVb', 'IVa', false],
      [0.25, 0.8, 1, 0, 'Ic', 'IVb', true],
    ];
    for (const [a, b, na, nb, lo, hi, xiCont] of segs) {
      const p = phaseOf(a - h * na, b - h * nb);
      const q = phaseOf(a + h * na, b + h * nb);
      expect([p.phase, q.phase]).toEqual([lo, hi]);
      expect(Math.abs(p.eta - q.eta), `${lo}/${hi} at (${a}, ${b})`).toBeLessThan(1e-5);
      // the formulas of both regions agree exactly on the boundary
      expect(phaseExponents(lo, a, b).eta).toBeCloseTo(phaseExponents(hi, a, b).eta, 12);
      if (xiCont) expect(Math.abs(p.xi - q.xi)).toBeLessThan(1e-5);
      else expect(Math.abs(p.xi - q.xi)).toBeGreaterThan(1e-3);
    }
  });

  it('rejects 2α + 2β ≤ 1 and α ≤ 0 with a ParamError', () => {
    for (const [a, b, param] of [
      [0.2, 0.2, 'beta'],
      [0, 1, 'alpha'],
      [NaN, 1, 'alpha'],
    ] as const) {
      let err: unknown;
      try {
        phaseOf(a, b);
      } catch (e) {
        err = e;
      }
      expect(isParamError(err)).toBe(true);
      expect((err as { param: string }).param).toBe(param);
    }
  });
});
